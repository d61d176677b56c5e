import { defineCheck } from '../../src/kit/index.ts';
import {
  USER,
  GROUP,
  SCHEMA,
  groupsProvisioned,
  fetchList,
  listedNames,
  schemaFor,
  describeMissing,
  sameId,
  listedIds,
  expectEachById,
  capped,
  attributeProblems,
  unservedSchemas,
} from '../shared/discovery.ts';

export default [
  defineCheck({
    id: 'discovery.schemas',
    title: 'GET /Schemas lists valid schemas, including Group when groups are provisioned',
    feature: 'schemas',
    level: 'SHOULD',
    evidence: ['rfc7643.7.schema-definition', 'entra.gallery.group-schema'],
    mutates: false,
    covers: ['Gallery: /Schemas has a Group schema when groups are provisioned'],
    fix: 'Serve /Schemas as a ListResponse with the core User schema, the Group schema when you provision groups, and every extension you support.',
    async run(ctx) {
      const { exchange, resources } = await fetchList(ctx, '/Schemas');
      for (const [i, schema] of resources.entries()) ctx.expect.schema('ScimSchema', schema, exchange, `Resources[${i}]`);
      const ids = resources.map((r) => String(r.id).toLowerCase());
      const wanted = [USER, ...(groupsProvisioned(ctx) ? [GROUP] : [])].filter((s) => !ids.includes(s.toLowerCase()));
      if (wanted.length) ctx.fail({ expected: `schemas ${wanted.join(' and ')}`, got: `ids ${JSON.stringify(ids)}`, exchange });
    },
  }),
  defineCheck({
    id: 'discovery.schemas.mapped-attributes',
    title: 'GET /Schemas lists every attribute the profile maps',
    feature: 'schemas',
    level: 'SHOULD',
    evidence: ['entra.gallery.schemas-list-mapped'],
    mutates: false,
    covers: ['Gallery: /Schemas lists every mapped attribute'],
    fix: 'Describe every attribute you accept from Entra in /Schemas, including extension attributes under their extension schema (e.g. the enterprise extension for department, manager).',
    async run(ctx) {
      const { exchange, resources } = await fetchList(ctx, '/Schemas');
      const byId = new Map(resources.map((r) => [String(r.id).toLowerCase(), r]));
      const mapped = [
        ...ctx.profile.users.attributes.map((a) => schemaFor(a, USER)),
        ...(groupsProvisioned(ctx) ? (ctx.profile.groups?.attributes ?? []).map((a) => schemaFor(a, GROUP)) : []),
      ];
      const missing = mapped.filter((m) => {
        if (m.name === 'externalid') return false; // a common attribute (RFC 7643 §3.1), often not listed per schema
        return !listedNames(byId.get(m.urn)).has(m.name);
      });
      if (missing.length) ctx.fail({ expected: 'every mapped attribute described in /Schemas', got: describeMissing(missing), exchange });
    },
  }),
  defineCheck({
    id: 'discovery.schemas.self-described',
    title: 'Each resource under /Schemas carries its id (the schema URI) and schemas naming the Schema schema',
    feature: 'schemas',
    level: 'SHOULD',
    evidence: ['rfc7643.7.schema-definition', 'rfc7643.3.schemas'],
    mutates: false,
    chain: 1,
    fix: `Give every schema resource its URI as "id" (RFC 7643 §7: REQUIRED) and "schemas": ["${SCHEMA}"] (RFC 7643 §3: every resource carries schemas; the examples in §8.7 leave it out, but clients that read resources generically need it).`,
    async run(ctx) {
      const { exchange, resources } = await fetchList(ctx, '/Schemas');
      const problems = resources.flatMap((r, i) => {
        const hasId = typeof r.id === 'string' && r.id !== '';
        const hasSchemas = Array.isArray(r.schemas) && r.schemas.some((s) => sameId(s, SCHEMA));
        const missing = [
          ...(hasId ? [] : [r.id === undefined ? 'no id' : `id ${JSON.stringify(r.id)}`]),
          ...(hasSchemas ? [] : [r.schemas === undefined ? 'no schemas' : `schemas ${JSON.stringify(r.schemas)}`]),
        ];
        return missing.length ? [`${typeof r.id === 'string' ? r.id : `Resources[${i}]`}: ${missing.join(', ')}`] : [];
      });
      if (problems.length)
        ctx.fail({
          expected: `every schema resource with its URI as id and schemas containing ${SCHEMA}`,
          got: capped(problems),
          exchange,
        });
    },
  }),
  defineCheck({
    id: 'discovery.schemas.by-id',
    title: 'GET /Schemas/{id} answers that one schema for each schema /Schemas lists',
    feature: 'schemas',
    level: 'SHOULD',
    evidence: ['rfc7644.4.discovery'],
    mutates: false,
    chain: 4,
    fix: 'Serve GET /Schemas/{schema URI} (e.g. /Schemas/urn:ietf:params:scim:schemas:core:2.0:User) with that single schema, not a ListResponse.',
    async run(ctx) {
      const { resources } = await fetchList(ctx, '/Schemas');
      await expectEachById(ctx, 'Schemas', listedIds(resources), 'schema');
    },
  }),
  defineCheck({
    id: 'discovery.schemas.resource-type-schemas-served',
    title: 'Every schema a resource type names (schema and schemaExtensions) is served by /Schemas',
    feature: 'schemas',
    level: 'SHOULD',
    evidence: ['rfc7643.6.resource-type'],
    mutates: false,
    chain: 2,
    fix: 'Serve under /Schemas every schema your resource types name, core and extensions alike (RFC 7643 §6: each MUST equal the id of a Schema resource), or stop naming the ones you do not support.',
    async run(ctx) {
      const types = await fetchList(ctx, '/ResourceTypes');
      const schemas = await fetchList(ctx, '/Schemas');
      const listed = listedIds(schemas.resources);
      const unserved = unservedSchemas(types.resources, listed);
      if (unserved.length) {
        const got = `${capped(unserved)}; /Schemas lists ${JSON.stringify(listed)}`;
        ctx.fail({
          expected: 'every schema named by /ResourceTypes served by /Schemas',
          got,
          exchange: schemas.exchange,
          cause: types.exchange,
        });
      }
    },
  }),
  defineCheck({
    id: 'discovery.schemas.attribute-types',
    title: 'Attribute definitions under /Schemas use the types and characteristics RFC 7643 defines',
    feature: 'schemas',
    level: 'SHOULD',
    evidence: ['rfc7643.7.schema-definition', 'rfc7643.2.3.data-types'],
    mutates: false,
    chain: 1,
    fix: 'Type every attribute string, boolean, decimal, integer, dateTime, reference, binary or complex; write mutability, returned and uniqueness with the keywords of RFC 7643 §7 (readWrite, default, none, ...); give subAttributes only to complex attributes.',
    async run(ctx) {
      const { exchange, resources } = await fetchList(ctx, '/Schemas');
      const problems = resources.flatMap((r) => {
        const found = attributeProblems(r.attributes, '');
        const more = found.length > 6 ? `, … (${found.length - 6} more)` : '';
        return found.length ? [`${typeof r.id === 'string' ? r.id : 'a schema without id'}: ${found.slice(0, 6).join(', ')}${more}`] : [];
      });
      if (problems.length)
        ctx.fail({ expected: 'attribute definitions with RFC 7643 §7 types and characteristics', got: problems.join('; '), exchange });
    },
  }),
];
