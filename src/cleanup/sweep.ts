// After the checks (or after Ctrl-C): remove whatever the ledger says the run created and did not remove.
// Only ids from the ledger, or found by the run's own prefixed names, are touched, so nothing the run did not create
// can be affected. What stays is sorted by what the target said: confirmed still there, or not checkable.
import type { Exchange, ScimClient } from '../http/client.ts';
import { claimableByName, type Ledger, type Leftover } from './ledger.ts';
import { removalOutcome } from './removal.ts';

export type Remaining = Leftover & { reason: string };

export interface SweepResult {
  removed: number;
  /** Still on the target: it answered for them (GET 200, or a lookup found them) and they could not be removed. */
  left: Remaining[];
  /** Whether they remain could not be told (no answer, a 404 for something never deleted, a name not looked up). */
  unverified: Remaining[];
}

/** Removal attempts per resource when the target answers but does not remove (a 5xx, say); transport retries are the client's. */
const ATTEMPTS = 3;
const BACKOFF_MS = 300;

type SweepClient = Pick<ScimClient, 'get' | 'delete'>;

export async function sweepLeftovers(ledger: Ledger, client: SweepClient, options: { backoffMs?: number } = {}): Promise<SweepResult> {
  const result: SweepResult = { removed: 0, left: [], unverified: [] };
  for (const leftover of ledger.leftovers()) {
    let targets = [leftover];
    if (!leftover.id) {
      const looked = await lookUpIntent(client, leftover);
      if ('reason' in looked) {
        result.unverified.push({ ...leftover, reason: looked.reason });
        continue;
      }
      // Nothing by that name: the create whose answer was lost never made anything.
      if (!looked.found.length) ledger.notCreated(leftover.endpoint, leftover.name!);
      for (const found of looked.found) ledger.created(found.endpoint, found.id, found.name);
      targets = looked.found;
    }
    for (const target of targets) await removeOne(ledger, client, target, result, options.backoffMs ?? BACKOFF_MS);
  }
  for (const possible of ledger.possiblyLeft()) result.unverified.push(possible);
  return result;
}

async function removeOne(ledger: Ledger, client: SweepClient, target: Leftover, result: SweepResult, backoffMs: number): Promise<void> {
  const path = `/${target.endpoint}/${encodeURIComponent(target.id)}`;
  let last: Exchange | undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    if (attempt) await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
    last = await client.delete(path);
    const outcome = removalOutcome(last);
    if (outcome.state === 'removed') {
      ledger.removed(target.endpoint, target.id);
      result.removed += 1;
      return;
    }
    if (outcome.state === 'may-remain') {
      ledger.mayRemain(target.endpoint, target.id, outcome.reason, target.name);
      return;
    }
    // No answer after the client's own retries: asking again at once only waits longer for the same silence.
    if (outcome.state === 'unknown') break;
  }
  // Still there? Only a resource the target itself shows is listed as left.
  const why = removalOutcome(last!);
  const reason = 'reason' in why ? why.reason : 'not removed';
  const read = await client.get(path);
  if (read.status === 200 && read.noAnswer === undefined) result.left.push({ ...target, reason });
  else if (read.status === 404) result.unverified.push({ ...target, reason: `${reason}, and GET answers 404: it may be gone, or hidden` });
  else {
    const why = read.noAnswer ?? read.error ?? `GET answered ${read.status}`;
    result.unverified.push({
      ...target,
      reason: why === reason ? `no answer (${reason})` : `${reason}; whether it remains could not be checked (${why})`,
    });
  }
}

export function describeLeftover(leftover: Leftover): string {
  return `${leftover.endpoint}/${leftover.id || '(no id)'}${leftover.name ? ` (${leftover.name})` : ''}`;
}

/**
 * A create whose answer never came (the run stopped while it was in flight, or the answer had no id) is looked up
 * by its unique name: only a name with the run prefix is looked up at all, and only an exact, case-insensitive match
 * of it counts as the run's own. What was found, or why the intent stays on the list of what may be left.
 */
export async function lookUpIntent(client: Pick<ScimClient, 'get'>, intent: Leftover): Promise<{ found: Leftover[] } | { reason: string }> {
  const name = intent.name;
  if (!name || !claimableByName(name)) {
    return {
      reason: "its create got no answer, and a name without the run prefix may be someone else's, so it was not looked up: check by hand",
    };
  }
  const attribute = intent.endpoint === 'Users' ? 'userName' : 'displayName';
  const exchange = await client.get(`/${intent.endpoint}`, { filter: `${attribute} eq ${JSON.stringify(name)}` });
  const resources =
    (exchange.json as { Resources?: unknown } | undefined)?.Resources ??
    (exchange.json && typeof exchange.json === 'object' ? [] : undefined);
  if (exchange.status !== 200 || !Array.isArray(resources)) {
    return {
      reason: `could not look it up by name: ${exchange.noAnswer ?? exchange.error ?? `status ${exchange.status}${Array.isArray(resources) ? '' : ', no ListResponse'}`}`,
    };
  }
  const found = (resources as Array<Record<string, unknown>>).flatMap((r) =>
    typeof r.id === 'string' && String(r[attribute]).toLowerCase() === name.toLowerCase()
      ? [{ endpoint: intent.endpoint, id: r.id, name }]
      : [],
  );
  return { found };
}
