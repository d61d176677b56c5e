// Hands out send times at a steady rate to any number of workers. A worker that comes late gets the next free
// time, not a backlog: falling behind never turns into a burst to catch up.
import { setTimeout as sleep } from 'node:timers/promises';

export class Pacer {
  private next = 0;
  private readonly intervalMs: number;

  /** rate: requests per second, or 'max' for no pacing. */
  constructor(
    rate: number | 'max',
    private readonly now: () => number = () => performance.now(),
  ) {
    this.intervalMs = rate === 'max' ? 0 : 1000 / rate;
  }

  /** Resolves at this caller's send time; false when the signal stopped the run first. */
  async take(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return false;
    if (this.intervalMs === 0) return true;
    const now = this.now();
    const at = Math.max(this.next, now);
    this.next = at + this.intervalMs;
    if (at - now < 1) return true;
    try {
      await sleep(at - now, undefined, { signal });
      return true;
    } catch {
      return false;
    }
  }
}
