import type { AttributeMapping } from '../../src/generated/index.ts';
import { defineCheck } from '../../src/harness/check.ts';
import type { Exchange } from '../../src/harness/client.ts';
import type { CheckContext } from '../../src/harness/context.ts';
import { parsePath } from '../../src/harness/scim-path.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

function groupsProvisioned(ctx: CheckContext): boolean {
  return !!ctx.profile.groups && ctx.profile.groups.enabled !== false;
}

async function fetchList(ctx: CheckContext, path: string): Promise<{ exchange: Exchange; resources: Array<Record<string, unknown>> }> {
  const exchange = await ctx.client.get(path);
  const body = ctx.expectStatus(exchange, [200], `200 from GET ${path}`);
  const resources = Array.isArray(body) ? body : (body as { Resources?: unknown } | undefined)?.Resources;
  if (!Array.isArray(resources)) return ctx.fail({ expected: 'a ListResponse with Resources', got: JSON.stringify(body).slice(0, 200), exchange });
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
  return { urn: (p.urn ?? core).toLowerCase(), name: `${p.attribute}${p.subAttribute ? `.${p.subAttribute}` : p.filter ? '.value' : ''}`.toLowerCase() };
}

/** Missing attributes grouped by schema, the list capped so that a whole missing extension stays readable. */
function describeMissing(missing: Array<{ urn: string; name: string }>): string {
  const bySchema = new Map<string, string[]>();
  for (const m of missing) bySchema.set(m.urn, [...(bySchema.get(m.urn) ?? []), m.name]);
  return [...bySchema]
    .map(([urn, names]) => `${names.length} missing from ${schemaLabel(urn)}: ${names.slice(0, 8).join(', ')}${names.length > 8 ? `, … (${names.length - 8} more)` : ''}`)
    .join('; ');
}

function schemaLabel(urn: string): string {
  return urn === USER.toLowerCase() ? 'the core User schema' : urn === GROUP.toLowerCase() ? 'the Group schema' : urn;
}

export default [
  defineCheck({
    id: 'discovery.service-provider-config',
    title: 'GET /ServiceProviderConfig answers a valid ServiceProviderConfig',
    area: 'discovery',
    feature: 'service provider config',
    level: 'SHOULD',
    spec: [{ source: 'RFC7643', section: '5', evidence: 'R' }, { source: 'RFC7644', section: '4', evidence: 'R' }],
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
    spec: [{ source: 'RFC7643', section: '5', evidence: 'R' }, { source: 'Entra', topic: 'Entra updates with PATCH and matches with filters', evidence: 'C' }],
    mutates: false,
    fix: 'Declare "patch": {"supported": true} and "filter": {"supported": true, "maxResults": ...}: Entra cannot provision without them, and the suite tests them whatever the declaration says.',
    async run(ctx) {
      const exchange = await ctx.client.get('/ServiceProviderConfig');
      const body = ctx.expectStatus(exchange, [200], '200 with the ServiceProviderConfig') as Record<string, { supported?: unknown } | undefined>;
      const missing = (['patch', 'filter'] as const).filter((f) => body?.[f]?.supported !== true);
      if (missing.length) ctx.fail({ expected: 'patch.supported and filter.supported true', got: missing.map((f) => `${f}.supported ${JSON.stringify(body?.[f]?.supported)}`).join(', '), exchange });
    },
  }),
  defineCheck({
    id: 'discovery.resource-types',
    title: 'GET /ResourceTypes lists valid resource types for User (and Group when groups are provisioned)',
    area: 'discovery',
    feature: 'resource types',
    level: 'SHOULD',
    spec: [{ source: 'RFC7643', section: '6', evidence: 'R' }, { source: 'RFC7644', section: '4', evidence: 'R' }],
    mutates: false,
    fix: 'Serve /ResourceTypes as a ListResponse with one ResourceType per endpoint (name, endpoint, schema, schemaExtensions).',
    async run(ctx) {
      const { exchange, resources } = await fetchList(ctx, '/ResourceTypes');
      for (const [i, type] of resources.entries()) ctx.expectSchema('ResourceType', type, exchange, `Resources[${i}]`);
      const schemas = resources.map((r) => String(r.schema).toLowerCase());
      const wanted = [USER, ...(groupsProvisioned(ctx) ? [GROUP] : [])].filter((s) => !schemas.includes(s.toLowerCase()));
      if (wanted.length) ctx.fail({ expected: `resource types for ${wanted.join(' and ')}`, got: `schemas ${JSON.stringify(schemas)}`, exchange });
    },
  }),
  defineCheck({
    id: 'discovery.schemas',
    title: 'GET /Schemas lists valid schemas, including Group when groups are provisioned',
    area: 'discovery',
    feature: 'schemas',
    level: 'SHOULD',
    spec: [{ source: 'RFC7643', section: '7', evidence: 'R' }, { source: 'Entra', topic: 'gallery Logic App: group tests fail when /Schemas has no Group schema', evidence: 'C' }],
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
    spec: [{ source: 'Entra', topic: 'gallery Logic App: /Schemas must list every mapped attribute (flattened, case-insensitive)', evidence: 'C' }],
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
];
