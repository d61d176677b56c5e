// After the load (or after Ctrl-C): remove everything the ledger says the run created, groups first, several
// at a time, through the same FlowControl and at the same rate. Only ids from the ledger are touched, and each
// DELETE passes the ownership guard first.
import type { ScimClient } from '../http/client.ts';
import type { Endpoint, Ledger, Leftover } from '../cleanup/ledger.ts';
import { lookUpIntent } from '../cleanup/sweep.ts';
import { removalOutcome } from '../cleanup/removal.ts';
import type { Ownership } from '../cleanup/ownership.ts';
import type { Figures } from './figures.ts';
import { Pacer } from './pacer.ts';

export interface CleanupOptions {
  client: ScimClient;
  ledger: Ledger;
  ownership: Ownership;
  figures: Figures;
  workers: number;
  rate: number | 'max';
  /** Called after each resource, for the progress line. */
  onProgress?: (done: number, total: number) => void;
}

export interface CleanupResult {
  removed: number;
  /** What is still on the target, with the reason. */
  left: Array<Leftover & { reason: string }>;
  durationMs: number;
}

export async function removeCreated(options: CleanupOptions): Promise<CleanupResult> {
  const started = performance.now();
  const { client, ledger, ownership, figures } = options;
  const pacer = new Pacer(options.rate);
  const never = new AbortController().signal;
  const result: CleanupResult = { removed: 0, left: [], durationMs: 0 };

  // A create whose answer never came (or came without an id) is looked up by its unique name (run prefix only).
  const open = ledger.leftovers();
  const known = open.filter((l) => l.id !== '');
  await pool(
    open.filter((l) => l.id === ''),
    options.workers,
    async (intent) => {
      if (!(await pacer.take(never))) return;
      const looked = await lookUpIntent(client, intent);
      if ('reason' in looked) {
        result.left.push({ ...intent, reason: looked.reason });
        return;
      }
      for (const found of looked.found) {
        ownership.own(found.id);
        ledger.created(found.endpoint, found.id, found.name);
        known.push(found);
      }
    },
    result.left,
  );

  const total = known.length;
  let done = 0;
  // Groups first: removing their members first would make the target rewrite every group once per member.
  for (const endpoint of ['Groups', 'Users'] as Endpoint[]) {
    await pool(
      known.filter((l) => l.endpoint === endpoint),
      options.workers,
      async (leftover) => {
        if (!(await pacer.take(never))) return;
        const path = `/${leftover.endpoint}/${encodeURIComponent(leftover.id)}`;
        done += 1;
        ownership.assertMayChange('DELETE', path);
        const exchange = await client.delete(path);
        const outcome = removalOutcome(exchange);
        figures.record('delete', exchange, outcome.state !== 'refused' && outcome.state !== 'unknown', '204 (200 or 404 accepted)');
        if (outcome.state === 'removed') {
          ledger.removed(leftover.endpoint, leftover.id);
          result.removed += 1;
        } else if (outcome.state === 'may-remain') {
          ledger.mayRemain(leftover.endpoint, leftover.id, outcome.reason, leftover.name);
          result.left.push({ ...leftover, reason: `may remain: ${outcome.reason}` });
        } else {
          result.left.push({ ...leftover, reason: outcome.reason });
        }
        options.onProgress?.(done, total);
      },
      result.left,
    );
  }
  result.durationMs = Math.round(performance.now() - started);
  return result;
}

/** Runs fn over leftovers with at most `workers` at a time; one that throws is reported as left. */
async function pool(items: Leftover[], workers: number, fn: (item: Leftover) => Promise<void>, left: CleanupResult['left']): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next]!;
      next += 1;
      try {
        await fn(item);
      } catch (error) {
        left.push({ ...item, reason: (error as Error)?.message ?? String(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, items.length) }, worker));
}
