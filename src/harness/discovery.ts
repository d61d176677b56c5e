// What the target says about itself, fetched once per run before any check starts.
import type { ScimClient } from './client.ts';

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
  for (const [name, exchange] of [['ServiceProviderConfig', spc], ['ResourceTypes', types], ['Schemas', schemas]] as const) {
    if (exchange.error || exchange.status !== 200 || exchange.json === undefined) {
      discovery.problems.push(`GET /${name}: ${exchange.error ?? `status ${exchange.status}${exchange.json === undefined ? ', no JSON body' : ''}`}`);
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

/** Whether the target declares a feature unsupported in its ServiceProviderConfig (undefined when it does not say). */
export function declaredSupport(discovery: Discovery, feature: 'filter' | 'patch' | 'bulk' | 'sort' | 'etag' | 'changePassword'): boolean | undefined {
  const entry = discovery.serviceProviderConfig?.[feature] as { supported?: unknown } | undefined;
  return typeof entry?.supported === 'boolean' ? entry.supported : undefined;
}
