// Every resource the run creates, and every removal, goes to an append-only file, so that whatever happens to
// the worker (a failed check, Ctrl-C, a crash) the CLI can tell what is left and remove exactly that.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

export type Endpoint = 'Users' | 'Groups';

/** A create answered 4xx made nothing (a duplicate, a rejected body); a 5xx or no answer may have made something. */
export function refusedCreate(status: number | undefined): boolean {
  return status !== undefined && status >= 400 && status < 500;
}

/** What every name a run generates starts with, before its run id. */
export const NAME_PREFIX = 'scimc-';

/** The prefix of one run's names: scimc-<run id>. */
export function runPrefix(runId: string): string {
  return `${NAME_PREFIX}${runId}`;
}

/** The run id in a run's prefix (what runPrefix was given). */
export function runIdOf(prefix: string): string {
  return prefix.startsWith(NAME_PREFIX) ? prefix.slice(NAME_PREFIX.length) : prefix;
}

/** What every name a run generates starts with (scimc-<8 hex digits>-): a customer's own user cannot match it by accident. */
export const RUN_PREFIX = new RegExp(`^${NAME_PREFIX}[0-9a-f]{8}-`, 'i');

/**
 * Whether a create whose answer never came may be looked up by its name after the run: only names that carry a run
 * prefix are the run's own for sure. A phone-number userName could be a real person's.
 */
export function claimableByName(name: string): boolean {
  return RUN_PREFIX.test(name);
}

interface Entry {
  op: 'intent' | 'created' | 'refused' | 'removed' | 'may-remain';
  endpoint: Endpoint;
  id: string;
  name?: string;
  /** With may-remain: why the run cannot tell whether it is gone. */
  reason?: string;
}

export interface Leftover {
  endpoint: Endpoint;
  /** Empty when the create was sent but its answer never arrived: only the name is known. */
  id: string;
  name?: string;
}

export interface PossibleLeftover extends Leftover {
  reason: string;
}

export class Ledger {
  constructor(private readonly path: string) {}

  /** Before a create is sent: if the run stops before the answer arrives, the name still finds the resource. */
  intent(endpoint: Endpoint, name: string): void {
    this.write({ op: 'intent', endpoint, id: '', name });
  }

  created(endpoint: Endpoint, id: string, name?: string): void {
    this.write({ op: 'created', endpoint, id, ...(name ? { name } : {}) });
  }

  /** The create was answered with a 4xx: nothing was made, so the intent needs no search after the run. */
  refused(endpoint: Endpoint, name: string): void {
    this.write({ op: 'refused', endpoint, id: '', name });
  }

  /** A create whose answer was lost, and a lookup by its name found nothing: it was never made. */
  notCreated(endpoint: Endpoint, name: string): void {
    this.write({ op: 'refused', endpoint, id: '', name });
  }

  removed(endpoint: Endpoint, id: string): void {
    this.write({ op: 'removed', endpoint, id });
  }

  /** Nothing more can be done about it, and the run cannot tell whether it is gone (see cleanup/removal.ts). */
  mayRemain(endpoint: Endpoint, id: string, reason: string, name?: string): void {
    this.write({ op: 'may-remain', endpoint, id, reason, ...(name ? { name } : {}) });
  }

  /** Synchronous on purpose: an entry must be on disk before the next request, even if the process dies then. */
  private write(entry: Entry): void {
    appendFileSync(this.path, `${JSON.stringify(entry)}\n`);
  }

  /** Resources created and not (yet) removed, newest first; intents whose answer never came have no id yet. */
  leftovers(): Leftover[] {
    return this.read().open;
  }

  /** Resources the run could not confirm as removed, with the reason; nothing more is tried for them. */
  possiblyLeft(): PossibleLeftover[] {
    return this.read().possible;
  }

  private read(): { open: Leftover[]; possible: PossibleLeftover[] } {
    if (!existsSync(this.path)) return { open: [], possible: [] };
    const open = new Map<string, Leftover>();
    const pending = new Map<string, Leftover>();
    const possible = new Map<string, PossibleLeftover>();
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const entry = JSON.parse(line) as Entry;
        const key = `${entry.endpoint}/${entry.id}`;
        if (entry.op === 'intent' && entry.name)
          pending.set(`${entry.endpoint}/${entry.name}`, { endpoint: entry.endpoint, id: '', name: entry.name });
        else if (entry.op === 'refused') pending.delete(`${entry.endpoint}/${entry.name}`);
        else if (entry.op === 'created') {
          open.set(key, { endpoint: entry.endpoint, id: entry.id, ...(entry.name ? { name: entry.name } : {}) });
          if (entry.name) pending.delete(`${entry.endpoint}/${entry.name}`);
          possible.delete(key);
        } else if (entry.op === 'may-remain') {
          const known = open.get(key);
          open.delete(key);
          possible.set(key, {
            endpoint: entry.endpoint,
            id: entry.id,
            reason: entry.reason ?? 'not confirmed removed',
            ...((entry.name ?? known?.name) ? { name: entry.name ?? known?.name } : {}),
          });
        } else {
          open.delete(key);
          possible.delete(key);
        }
      } catch {
        // A line cut short by a crash: the entries before it still count.
      }
    }
    return { open: [...open.values(), ...pending.values()].reverse(), possible: [...possible.values()] };
  }
}
