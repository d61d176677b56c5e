// Chapter 5 of the interoperability profile (draft-zollner-scim-interop-profile-01): the data model. Discovery that
// tells the truth (5.1), letter case as RFC 7643 defines it (5.2), nothing accepted that the server does not define
// (5.3), and the types of typed values declared (5.4).
import { randomUUID } from 'node:crypto';
import { eqFilter, property, swapCase } from '../../src/kit/index.ts';
import { capped, fetchList, groupsProvisioned, listedIds, unservedSchemas } from '../shared/discovery.ts';
import { COLLIDES, CORE_GROUP, CORE_USER, coreGroup, expectError, groupUrl, interopCheck, patchBody, userUrl } from '../shared/interop.ts';

/** A name no SCIM schema defines, for the requests the strict handling of §5.3 must refuse. */
const UNDEFINED_ATTRIBUTE = 'scimConformanceUndefined';
const UNDEFINED_SCHEMA = 'urn:ietf:params:scim:schemas:extension:scimconformance:2.0:Undefined';

/** Attributes every resource has that RFC 7643 §3.1 keeps out of the schema documents. */
const COMMON = new Set(['schemas', 'id', 'externalid', 'meta']);

type Json = Record<string, unknown>;

const STRICT_CREATE_FIX = `Refuse a POST holding an attribute none of your schemas defines with 400 and scimType "invalidSyntax", instead of storing or dropping it. ${COLLIDES.strictSchema}`;
const STRICT_SCHEMA_FIX = `Refuse a POST whose schemas lists a URI that is not one of your resource type's schemas with 400 and scimType "invalidSyntax". ${COLLIDES.strictSchema}`;
const STRICT_PATCH_FIX = `Refuse a PATCH operation whose path names an attribute none of your schemas defines with 400 and scimType "invalidSyntax", and change nothing. ${COLLIDES.strictSchema}`;

/** Attribute names a schema document describes, lower-cased and dotted for sub-attributes (name.givenname). */
function described(schema: Json | undefined): Set<string> {
  const names = new Set<string>();
  const walk = (attributes: unknown, prefix: string) => {
    if (!Array.isArray(attributes)) return;
    for (const a of attributes) {
      const name = property(a, 'name');
      if (typeof name !== 'string') continue;
      names.add(`${prefix}${name.toLowerCase()}`);
      walk(property(a, 'subAttributes'), `${prefix}${name.toLowerCase()}.`);
    }
  };
  walk(schema?.attributes, '');
  return names;
}

/** The attribute paths a resource holds (top level and one level of sub-attributes), as `path` under `schema`. */
function held(resource: Json, core: string): Array<{ schema: string; path: string }> {
  const out: Array<{ schema: string; path: string }> = [];
  const add = (schema: string, name: string, value: unknown) => {
    out.push({ schema, path: name });
    const elements = Array.isArray(value) ? value : [value];
    const subs = new Set(elements.flatMap((e) => (e && typeof e === 'object' && !Array.isArray(e) ? Object.keys(e) : [])));
    for (const sub of subs) out.push({ schema, path: `${name}.${sub}` });
  };
  for (const [key, value] of Object.entries(resource)) {
    if (COMMON.has(key.toLowerCase())) continue;
    if (/^urn:/i.test(key) && value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [name, inner] of Object.entries(value)) add(key, name, inner);
    } else add(core, key, value);
  }
  return out;
}

export default [
  // 5.1 Discovery Endpoints
  interopCheck({
    id: 'interop.5.1.discovery-endpoints',
    title: '/ServiceProviderConfig, /Schemas and /ResourceTypes are all served',
    feature: 'service provider config',
    level: 'MUST',
    evidence: ['interop.5.1.discovery-endpoints'],
    mutates: false,
    chain: 1,
    fix: 'Serve GET /ServiceProviderConfig (one object), /Schemas and /ResourceTypes (ListResponses of what you implement), as RFC 7644 §4 describes them.',
    async run(ctx) {
      const spc = await ctx.client.get('/ServiceProviderConfig');
      ctx.expect.schema('ServiceProviderConfig', ctx.expect.status(spc, [200], '200 from GET /ServiceProviderConfig'), spc, 'the body');
      for (const path of ['/Schemas', '/ResourceTypes']) {
        const { exchange, resources } = await fetchList(ctx, path);
        if (!resources.length) ctx.fail({ expected: `GET ${path} listing what the service implements`, got: 'no Resources', exchange });
      }
    },
  }),
  interopCheck({
    id: 'interop.5.1.resource-type-id-is-name',
    title: 'Every resource type has an id, equal to its name',
    feature: 'resource types',
    level: 'MUST',
    evidence: ['interop.5.1.resource-type-id'],
    mutates: false,
    chain: 1,
    fix: 'Give every resource type under /ResourceTypes an "id" equal to its "name" ("id": "User", "name": "User").',
    async run(ctx) {
      const { exchange, resources } = await fetchList(ctx, '/ResourceTypes');
      const wrong = resources
        .filter((r) => typeof r.id !== 'string' || r.id !== r.name)
        .map((r) => `name ${JSON.stringify(r.name)} with id ${JSON.stringify(r.id)}`);
      if (wrong.length) ctx.fail({ expected: 'every resource type with an id equal to its name', got: capped(wrong), exchange });
    },
  }),
  interopCheck({
    id: 'interop.5.1.resource-type-schemas-served',
    title: 'Every schema a resource type names is listed by /Schemas',
    feature: 'schemas',
    level: 'MUST',
    evidence: ['interop.5.1.resource-type-schemas'],
    mutates: false,
    chain: 2,
    fix: 'List under /Schemas every schema your resource types name (schema and schemaExtensions), or stop naming those you do not implement.',
    async run(ctx) {
      const types = await fetchList(ctx, '/ResourceTypes');
      const schemas = await fetchList(ctx, '/Schemas');
      const listed = listedIds(schemas.resources);
      const unserved = unservedSchemas(types.resources, listed);
      if (unserved.length)
        ctx.fail({
          expected: 'every schema /ResourceTypes names listed by /Schemas',
          got: `${capped(unserved)}; /Schemas lists ${JSON.stringify(listed)}`,
          exchange: schemas.exchange,
          cause: types.exchange,
        });
    },
  }),
  interopCheck({
    id: 'interop.5.1.schemas-describe-resources',
    title: 'Every attribute a created user (and group) comes back with is described by /Schemas',
    feature: 'schemas',
    level: 'MUST',
    evidence: ['interop.5.1.schemas-accurate'],
    mutates: true,
    chain: 5,
    fix: 'Describe under /Schemas every attribute (and sub-attribute) you store and return, under the schema it belongs to; /Schemas must match exactly what the service implements.',
    async run(ctx) {
      const { exchange: schemasExchange, resources } = await fetchList(ctx, '/Schemas');
      const byId = new Map(resources.map((s) => [String(s.id).toLowerCase(), s]));
      const { id } = await ctx.require.user();
      const reads = [{ core: CORE_USER, exchange: await ctx.client.get(userUrl(id)) }];
      if (groupsProvisioned(ctx)) {
        const group = await coreGroup(ctx);
        reads.push({ core: CORE_GROUP, exchange: await ctx.client.get(groupUrl(group.id)) });
      }
      for (const { core, exchange } of reads) {
        const resource = ctx.expect.status(exchange, [200], '200 with the resource') as Json;
        const missing = held(resource, core)
          .filter(({ schema, path }) => !described(byId.get(schema.toLowerCase())).has(path.toLowerCase()))
          .map(({ schema, path }) => `${path}${schema === core ? '' : ` (under ${schema})`}`);
        if (missing.length)
          ctx.fail({
            expected: `every attribute of the resource described by /Schemas (${core === CORE_USER ? 'User' : 'Group'})`,
            got: `not described: ${capped(missing)}`,
            exchange,
            cause: schemasExchange,
          });
      }
    },
  }),
  // 5.2 Case Sensitivity
  interopCheck({
    id: 'interop.5.2.username-case',
    title: 'userName is not case-exact in filters and in uniqueness alike',
    feature: 'filter',
    level: 'MUST',
    evidence: ['interop.5.2.consistent-case'],
    requires: ['filter'],
    mutates: true,
    chain: 3,
    fix: 'Compare userName ignoring letter case everywhere: a filter userName eq "JSmith" finds jsmith, and creating JSmith while jsmith exists answers 409 uniqueness.',
    async run(ctx) {
      const { draft, id } = await ctx.require.user();
      const userName = swapCase(String(draft.body.userName));
      const found = await ctx.client.get('/Users', { filter: eqFilter('userName', userName) });
      ctx.expect.exactlyOne(ctx.expect.listResponse(found, '200 with the user'), id, found, 'the user, found in another letter case:');
      const second = ctx.fixtures.draftUser();
      second.body.userName = userName;
      const { exchange } = await ctx.fixtures.postUser(second.body);
      expectError(
        ctx,
        exchange,
        409,
        'uniqueness',
        `a userName that differs only in case from an existing one (${String(draft.body.userName)}) is the same userName`,
        'Check uniqueness of userName ignoring letter case, the same way the filter compares it (§5.2).',
      );
    },
  }),
  interopCheck({
    id: 'interop.5.2.id-case-exact',
    title: 'id is case-exact: the id in another letter case names no resource',
    feature: 'read',
    level: 'MUST',
    evidence: ['interop.5.2.case-exact-ids'],
    mutates: true,
    chain: 3,
    fix: 'Compare ids exactly, letter case included: /Users/ABC-123 is not /Users/abc-123, and a filter id eq "ABC-123" does not find abc-123.',
    async run(ctx) {
      const { id } = await ctx.require.user();
      const other = swapCase(id);
      if (other === id) return ctx.note(`the id ${id} has no letters to change the case of; nothing to test`);
      const read = await ctx.client.get(userUrl(other));
      ctx.expect.status(read, [404, 400], `404 for ${other}, the id ${id} in another letter case`);
      const found = await ctx.client.get('/Users', { filter: eqFilter('id', other) });
      const list = ctx.expect.listResponse(found, '200 with no user');
      if (list.resources.some((r) => r.id === id))
        ctx.fail({ expected: `no user for id eq "${other}"`, got: `the user ${id}`, exchange: found });
    },
  }),
  interopCheck({
    id: 'interop.5.2.externalid-case-exact',
    title: 'externalId is case-exact: a filter in another letter case does not find the user',
    feature: 'filter',
    level: 'MUST',
    evidence: ['interop.5.2.case-exact-ids'],
    requires: ['filter'],
    mutates: true,
    chain: 3,
    fix: 'Compare externalId exactly, letter case included, in filters (RFC 7643 §3.1 makes it caseExact): the client owns its values, and Ab-1 and ab-1 are two of them.',
    async run(ctx) {
      const externalId = `${ctx.values.prefix}-Ext-${randomUUID().slice(0, 8)}`;
      const { id } = await ctx.require.user({
        adjust: (body) => {
          body.externalId = externalId;
        },
      });
      const exact = await ctx.client.get('/Users', { filter: eqFilter('externalId', externalId) });
      ctx.expect.exactlyOne(ctx.expect.listResponse(exact, '200 with the user'), id, exact, 'the user by its externalId:');
      const other = swapCase(externalId);
      const found = await ctx.client.get('/Users', { filter: eqFilter('externalId', other) });
      const list = ctx.expect.listResponse(found, '200 with no user');
      if (list.resources.some((r) => r.id === id))
        ctx.fail({
          expected: `no user for externalId eq "${other}" (the user's is ${externalId})`,
          got: `the user ${id}`,
          exchange: found,
        });
    },
  }),
  // 5.3 Attribute and Schema Handling
  interopCheck({
    id: 'interop.5.3.create-undefined-attribute',
    title: 'A create with an attribute the server does not define is refused with 400 invalidSyntax',
    feature: 'create',
    level: 'MUST',
    evidence: ['interop.5.3.strict-schema'],
    mutates: true,
    chain: 1,
    fix: STRICT_CREATE_FIX,
    async run(ctx) {
      const draft = ctx.fixtures.draftUser();
      draft.body[UNDEFINED_ATTRIBUTE] = 'not defined by any schema';
      const { exchange } = await ctx.fixtures.postUser(draft.body);
      expectError(
        ctx,
        exchange,
        400,
        'invalidSyntax',
        `the create carries ${UNDEFINED_ATTRIBUTE}, which no schema defines`,
        STRICT_CREATE_FIX,
      );
    },
  }),
  interopCheck({
    id: 'interop.5.3.create-undefined-schema',
    title: 'A create listing a schema URI the server does not define is refused with 400 invalidSyntax',
    feature: 'create',
    level: 'MUST',
    evidence: ['interop.5.3.strict-schema'],
    mutates: true,
    chain: 1,
    fix: STRICT_SCHEMA_FIX,
    async run(ctx) {
      const draft = ctx.fixtures.draftUser();
      draft.body.schemas = [...(draft.body.schemas as string[]), UNDEFINED_SCHEMA];
      const { exchange } = await ctx.fixtures.postUser(draft.body);
      expectError(
        ctx,
        exchange,
        400,
        'invalidSyntax',
        `schemas lists ${UNDEFINED_SCHEMA}, which the server does not define`,
        STRICT_SCHEMA_FIX,
      );
    },
  }),
  interopCheck({
    id: 'interop.5.3.patch-undefined-attribute',
    title: 'A PATCH naming an attribute the server does not define is refused with 400 invalidSyntax',
    feature: 'update',
    level: 'MUST',
    evidence: ['interop.5.3.strict-schema'],
    requires: ['patch'],
    mutates: true,
    chain: 3,
    fix: STRICT_PATCH_FIX,
    async run(ctx) {
      const { id } = await ctx.require.user();
      const exchange = await ctx.client.patch(userUrl(id), patchBody({ op: 'add', path: UNDEFINED_ATTRIBUTE, value: 'x' }));
      expectError(
        ctx,
        exchange,
        400,
        'invalidSyntax',
        `the operation's path is ${UNDEFINED_ATTRIBUTE}, which no schema defines`,
        STRICT_PATCH_FIX,
      );
    },
  }),
  // 5.4 Canonical Values for Typed Attributes
  interopCheck({
    id: 'interop.5.4.canonical-types',
    title: 'Every multi-valued attribute with a type sub-attribute declares its types as canonicalValues',
    feature: 'schemas',
    level: 'MUST',
    evidence: ['interop.5.4.canonical-types'],
    mutates: false,
    chain: 1,
    fix: 'Give the type sub-attribute of every multi-valued complex attribute (emails, phoneNumbers, ims, photos, addresses, ...) the types you accept as canonicalValues in /Schemas.',
    async run(ctx) {
      const { exchange, resources } = await fetchList(ctx, '/Schemas');
      const undeclared = resources.flatMap((schema) =>
        (Array.isArray(schema.attributes) ? schema.attributes : []).flatMap((a: unknown) => {
          const type = (property(a, 'subAttributes') as unknown[] | undefined)?.find?.((s) => property(s, 'name') === 'type');
          if (property(a, 'multiValued') !== true || type === undefined) return [];
          const values = property(type, 'canonicalValues');
          const declared = Array.isArray(values) && values.length > 0 && values.every((v) => typeof v === 'string');
          return declared ? [] : [`${String(property(a, 'name'))}.type (${String(schema.id)}): canonicalValues ${JSON.stringify(values)}`];
        }),
      );
      if (undeclared.length) ctx.fail({ expected: 'canonicalValues on every such type sub-attribute', got: capped(undeclared), exchange });
    },
  }),
];
