import type { AttributeMapping } from '../../src/generated/index.ts';
import { defineCheck } from '../../src/harness/check.ts';
import type { Exchange } from '../../src/harness/client.ts';
import type { CheckContext } from '../../src/harness/context.ts';
import { parsePath } from '../../src/harness/scim-path.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';
const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** RFC 7643 §7 types, and binary (§2.3.6), which §7's list leaves out; §8.7.2 makes "type" caseExact false. */
const ATTRIBUTE_TYPES = ['string', 'boolean', 'decimal', 'integer', 'datetime', 'reference', 'complex', 'binary'];
/** RFC 7643 §7's keywords; §8.7.2 makes these caseExact true. */
const CHARACTERISTICS = {
  mutability: ['readOnly', 'readWrite', 'immutable', 'writeOnly'],
  returned: ['always', 'never', 'default', 'request'],
  uniqueness: ['none', 'server', 'global'],
} as const;

function groupsProvisioned(ctx: CheckContext): boolean {
  return !!ctx.profile.groups && ctx.profile.groups.enabled !== false;
}

async function fetchList(ctx: CheckContext, path: string): Promise<{ exchange: Exchange; resources: Array<Record<string, unknown>> }> {
  const exchange = await ctx.client.get(path);
  const body = ctx.expectStatus(exchange, [200], `200 from GET ${path}`);
  const resources = Array.isArray(body) ? body : (body as { Resources?: unknown } | undefined)?.Resources;
  if (!Array.isArray(resources))
    return ctx.fail({ expected: 'a ListResponse with Resources', got: JSON.stringify(body).slice(0, 200), exchange });
  return { exchange, resources: resources as Array<Record<string, unknown>> };
}

/** Names /Schemas lists for a schema, flattened the way Entra's mapping paths read (name.givenName, emails.value). */
function listedNames(schema: Record<string, unknown> | undefined): Set<string> {
  const names = new Set<string>();
  const walk = (attributes: unknown, prefix: string) => {
    if (!Array.isArray(attributes)) return;
    for (const a of attributes as Array<{ name?: unknown; subAttributes?: unknown }>) {
      if (typeof a?.name !== 'string') continue;
      const name = `${prefix}${a.name}`.toLowerCase();
      names.add(name);
      walk(a.subAttributes, `${name}.`);
    }
  };
  walk(schema?.attributes, '');
  return names;
}

function schemaFor(attribute: AttributeMapping, core: string): { urn: string; name: string } {
  const p = parsePath(attribute.path);
  return {
    urn: (p.urn ?? core).toLowerCase(),
    name: `${p.attribute}${p.subAttribute ? `.${p.subAttribute}` : p.filter ? '.value' : ''}`.toLowerCase(),
  };
}

/** Missing attributes grouped by schema, the list capped so that a whole missing extension stays readable. */
function describeMissing(missing: Array<{ urn: string; name: string }>): string {
  const bySchema = new Map<string, string[]>();
  for (const m of missing) bySchema.set(m.urn, [...(bySchema.get(m.urn) ?? []), m.name]);
  return [...bySchema]
    .map(
      ([urn, names]) =>
        `${names.length} missing from ${schemaLabel(urn)}: ${names.slice(0, 8).join(', ')}${names.length > 8 ? `, … (${names.length - 8} more)` : ''}`,
    )
    .join('; ');
}

function schemaLabel(urn: string): string {
  return urn === USER.toLowerCase() ? 'the core User schema' : urn === GROUP.toLowerCase() ? 'the Group schema' : urn;
}

function sameId(value: unknown, id: string): boolean {
  return typeof value === 'string' && value.toLowerCase() === id.toLowerCase();
}

/** The ids a discovery list carries (resource types may have none: RFC 7643 §6 makes id optional). */
function listedIds(resources: Array<Record<string, unknown>>): string[] {
  return resources.map((r) => r.id).filter((id): id is string => typeof id === 'string' && id !== '');
}

/** A path segment for an id, with the colons of a schema URI kept as RFC 7644 §4 writes them (/Schemas/urn:...:User). */
function segment(id: string): string {
  return encodeURIComponent(id).replace(/%3A/gi, ':');
}

/** Why the answer to GET /{endpoint}/{id} is not that one resource, or undefined when it is. */
function notTheOne(body: unknown, id: string): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return `a body that is not one JSON object: ${String(JSON.stringify(body)).slice(0, 120)}`;
  const b = body as Record<string, unknown>;
  const isList = 'Resources' in b || (Array.isArray(b.schemas) && b.schemas.some((s) => sameId(s, LIST_RESPONSE)));
  if (isList) return `a ListResponse (totalResults ${JSON.stringify(b.totalResults)}) instead of the one resource`;
  return sameId(b.id, id) ? undefined : `a resource with id ${JSON.stringify(b.id)}`;
}

/** Reads each listed id back one by one; fails on the first answer that is not that one resource. */
async function expectEachById(ctx: CheckContext, endpoint: string, ids: string[], what: string): Promise<void> {
  for (const id of ids) {
    const exchange = await ctx.client.get(`/${endpoint}/${segment(id)}`);
    const body = ctx.expectStatus(exchange, [200], `200 with the ${what} ${id}, which GET /${endpoint} lists`);
    const wrong = notTheOne(body, id);
    if (wrong)
      ctx.fail({
        expected: `the single ${what} ${id} as its own JSON object, the way a single User is returned (RFC 7644 §4)`,
        got: wrong,
        exchange,
      });
  }
}

function capped(items: string[], limit = 8): string {
  return `${items.slice(0, limit).join('; ')}${items.length > limit ? `; … (${items.length - limit} more)` : ''}`;
}

/** Attribute definitions whose type, mutability, returned or uniqueness is not an RFC 7643 §7 value, or that have sub-attributes without being complex. */
function attributeProblems(attributes: unknown, prefix: string): string[] {
  if (!Array.isArray(attributes)) return [];
  return attributes.flatMap((a: unknown) => {
    if (!a || typeof a !== 'object') return []; // the shape of a definition is discovery.schemas' to judge
    const definition = a as Record<string, unknown>;
    const path = `${prefix}${typeof definition.name === 'string' ? definition.name : '(no name)'}`;
    const type = definition.type ?? 'string'; // RFC 7643 §2.2: string when not said
    const problems: string[] = [];
    if (typeof type !== 'string' || !ATTRIBUTE_TYPES.includes(type.toLowerCase())) problems.push(`${path} type ${JSON.stringify(type)}`);
    for (const [key, allowed] of Object.entries(CHARACTERISTICS)) {
      const value = definition[key];
      if (value !== undefined && value !== null && !(allowed as readonly unknown[]).includes(value))
        problems.push(`${path} ${key} ${JSON.stringify(value)}`);
    }
    const subAttributes = Array.isArray(definition.subAttributes) ? definition.subAttributes : [];
    const complex = String(type).toLowerCase() === 'complex';
    if (subAttributes.length && !complex) problems.push(`${path} has subAttributes but type ${JSON.stringify(type)}, not complex`);
    return [...problems, ...attributeProblems(subAttributes, `${path}.`)];
  });
}

export default [
  defineCheck({
    id: 'discovery.service-provider-config',
    title: 'GET /ServiceProviderConfig answers a valid ServiceProviderConfig',
    area: 'discovery',
    feature: 'service provider config',
    level: 'SHOULD',
    evidence: ['rfc7643.5.service-provider-config', 'rfc7644.4.discovery'],
    mutates: false,
    fix: 'Serve /ServiceProviderConfig with the blocks RFC 7643 §5 requires (patch, bulk, filter, changePassword, sort, etag, authenticationSchemes); Entra does not read it, but other clients and validators do.',
    async run(ctx) {
      const exchange = await ctx.client.get('/ServiceProviderConfig');
      const body = ctx.expectStatus(exchange, [200], '200 with the ServiceProviderConfig');
      ctx.expectSchema('ServiceProviderConfig', body, exchange, 'the ServiceProviderConfig');
    },
  }),
  defineCheck({
    id: 'discovery.entra-capabilities',
    title: 'The ServiceProviderConfig declares PATCH and filter supported, which Entra needs',
    area: 'discovery',
    feature: 'service provider config',
    level: 'SHOULD',
    evidence: ['rfc7643.5.service-provider-config', 'entra.needs-patch-and-filter'],
    mutates: false,
    fix: 'Declare "patch": {"supported": true} and "filter": {"supported": true, "maxResults": ...}: Entra cannot provision without them, and the suite tests them whatever the declaration says.',
    async run(ctx) {
      const exchange = await ctx.client.get('/ServiceProviderConfig');
      const body = ctx.expectStatus(exchange, [200], '200 with the ServiceProviderConfig') as Record<
        string,
        { supported?: unknown } | undefined
      >;
      const missing = (['patch', 'filter'] as const).filter((f) => body?.[f]?.supported !== true);
      if (missing.length)
        ctx.fail({
          expected: 'patch.supported and filter.supported true',
          got: missing.map((f) => `${f}.supported ${JSON.stringify(body?.[f]?.supported)}`).join(', '),
          exchange,
        });
    },
  }),
  defineCheck({
    id: 'discovery.resource-types',
    title: 'GET /ResourceTypes lists valid resource types for User (and Group when groups are provisioned)',
    area: 'discovery',
    feature: 'resource types',
    level: 'SHOULD',
    evidence: ['rfc7643.6.resource-type', 'rfc7644.4.discovery'],
    mutates: false,
    fix: 'Serve /ResourceTypes as a ListResponse with one ResourceType per endpoint (name, endpoint, schema, schemaExtensions).',
    async run(ctx) {
      const { exchange, resources } = await fetchList(ctx, '/ResourceTypes');
      for (const [i, type] of resources.entries()) ctx.expectSchema('ResourceType', type, exchange, `Resources[${i}]`);
      const schemas = resources.map((r) => String(r.schema).toLowerCase());
      const wanted = [USER, ...(groupsProvisioned(ctx) ? [GROUP] : [])].filter((s) => !schemas.includes(s.toLowerCase()));
      if (wanted.length)
        ctx.fail({ expected: `resource types for ${wanted.join(' and ')}`, got: `schemas ${JSON.stringify(schemas)}`, exchange });
    },
  }),
  defineCheck({
    id: 'discovery.schemas',
    title: 'GET /Schemas lists valid schemas, including Group when groups are provisioned',
    area: 'discovery',
    feature: 'schemas',
    level: 'SHOULD',
    evidence: ['rfc7643.7.schema-definition', 'entra.gallery.group-schema'],
    mutates: false,
    covers: ['Gallery: /Schemas has a Group schema when groups are provisioned'],
    fix: 'Serve /Schemas as a ListResponse with the core User schema, the Group schema when you provision groups, and every extension you support.',
    async run(ctx) {
      const { exchange, resources } = await fetchList(ctx, '/Schemas');
      for (const [i, schema] of resources.entries()) ctx.expectSchema('ScimSchema', schema, exchange, `Resources[${i}]`);
      const ids = resources.map((r) => String(r.id).toLowerCase());
      const wanted = [USER, ...(groupsProvisioned(ctx) ? [GROUP] : [])].filter((s) => !ids.includes(s.toLowerCase()));
      if (wanted.length) ctx.fail({ expected: `schemas ${wanted.join(' and ')}`, got: `ids ${JSON.stringify(ids)}`, exchange });
    },
  }),
  defineCheck({
    id: 'discovery.schemas.mapped-attributes',
    title: 'GET /Schemas lists every attribute the profile maps',
    area: 'discovery',
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
    id: 'discovery.resource-types.by-id',
    title: 'GET /ResourceTypes/{id} answers that one resource type for each id /ResourceTypes lists',
    area: 'discovery',
    feature: 'resource types',
    level: 'SHOULD',
    evidence: ['rfc7644.4.discovery', 'rfc7643.6.resource-type'],
    mutates: false,
    chain: 3,
    fix: 'Serve GET /ResourceTypes/{id} with that single ResourceType (its id, name, endpoint, schema), not a ListResponse, for every id /ResourceTypes lists.',
    async run(ctx) {
      const { resources } = await fetchList(ctx, '/ResourceTypes');
      const ids = listedIds(resources);
      if (!ids.length) return ctx.note('No resource type carries an id (RFC 7643 §6 makes it optional): there is nothing to read by id.');
      await expectEachById(ctx, 'ResourceTypes', ids, 'resource type');
    },
  }),
  defineCheck({
    id: 'discovery.resource-types.unknown-id',
    title: 'GET /ResourceTypes/{id} of an unknown id answers 404',
    area: 'discovery',
    feature: 'resource types',
    level: 'SHOULD',
    evidence: ['rfc7644.3.12.errors', 'rfc7644.4.discovery'],
    mutates: false,
    chain: 1,
    fix: 'Answer 404 with a SCIM Error to GET /ResourceTypes/{id} when no resource type has that id, not 200 with an empty list or another resource type.',
    async run(ctx) {
      const id = `${ctx.values.prefix}-no-such-resource-type`;
      const exchange = await ctx.client.get(`/ResourceTypes/${segment(id)}`);
      ctx.expectStatus(
        exchange,
        [404],
        `404 for the resource type id ${id}, which the target does not have (RFC 7644 §3.12: the resource does not exist)`,
      );
    },
  }),
  defineCheck({
    id: 'discovery.schemas.self-described',
    title: 'Each resource under /Schemas carries its id (the schema URI) and schemas naming the Schema schema',
    area: 'discovery',
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
    area: 'discovery',
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
    area: 'discovery',
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
      const served = new Set(listed.map((id) => id.toLowerCase()));
      const unserved = types.resources.flatMap((type) => {
        const extensions = Array.isArray(type.schemaExtensions)
          ? (type.schemaExtensions as Array<{ schema?: unknown }>).map((e) => e?.schema)
          : [];
        const named = [type.schema, ...extensions].filter((urn): urn is string => typeof urn === 'string');
        return named.filter((urn) => !served.has(urn.toLowerCase())).map((urn) => `${String(type.name ?? type.id)} names ${urn}`);
      });
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
    area: 'discovery',
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
