// Leftovers of earlier runs that crashed before their cleanup, found by the run prefix alone.
import type { ScimClient } from '../http/client.ts';
import { type Leftover, NAME_PREFIX, RUN_PREFIX } from './ledger.ts';
const PAGE = 100;
const MAX_PAGES = 200;

export async function findLeftovers(client: ScimClient): Promise<{ found: Leftover[]; problems: string[] }> {
  const found: Leftover[] = [];
  const problems: string[] = [];
  for (const [endpoint, attribute] of [
    ['Groups', 'displayName'],
    ['Users', 'userName'],
  ] as const) {
    const filtered = await client.get(`/${endpoint}`, { filter: `${attribute} sw "${NAME_PREFIX}"`, count: String(PAGE) });
    let resources: Array<Record<string, unknown>> | undefined;
    if (filtered.status === 200) resources = await allPages(client, endpoint, { filter: `${attribute} sw "${NAME_PREFIX}"` });
    // Entra only sends eq, so a server may refuse sw: then read every page and match here.
    else resources = await allPages(client, endpoint, {});
    if (!resources) {
      problems.push(`could not list /${endpoint}: ${filtered.error ?? `status ${filtered.status}`}`);
      continue;
    }
    for (const r of resources) {
      const name = r[attribute];
      if (typeof r.id === 'string' && typeof name === 'string' && RUN_PREFIX.test(name)) found.push({ endpoint, id: r.id, name });
    }
  }
  return { found, problems };
}

async function allPages(
  client: ScimClient,
  endpoint: string,
  query: Record<string, string>,
): Promise<Array<Record<string, unknown>> | undefined> {
  const all: Array<Record<string, unknown>> = [];
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const exchange = await client.get(`/${endpoint}`, { ...query, startIndex: String(page * PAGE + 1), count: String(PAGE) });
    const body = exchange.json as { Resources?: Array<Record<string, unknown>>; totalResults?: number } | undefined;
    if (exchange.status !== 200 || !body) return page === 0 ? undefined : all;
    const resources = body.Resources ?? [];
    all.push(...resources);
    if (!resources.length || all.length >= (body.totalResults ?? 0)) return all;
  }
  return all;
}
