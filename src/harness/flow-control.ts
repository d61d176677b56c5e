// How many requests a run keeps in flight, adapted to what the target can take. One FlowControl is shared by
// every request of a run: each HTTP attempt (retries included) holds a permit while it is out. A 429 or 503
// halves the limit, once per burst; answers that go through grow it back by one at a time, up to the maximum.
// A Retry-After on a throttled answer also holds back new requests until then: the target said when to come back.

export interface FlowControlOptions {
  /** The starting and highest limit of requests in flight. Default 8. */
  concurrency?: number;
  /** Throttled answers within this many ms of a halving are the same burst and do not halve again. Default 1000. */
  burstWindowMs?: number;
  /** The window of the sustained rate in stats(). Default 2000. */
  rateWindowMs?: number;
  /** Milliseconds from any fixed origin; tests pass their own clock. Default performance.now. */
  now?: () => number;
  /** Requests per second at most (--rate), whatever the target would take. Default: no cap. */
  maxRate?: number;
}

export interface AttemptOutcome {
  /** The response's status; undefined when no response arrived (timeout, refused connection, ...). */
  status?: number;
  /** With a throttled answer: how long the target asked everyone to wait (bounded by the caller). */
  pauseMs?: number;
  /** The response's headers (lower-case names), for rate hints such as RateLimit-Policy or X-RateLimit-*. */
  headers?: Record<string, string>;
}

export interface Permit {
  /** Ends the attempt; call it once, when the response (or the failure) is in. Later calls are ignored. */
  release(outcome: AttemptOutcome): void;
}

/** A plain JSON object; see stats(). */
export interface FlowStats {
  /** The configured (highest) limit of requests in flight. */
  concurrency: number;
  /** The limit now. */
  limit: number;
  /** The lowest limit the run went down to. */
  lowestLimit: number;
  /** HTTP attempts sent, retries included. */
  requests: number;
  /** Attempts that got a response, whatever its status. */
  responses: number;
  /** Responses 429 or 503. */
  throttledResponses: number;
  status429: number;
  status503: number;
  /** Attempts that got no response. */
  noResponse: number;
  /** How often the limit was halved. */
  decreases: number;
  /** Whether the target ever answered 429 or 503. */
  throttled: boolean;
  /**
   * The highest rate the target kept up: the most responses other than 429/503 that completed within any
   * window of rateWindowMs, divided by the window in seconds. A run shorter than the window is divided by the
   * whole window, so a short run never claims more than it showed.
   */
  sustainedRps: number;
  rateWindowMs: number;
}

interface Waiter {
  grant: (permit: Permit) => void;
}

export function isThrottled(status: number | undefined): boolean {
  return status === 429 || status === 503;
}

export class FlowControl {
  readonly concurrency: number;
  private currentLimit: number;
  private lowest: number;
  private active = 0;
  private readonly queue: Waiter[] = [];
  private readonly now: () => number;
  private readonly burstWindowMs: number;
  private readonly rateWindowMs: number;
  /** Bumped at each halving; a throttled answer to a request sent before the last halving does not halve again. */
  private epoch = 0;
  private lastDecreaseAt = Number.NEGATIVE_INFINITY;
  private streak = 0;
  private pausedUntil = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  /** Completion times of answered (not throttled) responses, in order. */
  private readonly completions: number[] = [];
  private counts = { requests: 0, responses: 0, status429: 0, status503: 0, noResponse: 0, decreases: 0 };

  constructor(options: FlowControlOptions = {}) {
    const concurrency = options.concurrency ?? 8;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a whole number of at least 1, got ${concurrency}`);
    this.concurrency = concurrency;
    this.currentLimit = concurrency;
    this.lowest = concurrency;
    this.now = options.now ?? (() => performance.now());
    this.burstWindowMs = options.burstWindowMs ?? 1000;
    this.rateWindowMs = options.rateWindowMs ?? 2000;
  }

  get limit(): number {
    return this.currentLimit;
  }

  /** Attempts out now. */
  get inFlight(): number {
    return this.active;
  }

  /** Attempts waiting for a permit. */
  get waiting(): number {
    return this.queue.length;
  }

  /**
   * Waits for a permit. A retry goes ahead of first attempts, so a request that was already told to wait is not
   * starved by newer ones and does not run out of retries.
   */
  acquire(options: { retry?: boolean } = {}): Promise<Permit> {
    return new Promise<Permit>((grant) => {
      if (options.retry) this.queue.unshift({ grant });
      else this.queue.push({ grant });
      this.pump();
    });
  }

  stats(): FlowStats {
    const c = this.counts;
    return {
      concurrency: this.concurrency,
      limit: this.currentLimit,
      lowestLimit: this.lowest,
      requests: c.requests,
      responses: c.responses,
      throttledResponses: c.status429 + c.status503,
      status429: c.status429,
      status503: c.status503,
      noResponse: c.noResponse,
      decreases: c.decreases,
      throttled: c.status429 + c.status503 > 0,
      sustainedRps: round2(bestWindowCount(this.completions, this.rateWindowMs) / (this.rateWindowMs / 1000)),
      rateWindowMs: this.rateWindowMs,
    };
  }

  private pump(): void {
    while (this.queue.length > 0 && this.active < this.currentLimit) {
      const wait = this.pausedUntil - this.now();
      if (wait > 0) {
        if (!this.timer) {
          this.timer = setTimeout(() => {
            this.timer = undefined;
            this.pump();
          }, Math.ceil(wait));
        }
        return;
      }
      const waiter = this.queue.shift()!;
      this.active += 1;
      this.counts.requests += 1;
      waiter.grant(this.permit());
    }
  }

  private permit(): Permit {
    const epoch = this.epoch;
    let released = false;
    return {
      release: (outcome) => {
        if (released) return;
        released = true;
        this.active -= 1;
        this.settle(epoch, outcome);
        this.pump();
      },
    };
  }

  private settle(epoch: number, { status, pauseMs }: AttemptOutcome): void {
    const at = this.now();
    if (status === undefined) {
      this.counts.noResponse += 1;
      this.streak = 0;
      return;
    }
    this.counts.responses += 1;
    if (isThrottled(status)) {
      if (status === 429) this.counts.status429 += 1;
      else this.counts.status503 += 1;
      this.streak = 0;
      // Sent before the last halving, or answered within the burst window after it: the same burst, already counted.
      if (epoch === this.epoch && at - this.lastDecreaseAt >= this.burstWindowMs && this.currentLimit > 1) {
        this.currentLimit = Math.max(1, Math.floor(this.currentLimit / 2));
        this.lowest = Math.min(this.lowest, this.currentLimit);
        this.epoch += 1;
        this.lastDecreaseAt = at;
        this.counts.decreases += 1;
      }
      if (pauseMs !== undefined && pauseMs > 0) this.pausedUntil = Math.max(this.pausedUntil, at + pauseMs);
      return;
    }
    this.completions.push(at);
    this.streak += 1;
    if (this.streak >= this.currentLimit && this.currentLimit < this.concurrency) {
      this.currentLimit += 1;
      this.streak = 0;
    }
  }
}

/** The most entries of a sorted list of times that fit in any window of the given length (ending at an entry). */
export function bestWindowCount(times: readonly number[], windowMs: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end += 1) {
    while (times[end]! - times[start]! >= windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
