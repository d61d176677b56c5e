// After the checks (or after Ctrl-C): remove whatever the ledger says the run created and did not remove.
// Only ids from the ledger are touched, so nothing the run did not create can be affected.
import type { ScimClient } from '../harness/client.ts';
import { claimableByName, type Ledger, type Leftover } from '../harness/ledger.ts';

export interface SweepResult {
  removed: number;
  left: Array<Leftover & { reason: string }>;
}

export async function sweepLeftovers(ledger: Ledger, client: ScimClient): Promise<SweepResult> {
  const result: SweepResult = { removed: 0, left: [] };
  for (const leftover of await resolveIntents(ledger.leftovers(), client)) {
    if (!leftover.id) {
      result.left.push({ ...leftover, reason: 'its create got no answer, and a name without the run prefix may be someone else\'s, so it was not looked up: check by hand' });
      continue;
    }
    const exchange = await client.delete(`/${leftover.endpoint}/${encodeURIComponent(leftover.id)}`);
    if (exchange.status === 204 || exchange.status === 200 || exchange.status === 404) {
      ledger.removed(leftover.endpoint, leftover.id);
      result.removed += 1;
    } else {
      result.left.push({ ...leftover, reason: exchange.error ?? `DELETE answered ${exchange.status}` });
    }
  }
  return result;
}

export function describeLeftover(leftover: Leftover): string {
  return `${leftover.endpoint}/${leftover.id}${leftover.name ? ` (${leftover.name})` : ''}`;
}

/**
 * A create whose answer never came (the run stopped while it was in flight) is looked up by its unique name.
 * Only an exact, case-insensitive match of the run's own generated name counts as the run's own.
 */
async function resolveIntents(leftovers: Leftover[], client: ScimClient): Promise<Leftover[]> {
  const resolved: Leftover[] = [];
  for (const leftover of leftovers) {
    if (leftover.id || !leftover.name) {
      resolved.push(leftover);
      continue;
    }
    if (!claimableByName(leftover.name)) {
      // Without the run prefix the name could be someone else's: reported as possibly left, never looked up.
      resolved.push(leftover);
      continue;
    }
    const attribute = leftover.endpoint === 'Users' ? 'userName' : 'displayName';
    const found = await client.get(`/${leftover.endpoint}`, { filter: `${attribute} eq ${JSON.stringify(leftover.name)}` });
    const resources = (found.json as { Resources?: Array<Record<string, unknown>> } | undefined)?.Resources ?? [];
    for (const resource of resources) {
      if (typeof resource.id === 'string' && String(resource[attribute]).toLowerCase() === leftover.name.toLowerCase()) {
        resolved.push({ endpoint: leftover.endpoint, id: resource.id, name: leftover.name });
      }
    }
  }
  return resolved;
}
