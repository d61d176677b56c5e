// After the checks (or after Ctrl-C): remove whatever the ledger says the run created and did not remove.
// Only ids from the ledger are touched, so nothing the run did not create can be affected.
import type { ScimClient } from '../harness/client.ts';
import { claimableByName, type Ledger, type Leftover } from './ledger.ts';

export interface SweepResult {
  removed: number;
  left: Array<Leftover & { reason: string }>;
}

export async function sweepLeftovers(ledger: Ledger, client: ScimClient): Promise<SweepResult> {
  const result: SweepResult = { removed: 0, left: [] };
  for (const leftover of ledger.leftovers()) {
    let targets = [leftover];
    if (!leftover.id) {
      const looked = await lookUpIntent(client, leftover);
      if ('reason' in looked) {
        result.left.push({ ...leftover, reason: looked.reason });
        continue;
      }
      targets = looked.found;
    }
    for (const target of targets) {
      const exchange = await client.delete(`/${target.endpoint}/${encodeURIComponent(target.id)}`);
      if (exchange.status === 204 || exchange.status === 200 || exchange.status === 404) {
        ledger.removed(target.endpoint, target.id);
        result.removed += 1;
      } else {
        result.left.push({ ...target, reason: exchange.error ?? `DELETE answered ${exchange.status}` });
      }
    }
  }
  return result;
}

export function describeLeftover(leftover: Leftover): string {
  return `${leftover.endpoint}/${leftover.id}${leftover.name ? ` (${leftover.name})` : ''}`;
}

/**
 * A create whose answer never came (the run stopped while it was in flight, or the answer had no id) is looked up
 * by its unique name: only a name with the run prefix is looked up at all, and only an exact, case-insensitive match
 * of it counts as the run's own. What was found, or why the intent stays on the list of what may be left.
 */
export async function lookUpIntent(client: Pick<ScimClient, 'get'>, intent: Leftover): Promise<{ found: Leftover[] } | { reason: string }> {
  const name = intent.name;
  if (!name || !claimableByName(name)) {
    return { reason: "its create got no answer, and a name without the run prefix may be someone else's, so it was not looked up: check by hand" };
  }
  const attribute = intent.endpoint === 'Users' ? 'userName' : 'displayName';
  const exchange = await client.get(`/${intent.endpoint}`, { filter: `${attribute} eq ${JSON.stringify(name)}` });
  const resources = (exchange.json as { Resources?: unknown } | undefined)?.Resources ?? (exchange.json && typeof exchange.json === 'object' ? [] : undefined);
  if (exchange.status !== 200 || !Array.isArray(resources)) {
    return { reason: `could not look it up by name: ${exchange.noAnswer ?? exchange.error ?? `status ${exchange.status}${Array.isArray(resources) ? '' : ', no ListResponse'}`}` };
  }
  const found = (resources as Array<Record<string, unknown>>).flatMap((r) => (typeof r.id === 'string' && String(r[attribute]).toLowerCase() === name.toLowerCase() ? [{ endpoint: intent.endpoint, id: r.id, name }] : []));
  return { found };
}
