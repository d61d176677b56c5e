// Runs in progress on this machine leave a marker, so `scim-conformance cleanup` leaves their resources alone: what
// a live run created is still in use, and its own cleanup removes it.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LiveRun {
  runId: string;
  pid: number;
  target: string;
  startedAt: string;
}

function folder(): string {
  return join(process.env.SCIM_CONFORMANCE_LIVE_DIR ?? tmpdir(), 'scim-conformance-live');
}

/** Marks the run live until `unmark` (or until its process is gone). */
export function markLive(runId: string, target: string): () => void {
  const dir = folder();
  const file = join(dir, `${runId}.json`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify({ runId, pid: process.pid, target, startedAt: new Date().toISOString() } satisfies LiveRun));
  } catch {
    // A marker that cannot be written only weakens `cleanup`'s caution; the run itself is unaffected.
  }
  return () => rmSync(file, { force: true });
}

/** Runs whose process is still alive, by run id. */
export function liveRuns(): Map<string, LiveRun> {
  const runs = new Map<string, LiveRun>();
  let names: string[] = [];
  try {
    names = readdirSync(folder());
  } catch {
    return runs;
  }
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    try {
      const run = JSON.parse(readFileSync(join(folder(), name), 'utf8')) as LiveRun;
      if (alive(run.pid)) runs.set(run.runId.toLowerCase(), run);
    } catch {
      // A marker half written or unreadable: ignored.
    }
  }
  return runs;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
