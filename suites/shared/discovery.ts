// What the discovery checks share: the URNs they look for, reading a discovery list, and describing what is missing.
import { type AttributeMapping, type Exchange, type CheckContext, parsePath, property } from '../../src/kit/index.ts';

export const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';
export const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** RFC 7643 §7 types, and binary (§2.3.6), which §7's list leaves out; §8.7.2 makes "type" caseExact false. */
export const ATTRIBUTE_TYPES = ['string', 'boolean', 'decimal', 'integer', 'datetime', 'reference', 'complex', 'binary'];
/** RFC 7643 §7's keywords; §8.7.2 makes these caseExact true. */
export const CHARACTERISTICS = {
  mutability: ['readOnly', 'readWrite', 'immutable', 'writeOnly'],
  returned: ['always', 'never', 'default', 'request'],
  uniqueness: ['none', 'server', 'global'],
} as const;

export function groupsProvisioned(ctx: CheckContext): boolean {
  return !!ctx.profile.groups && ctx.profile.groups.enabled !== false;
}

export async function fetchList(
  ctx: CheckContext,
  path: string,
): Promise<{ exchange: Exchange; resources: Array<Record<string, unknown>> }> {
  const exchange = await ctx.client.get(path);
  const body = ctx.expect.status(exchange, [200], `200 from GET ${path}`);
  const resources = Array.isArray(body) ? body : property(body, 'Resources');
  if (!Array.isArray(resources))
    return ctx.fail({ expected: 'a ListResponse with Resources', got: JSON.stringify(body).slice(0, 200), exchange });
  return { exchange, resources: resources as Array<Record<string, unknown>> };
}

/** Names /Schemas lists for a schema, flattened the way Entra's mapping paths read (name.givenName, emails.value). */
export function listedNames(schema: Record<string, unknown> | undefined): Set<string> {
  const names = new Set<string>();
  const walk = (attributes: unknown, prefix: string) => {
    if (!Array.isArray(attributes)) return;
    for (const a of attributes) {
      const own = property(a, 'name');
      if (typeof own !== 'string') continue;
      const name = `${prefix}${own}`.toLowerCase();
      names.add(name);
      walk(property(a, 'subAttributes'), `${name}.`);
    }
  };
  walk(schema?.attributes, '');
  return names;
}

export function schemaFor(attribute: AttributeMapping, core: string): { urn: string; name: string } {
  const p = parsePath(attribute.path);
  return {
    urn: (p.urn ?? core).toLowerCase(),
    name: `${p.attribute}${p.subAttribute ? `.${p.subAttribute}` : p.filter ? '.value' : ''}`.toLowerCase(),
  };
}

/** Missing attributes grouped by schema, the list capped so that a whole missing extension stays readable. */
export function describeMissing(missing: Array<{ urn: string; name: string }>): string {
  const bySchema = new Map<string, string[]>();
  for (const m of missing) bySchema.set(m.urn, [...(bySchema.get(m.urn) ?? []), m.name]);
  return [...bySchema]
    .map(
      ([urn, names]) =>
        `${names.length} missing from ${schemaLabel(urn)}: ${names.slice(0, 8).join(', ')}${names.length > 8 ? `, … (${names.length - 8} more)` : ''}`,
    )
    .join('; ');
}

export function schemaLabel(urn: string): string {
  return urn === USER.toLowerCase() ? 'the core User schema' : urn === GROUP.toLowerCase() ? 'the Group schema' : urn;
}

export function sameId(value: unknown, id: string): boolean {
  return typeof value === 'string' && value.toLowerCase() === id.toLowerCase();
}

/** The ids a discovery list carries (resource types may have none: RFC 7643 §6 makes id optional). */
export function listedIds(resources: Array<Record<string, unknown>>): string[] {
  return resources.map((r) => r.id).filter((id): id is string => typeof id === 'string' && id !== '');
}

/** A path segment for an id, with the colons of a schema URI kept as RFC 7644 §4 writes them (/Schemas/urn:...:User). */
export function segment(id: string): string {
  return encodeURIComponent(id).replace(/%3A/gi, ':');
}

/** Why the answer to GET /{endpoint}/{id} is not that one resource, or undefined when it is. */
export function notTheOne(body: unknown, id: string): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return `a body that is not one JSON object: ${String(JSON.stringify(body)).slice(0, 120)}`;
  const schemas = property(body, 'schemas');
  const isList = 'Resources' in body || (Array.isArray(schemas) && schemas.some((s) => sameId(s, LIST_RESPONSE)));
  if (isList) return `a ListResponse (totalResults ${JSON.stringify(property(body, 'totalResults'))}) instead of the one resource`;
  const own = property(body, 'id');
  return sameId(own, id) ? undefined : `a resource with id ${JSON.stringify(own)}`;
}

/** Reads each listed id back one by one; fails on the first answer that is not that one resource. */
export async function expectEachById(ctx: CheckContext, endpoint: string, ids: string[], what: string): Promise<void> {
  for (const id of ids) {
    const exchange = await ctx.client.get(`/${endpoint}/${segment(id)}`);
    const body = ctx.expect.status(exchange, [200], `200 with the ${what} ${id}, which GET /${endpoint} lists`);
    const wrong = notTheOne(body, id);
    if (wrong)
      ctx.fail({
        expected: `the single ${what} ${id} as its own JSON object, the way a single User is returned (RFC 7644 §4)`,
        got: wrong,
        exchange,
      });
  }
}

export function capped(items: string[], limit = 8): string {
  return `${items.slice(0, limit).join('; ')}${items.length > limit ? `; … (${items.length - limit} more)` : ''}`;
}

/** Attribute definitions whose type, mutability, returned or uniqueness is not an RFC 7643 §7 value, or that have sub-attributes without being complex. */
export function attributeProblems(attributes: unknown, prefix: string): string[] {
  if (!Array.isArray(attributes)) return [];
  return attributes.flatMap((a: unknown) => {
    if (!a || typeof a !== 'object') return []; // the shape of a definition is discovery.schemas' to judge
    const name = property(a, 'name');
    const path = `${prefix}${typeof name === 'string' ? name : '(no name)'}`;
    const type = property(a, 'type') ?? 'string'; // RFC 7643 §2.2: string when not said
    const problems: string[] = [];
    if (typeof type !== 'string' || !ATTRIBUTE_TYPES.includes(type.toLowerCase())) problems.push(`${path} type ${JSON.stringify(type)}`);
    for (const [key, allowed] of Object.entries(CHARACTERISTICS)) {
      const value = property(a, key);
      if (value !== undefined && value !== null && !(allowed as readonly unknown[]).includes(value))
        problems.push(`${path} ${key} ${JSON.stringify(value)}`);
    }
    const listed = property(a, 'subAttributes');
    const subAttributes = Array.isArray(listed) ? listed : [];
    const complex = String(type).toLowerCase() === 'complex';
    if (subAttributes.length && !complex) problems.push(`${path} has subAttributes but type ${JSON.stringify(type)}, not complex`);
    return [...problems, ...attributeProblems(subAttributes, `${path}.`)];
  });
}

/** The schemas /ResourceTypes names (schema and schemaExtensions) that /Schemas does not list: "<type> names <urn>". */
export function unservedSchemas(types: Array<Record<string, unknown>>, listed: readonly string[]): string[] {
  const served = new Set(listed.map((id) => id.toLowerCase()));
  return types.flatMap((type) => {
    const extensions = Array.isArray(type.schemaExtensions) ? type.schemaExtensions.map((e: unknown) => property(e, 'schema')) : [];
    return [type.schema, ...extensions]
      .filter((urn): urn is string => typeof urn === 'string' && !served.has(urn.toLowerCase()))
      .map((urn) => `${String(type.name ?? type.id)} names ${urn}`);
  });
}
