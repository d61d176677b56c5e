// How fast a run sends, adapted to what the target can take. One FlowControl is shared by every request of a run:
// each HTTP attempt (retries included) holds a permit while it is out. Two limits apply to a permit:
// - requests in flight: a 429 or 503 halves the limit, once per burst; answers that go through grow it back by one
//   at a time, up to the maximum. A Retry-After on a throttled answer also holds back new requests until then: the
//   target said when to come back.
// - a send rate, for targets that limit requests per second: against a target a millisecond away, fewer requests in
//   flight do not slow the client at all. No rate applies until the target throttles, says (in rate-limit headers)
//   that its allowance is running out, or maxRate is set, so an unthrottled run is not slowed by a single timer.
//   The rate then stays just under what the target sustains: the rate its rate-limit headers declare (their
//   remaining count keeping the client in step with its allowance), or else an estimate from its throttles.
import { burstNeeded, declaredRate, highestRefillRate, lowestRefillRate, readRateHint, type RateHint } from './rate-hints.ts';

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
  /** Runs fn after ms (on the clock of `now`) and returns a cancel; tests pass their own. Default setTimeout. */
  setTimer?: (fn: () => void, ms: number) => () => void;
  /** Milliseconds since the Unix epoch, to read X-RateLimit-Reset given as a time. Default Date.now. */
  epochNow?: () => number;
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
  /**
   * The send rate (requests per second) the run ended with, when the rate limit ever held a request back; null
   * when it never did (the target did not throttle, or the run stayed below it).
   */
  pacedRps: number | null;
  /** Where the rate came from: the target's rate-limit headers, its throttled answers, or maxRate alone. */
  pacedBy?: 'headers' | 'throttling' | 'maxRate';
  /** The configured cap (--rate), when set. */
  maxRate?: number;
}

interface Waiter {
  grant: (permit: Permit) => void;
}

/**
 * Tuning of the send rate. The margin keeps the rate just under the estimate, so that a target limiting at r sees
 * 0.95 r and its allowance never runs dry. The first throttle without headers tells how much the target lets
 * through at once, hardly how fast it refills: the rate starts at probeFactor times "that much per wait asked" and
 * doubles each second that it holds requests back, until the next throttle, whose episode measures the refill.
 * After that it creeps up by steadyGrowth, so that an estimate on the low side does not stay there, at a cost of
 * one throttle every twenty seconds or so against a steady target.
 */
const PACE = {
  margin: 0.95,
  probeFactor: 3,
  /** Growth per second of held-back sending, as a natural logarithm (ln 2: doubling). */
  probeGrowth: Math.LN2,
  steadyGrowth: 0.01,
  /** Requests per second, the least any estimate goes down to. */
  minRate: 0.1,
  /** Sends the client bucket may save up: more than one so that a late timer loses no slot, less than two so that it never sends two at once. */
  slack: 1.5,
  /** A throttle without Retry-After: the wait the first estimate assumes (the client's first back-off is 500 ms). */
  assumedWaitMs: 1000,
  /** Sends of one episode remembered for the replay; a long one keeps its latest (which only lowers the estimate). */
  episodeSends: 4096,
  /** A throttle despite the target's own remaining count: trust its declared rate this much less. */
  hintPenalty: 0.85,
} as const;

/** One attempt, as the pacer remembers it. */
interface Sent {
  seq: number;
  at: number;
  /** Sent at the rate the target declared. */
  hinted: boolean;
}

/** The last throttle that counted: the target's allowance was empty when that request reached it. */
interface ThrottleEvent {
  seq: number;
  at: number;
  /** Attempts granted before the throttle was known; their throttles are the same event. */
  reactedSeq: number;
}

export function isThrottled(status: number | undefined): boolean {
  return status === 429 || status === 503;
}

/** A throttle that speaks to the rate: not a `Retry-After: 0` ("come back now"), not a bare 503 (unavailable). */
function isRateEvidence(status: number, pauseMs: number | undefined): boolean {
  if (pauseMs === 0) return false;
  return status === 429 || pauseMs !== undefined;
}

export class FlowControl {
  readonly concurrency: number;
  readonly maxRate: number | undefined;
  private currentLimit: number;
  private lowest: number;
  private active = 0;
  private readonly queue: Waiter[] = [];
  private readonly now: () => number;
  private readonly epochNow: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => () => void;
  private readonly burstWindowMs: number;
  private readonly rateWindowMs: number;
  /** Bumped at each halving; a throttled answer to a request sent before the last halving does not halve again. */
  private epoch = 0;
  private lastDecreaseAt = Number.NEGATIVE_INFINITY;
  private streak = 0;
  private pausedUntil = Number.NEGATIVE_INFINITY;
  private timer: { due: number; cancel: () => void } | undefined;
  /** Completion times of answered (not throttled) responses, in order. */
  private readonly completions: number[] = [];
  private counts = { requests: 0, responses: 0, status429: 0, status503: 0, noResponse: 0, decreases: 0 };

  // The send rate. Sends take a token from a client-side bucket that refills at rate() and holds PACE.slack.
  private seq = 0;
  private firstSentAt: number | undefined;
  private tokens = 1;
  private tokensAt = Number.NaN;
  /** The rate from throttles, and the pace derived from it (which grows while it holds requests back). */
  private phase: 'free' | 'probe' | 'steady' = 'free';
  private estimate: number | undefined;
  private estimatePace: number | undefined;
  private lastEvent: ThrottleEvent | undefined;
  private episodeSuccesses = 0;
  /** Send times of the current episode's successes, and of the first episode's (the burst). */
  private episodeSends: number[] = [];
  private firstBurst: number[] | undefined;
  private throttleEvents = 0;
  /** The rate the target declares, how far it is trusted, and whether its remaining count is in use. */
  private hintRate: number | undefined;
  private hintTrust = 1;
  private hintRemaining = false;
  private lastSyncSeq = 0;
  private longestReset: number | undefined;
  private heldBack = false;
  private pacedEver = false;

  constructor(options: FlowControlOptions = {}) {
    const concurrency = options.concurrency ?? 8;
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new RangeError(`concurrency must be a whole number of at least 1, got ${concurrency}`);
    const maxRate = options.maxRate;
    if (maxRate !== undefined && !(Number.isFinite(maxRate) && maxRate > 0))
      throw new RangeError(`maxRate must be a positive number of requests per second, got ${maxRate}`);
    this.concurrency = concurrency;
    this.maxRate = maxRate;
    this.currentLimit = concurrency;
    this.lowest = concurrency;
    this.now = options.now ?? (() => performance.now());
    this.epochNow = options.epochNow ?? Date.now;
    this.setTimer =
      options.setTimer ??
      ((fn, ms) => {
        const handle = setTimeout(fn, ms);
        return () => clearTimeout(handle);
      });
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

  /** Requests per second sent at most now; undefined while no rate applies. */
  get rate(): number | undefined {
    const paced = this.hintPace() ?? this.estimatePace;
    if (paced === undefined) return this.maxRate;
    return this.maxRate === undefined ? paced : Math.min(paced, this.maxRate);
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
    const rate = this.rate;
    const pacedBy = !this.pacedEver
      ? undefined
      : this.hintPace() !== undefined
        ? 'headers'
        : this.estimatePace !== undefined
          ? 'throttling'
          : 'maxRate';
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
      pacedRps: this.pacedEver && rate !== undefined ? round2(rate) : null,
      ...(pacedBy ? { pacedBy } : {}),
      ...(this.maxRate !== undefined ? { maxRate: this.maxRate } : {}),
    };
  }

  /** The declared rate in use: once its remaining count gates the sending, or once the target throttled. */
  private hintPace(): number | undefined {
    if (this.hintRate === undefined || !(this.hintRemaining || this.throttleEvents > 0)) return undefined;
    return PACE.margin * this.hintRate * this.hintTrust;
  }

  /** Brings the client bucket up to now at the rate in force until now; call before the rate changes. */
  private refill(at: number): void {
    const rate = this.rate;
    if (rate !== undefined && !Number.isNaN(this.tokensAt) && this.tokens < PACE.slack) {
      this.tokens = Math.min(PACE.slack, this.tokens + ((at - this.tokensAt) / 1000) * rate);
    }
    this.tokensAt = at;
  }

  private pump(): void {
    while (this.queue.length > 0 && this.active < this.currentLimit) {
      const at = this.now();
      let wait = this.pausedUntil - at;
      const rate = this.rate;
      if (rate !== undefined) {
        this.refill(at);
        if (this.tokens < 1) {
          const pacing = ((1 - this.tokens) / rate) * 1000;
          if (pacing > wait) {
            wait = pacing;
            this.heldBack = true;
          }
        }
      }
      if (wait > 0) {
        this.schedule(at, wait);
        return;
      }
      const waiter = this.queue.shift()!;
      if (rate !== undefined) {
        this.tokens -= 1;
        if (this.heldBack) this.grow(rate);
      }
      this.heldBack = false;
      this.active += 1;
      this.counts.requests += 1;
      this.seq += 1;
      this.firstSentAt ??= at;
      waiter.grant(this.permit({ seq: this.seq, at, hinted: this.hintPace() !== undefined }));
    }
  }

  /** A request waited for its slot: the rate binds, and a rate from throttles may be low. */
  private grow(rate: number): void {
    this.pacedEver = true;
    if (this.hintPace() !== undefined || this.estimatePace === undefined) return;
    // Only while the estimate is what binds; under maxRate sending faster says nothing.
    if (this.maxRate !== undefined && this.maxRate < this.estimatePace) return;
    const perSecond = this.phase === 'probe' ? PACE.probeGrowth : PACE.steadyGrowth;
    this.estimatePace *= Math.exp(perSecond / rate);
  }

  private schedule(at: number, waitMs: number): void {
    const due = at + waitMs;
    if (this.timer && this.timer.due <= due) return;
    this.timer?.cancel();
    const timer = {
      due,
      cancel: this.setTimer(
        () => {
          if (this.timer === timer) this.timer = undefined;
          this.pump();
        },
        Math.max(1, Math.ceil(waitMs)),
      ),
    };
    this.timer = timer;
  }

  private permit(sent: Sent): Permit {
    const epoch = this.epoch;
    let released = false;
    return {
      release: (outcome) => {
        if (released) return;
        released = true;
        this.active -= 1;
        this.settle(epoch, sent, outcome);
        this.pump();
      },
    };
  }

  private settle(epoch: number, sent: Sent, { status, pauseMs, headers }: AttemptOutcome): void {
    const at = this.now();
    if (status === undefined) {
      this.counts.noResponse += 1;
      this.streak = 0;
      return;
    }
    this.counts.responses += 1;
    this.readHeaders(at, sent, headers);
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
      if (isRateEvidence(status, pauseMs)) this.throttledAt(at, sent, pauseMs);
      return;
    }
    if (sent.seq > (this.lastEvent?.seq ?? 0)) {
      this.episodeSuccesses += 1;
      if (this.episodeSends.length >= PACE.episodeSends) this.episodeSends.shift();
      this.episodeSends.push(sent.at);
    }
    this.completions.push(at);
    this.streak += 1;
    if (this.streak >= this.currentLimit && this.currentLimit < this.concurrency) {
      this.currentLimit += 1;
      this.streak = 0;
    }
  }

  /** Rate-limit headers: the declared rate, and the remaining count that keeps the client bucket in step. */
  private readHeaders(at: number, sent: Sent, headers: Record<string, string> | undefined): void {
    const hint: RateHint | undefined = readRateHint(headers, this.epochNow());
    if (!hint) return;
    if (hint.resetSeconds !== undefined) this.longestReset = Math.max(this.longestReset ?? 0, hint.resetSeconds);
    const declared = declaredRate(hint, this.longestReset);
    this.refill(at);
    if (declared !== undefined && declared > 0) this.hintRate = declared;
    if (hint.remaining === undefined || this.hintRate === undefined) return;
    this.hintRemaining = true;
    // The newest answer counts; every request sent after this one may have used up one more.
    if (sent.seq <= this.lastSyncSeq) return;
    this.lastSyncSeq = sent.seq;
    const left = hint.remaining - (this.seq - sent.seq) - 1;
    // A target's saved-up burst is for the client to use, unless --rate forbids it: then the count only holds back.
    this.tokens = this.maxRate === undefined ? left : Math.min(this.tokens, left);
    this.tokensAt = at;
  }

  private throttledAt(at: number, sent: Sent, pauseMs: number | undefined): void {
    const last = this.lastEvent;
    // Sent before the last throttle was known: the same emptiness of the target's allowance.
    if (last && sent.seq < last.reactedSeq) return;
    this.throttleEvents += 1;
    this.refill(at);
    if (this.hintRate !== undefined) {
      if (sent.hinted) this.hintTrust *= PACE.hintPenalty;
    } else {
      this.estimateFrom(sent, pauseMs);
    }
    const pause = pauseMs ?? 0;
    // Whatever the client bucket saved up, the pause ends with one send, not a pair the target may refuse again.
    const rate = this.rate;
    if (rate !== undefined) {
      this.tokens = Math.min(this.tokens, 1 - (rate * pause) / 1000);
      this.tokensAt = at;
    }
    this.lastEvent = { seq: sent.seq, at: sent.at, reactedSeq: this.seq + 1 };
    this.episodeSuccesses = 0;
    this.episodeSends = [];
  }

  /**
   * Episodes between throttles, for targets without usable headers. At a throttle the target's allowance was empty;
   * what it let through until the next throttle is what it refilled in between (less what overflowed while it was
   * full). Replaying those sends through a token bucket gives the lowest refill rate that could have let them all
   * through and the highest at which the next one would still have been refused, the bucket's size taken from the
   * first burst (a full allowance, emptied by the first throttle). Those bounds do not depend on how the client
   * paced the sends. Successes over the time between the two throttles is a further lower bound, the one that fits
   * a limit per fixed window.
   */
  private estimateFrom(sent: Sent, pauseMs: number | undefined): void {
    const successes = this.episodeSuccesses;
    const sends = [...this.episodeSends].sort((x, y) => x - y);
    const last = this.lastEvent;
    if (!last) {
      // The first throttle: what went through until then is the burst; the wait asked for is the refill's scale.
      const activeMs = sent.at - (this.firstSentAt ?? sent.at);
      const wait = pauseMs ?? PACE.assumedWaitMs;
      this.estimate = Math.max(PACE.minRate, (Math.max(1, successes) / (activeMs + wait)) * 1000);
      this.firstBurst = sends;
      this.phase = 'probe';
      this.estimatePace = PACE.probeFactor * this.estimate;
      return;
    }
    const spanMs = Math.max(1, sent.at - last.at);
    const perSpan = (Math.max(1, successes) / spanMs) * 1000;
    const burst = this.firstBurst ?? [];
    // The first burst needed burstNeeded and its throttle came with less than one more left.
    const least = (rate: number) => Math.max(1, burstNeeded(burst, rate));
    const most = (rate: number) => least(rate) + 1;
    const failed = this.estimatePace ?? Number.POSITIVE_INFINITY;
    const highest = Math.max(perSpan, Number.isFinite(failed) ? failed : 0, PACE.minRate) * 4;
    const low = Math.max(perSpan, lowestRefillRate(last.at, sends, most, highest) ?? 0);
    const high = Math.max(low, Math.min(failed, highestRefillRate(last.at, sends, sent.at, least, highest)));
    const previous = this.estimate ?? low;
    // The previous estimate, a little lower, where the new bounds allow: one throttle moves it by its evidence only.
    const estimate = this.phase === 'probe' ? Math.sqrt(low * high) : Math.min(high, Math.max(low, previous * PACE.margin));
    this.estimate = Math.max(PACE.minRate, estimate);
    this.phase = 'steady';
    this.estimatePace = PACE.margin * this.estimate;
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
