// One interrupt handler for the suite and the load mode, installed before anything else happens, so a Ctrl-C at any
// moment counts: the first stops what runs (no new check, no new request) and lets cleanup happen, a second one
// stops at once and says what really remains, from the ledger.
import type { Ledger } from './ledger.ts';
import { describeLeftover } from './sweep.ts';

export class Interrupt {
  private readonly controller = new AbortController();
  private readonly listeners = new Set<() => void>();
  private ledger: Ledger | undefined;
  private signalName: NodeJS.Signals | undefined;
  private readonly handler = (signal: NodeJS.Signals) => this.receive(signal);
  /** The cleanup command as the user can type it (how the tool was started). */
  cleanupHint = 'scim-conformance cleanup';

  /** `say` prints a line; `stopping` says what the first signal stops ("no new checks", "no more requests"). */
  constructor(
    private say: (line: string) => void,
    private stopping: string,
    private readonly exit: (code: number) => never = (code) => process.exit(code),
  ) {}

  /** The command that runs now says how lines are printed and what a signal stops. */
  retarget(say: (line: string) => void, stopping: string): void {
    this.say = say;
    this.stopping = stopping;
  }

  /** For commands with nothing to clean up: signals act as they normally do again (one that came already ends it). */
  release(): void {
    this.dispose();
    if (this.interrupted) this.exit(130);
  }

  /** Starts listening for SIGINT and SIGTERM, taking over a signal the CLI's launcher caught while it loaded. */
  listen(): this {
    process.on('SIGINT', this.handler);
    process.on('SIGTERM', this.handler);
    const launcher = globalThis as {
      __scimConformanceEarlySignal?: NodeJS.Signals;
      __scimConformanceEarlyListener?: (...args: unknown[]) => void;
    };
    const early = launcher.__scimConformanceEarlyListener;
    if (early) {
      process.off('SIGINT', early);
      process.off('SIGTERM', early);
      launcher.__scimConformanceEarlyListener = undefined;
    }
    const pending = launcher.__scimConformanceEarlySignal;
    launcher.__scimConformanceEarlySignal = undefined;
    if (pending) this.receive(pending);
    return this;
  }

  dispose(): void {
    process.off('SIGINT', this.handler);
    process.off('SIGTERM', this.handler);
  }

  get interrupted(): boolean {
    return this.controller.signal.aborted;
  }

  /** Aborted at the first signal. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The ledger to read when a second signal stops the run without cleanup. */
  watch(ledger: Ledger): void {
    this.ledger = ledger;
  }

  /** Runs fn at the first signal, or at once if it already came. Returns a function that removes it. */
  onInterrupt(fn: () => void): () => void {
    if (this.interrupted) {
      fn();
      return () => undefined;
    }
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** As a first signal would (tests, and callers that stop for their own reasons). */
  trigger(signal: NodeJS.Signals = 'SIGINT'): void {
    this.receive(signal);
  }

  private receive(signal: NodeJS.Signals): void {
    if (!this.interrupted) {
      this.signalName = signal;
      this.say(`${signal}: ${this.stopping}; removing what this run created (press Ctrl-C again to stop at once)`);
      this.controller.abort();
      for (const fn of this.listeners) fn();
      return;
    }
    this.say(`${signal} again: stopped without cleanup. ${this.remains()}`);
    this.exit(130);
  }

  /** What is left, as far as the ledger knows: created and not removed, and creates whose answer had not come. */
  remains(): string {
    const open = this.ledger?.leftovers() ?? [];
    const created = open.filter((l) => l.id);
    const pending = open.filter((l) => !l.id);
    if (!open.length) return 'Nothing of this run is left on the target.';
    const parts = [];
    if (created.length) parts.push(`left on the target: ${created.map(describeLeftover).join(', ')}`);
    if (pending.length)
      parts.push(`may exist (their create had not been answered): ${pending.map((p) => `${p.endpoint} ${p.name}`).join(', ')}`);
    return `${parts.join('; ')}. \`${this.cleanupHint}\` finds them later by their scimc- prefix.`;
  }

  /** The first signal's name, once it came. */
  get received(): NodeJS.Signals | undefined {
    return this.signalName;
  }
}
