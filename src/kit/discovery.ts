// What the target says about itself, fetched once per run before any check starts. It never skips a check: Entra
// sends PATCH and filters whatever a target declares, so a declaration only adds a line to a failure that needs it.
import type { Requirement } from './check.ts';
import type { ScimClient } from '../http/client.ts';

export interface Discovery {
  serviceProviderConfig?: Record<string, unknown>;
  resourceTypes?: unknown[];
  schemas?: unknown[];
  /** Why a document could not be read; discovery problems never stop the run, checks judge them. */
  problems: string[];
}

function resources(json: unknown): unknown[] | undefined {
  if (Array.isArray(json)) return json;
  const list = (json as { Resources?: unknown } | undefined)?.Resources;
  return Array.isArray(list) ? list : undefined;
}

export async function discover(client: ScimClient): Promise<Discovery> {
  const [spc, types, schemas] = await Promise.all([
    client.get('/ServiceProviderConfig'),
    client.get('/ResourceTypes'),
    client.get('/Schemas'),
  ]);
  const discovery: Discovery = { problems: [] };
  for (const [name, exchange] of [
    ['ServiceProviderConfig', spc],
    ['ResourceTypes', types],
    ['Schemas', schemas],
  ] as const) {
    if (exchange.error || exchange.status !== 200 || exchange.json === undefined) {
      discovery.problems.push(
        `GET /${name}: ${exchange.error ?? `status ${exchange.status}${exchange.json === undefined ? ', no JSON body' : ''}`}`,
      );
    }
  }
  if (spc.status === 200 && spc.json && typeof spc.json === 'object') discovery.serviceProviderConfig = spc.json as Record<string, unknown>;
  if (types.status === 200) {
    const list = resources(types.json);
    if (list) discovery.resourceTypes = list;
  }
  if (schemas.status === 200) {
    const list = resources(schemas.json);
    if (list) discovery.schemas = list;
  }
  return discovery;
}

/** What the target's ServiceProviderConfig declares of a feature's support (undefined when it does not say). */
export function declaredSupport(
  discovery: Discovery,
  feature: 'filter' | 'patch' | 'bulk' | 'sort' | 'etag' | 'changePassword',
): boolean | undefined {
  const entry = discovery.serviceProviderConfig?.[feature] as { supported?: unknown } | undefined;
  return typeof entry?.supported === 'boolean' ? entry.supported : undefined;
}

function isGroupType(type: unknown): boolean {
  const t = (type ?? {}) as { name?: unknown; endpoint?: unknown; schema?: unknown };
  const same = (value: unknown, wanted: string) =>
    typeof value === 'string' && value.replace(/^\//, '').toLowerCase() === wanted.toLowerCase();
  return same(t.schema, 'urn:ietf:params:scim:schemas:core:2.0:Group') || same(t.endpoint, 'Groups') || same(t.name, 'Group');
}

/**
 * For a failure: what the target declares unsupported of what the check requires, although Entra uses it regardless
 * (undefined when it declares nothing of the kind). The verdict stays; this only says why the target may have thought
 * it could do without.
 */
export function declaredUnsupported(discovery: Discovery, requires: readonly Requirement[], provisionsGroups: boolean): string | undefined {
  const declared: string[] = [];
  if (requires.includes('patch') && declaredSupport(discovery, 'patch') === false) {
    declared.push('its /ServiceProviderConfig says "patch": {"supported": false}, yet Entra sends every update as a PATCH');
  }
  if (requires.includes('filter') && declaredSupport(discovery, 'filter') === false) {
    declared.push(
      'its /ServiceProviderConfig says "filter": {"supported": false}, yet Entra looks users and groups up with filters (userName eq, ...)',
    );
  }
  if (requires.includes('groups') && provisionsGroups && discovery.resourceTypes && !discovery.resourceTypes.some(isGroupType)) {
    declared.push('its /ResourceTypes lists no Group, yet the profile provisions groups and Entra sends them to /Groups');
  }
  if (!declared.length) return undefined;
  return `the target declares unsupported what this check needs: ${declared.join('; ')}. Entra needs it anyway, so the verdict stands.`;
}
