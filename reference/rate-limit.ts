// A request limit like the ones SaaS endpoints put in front of SCIM, in two kinds:
// - per clock second (the default): above perSecond SCIM requests in the current second, 429 with Retry-After;
// - a token bucket (with burst): it holds at most burst requests and refills continuously at perSecond, the way
//   most API gateways limit; a refused request waits for the next token.
// Refused requests use up nothing. Every 429 carries Retry-After in whole seconds (all that HTTP allows); with
// headers: 'draft' every SCIM response also describes the limit in the IETF draft's RateLimit-Policy and RateLimit
// fields, so clients that read them can be tested against a server that sends them and one that does not.
import { ScimHttpError } from './scim-error.ts';

export interface RateLimitOptions {
  /** SCIM requests admitted per second (token requests are not counted). */
  perSecond: number;
  /** A token bucket of this many requests, refilled continuously at perSecond. Without it: per clock second. */
  burst?: number;
  /**
   * The Retry-After of a refused request, in seconds. Default: 1 per clock second; with a bucket, the time until
   * the next token, rounded up to a whole second.
   */
  retryAfterSeconds?: number;
  /** 'retry-after' (default): Retry-After on a 429 only. 'draft': also RateLimit-Policy and RateLimit on every answer. */
  headers?: 'retry-after' | 'draft';
}

function wholeAtLeast(name: string, value: number | undefined, least: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < least)) {
    throw new Error(`rateLimit.${name} must be a whole number of at least ${least}, got ${value}`);
  }
}

export function validateRateLimit(options: RateLimitOptions): void {
  if (!Number.isInteger(options.perSecond) || options.perSecond < 1)
    throw new Error(`rateLimit.perSecond must be a whole number of at least 1, got ${options.perSecond}`);
  wholeAtLeast('burst', options.burst, 1);
  const retryAfter = options.retryAfterSeconds;
  if (retryAfter !== undefined && (!Number.isInteger(retryAfter) || retryAfter < 0))
    throw new Error(`rateLimit.retryAfterSeconds must be a non-negative whole number, got ${retryAfter}`);
  if (options.headers !== undefined && options.headers !== 'retry-after' && options.headers !== 'draft') {
    throw new Error(`rateLimit.headers must be 'retry-after' or 'draft', got ${JSON.stringify(options.headers)}`);
  }
}

/** What the limiter knows after deciding on one request. */
interface Decision {
  admitted: boolean;
  /** Requests that would be admitted right now, after this one. */
  remaining: number;
  /** Seconds until the next request would be admitted (refused only). */
  nextInSeconds: number;
  /** Seconds until the allowance is whole again. */
  resetSeconds: number;
}

export class RateLimiter {
  private second = Number.NaN;
  private admittedThisSecond = 0;
  private tokens: number;
  private filledAt = Number.NaN;
  private refusedCount = 0;

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {
    validateRateLimit(options);
    this.tokens = options.burst ?? 0;
  }

  /**
   * Admits the request and returns the headers its answer carries (none unless headers: 'draft'), or throws the
   * 429 when the allowance is used up.
   */
  admit(): Record<string, string> {
    const decision = this.options.burst === undefined ? this.perClockSecond() : this.fromBucket();
    const headers = this.options.headers === 'draft' ? this.draftHeaders(decision) : {};
    if (decision.admitted) return headers;
    this.refusedCount += 1;
    const retryAfter = this.options.retryAfterSeconds ?? Math.max(1, Math.ceil(decision.nextInSeconds));
    throw new ScimHttpError(429, `Too many requests: this endpoint takes ${this.describe()}`, undefined, {
      ...headers,
      'Retry-After': String(retryAfter),
    });
  }

  refused(): number {
    return this.refusedCount;
  }

  private describe(): string {
    const { perSecond, burst } = this.options;
    return burst === undefined ? `${perSecond} per second` : `${perSecond} per second, in bursts of at most ${burst}`;
  }

  private perClockSecond(): Decision {
    const at = this.now();
    const second = Math.floor(at / 1000);
    if (second !== this.second) {
      this.second = second;
      this.admittedThisSecond = 0;
    }
    const toNextSecond = ((second + 1) * 1000 - at) / 1000;
    const admitted = this.admittedThisSecond < this.options.perSecond;
    if (admitted) this.admittedThisSecond += 1;
    return {
      admitted,
      remaining: this.options.perSecond - this.admittedThisSecond,
      nextInSeconds: toNextSecond,
      resetSeconds: toNextSecond,
    };
  }

  private fromBucket(): Decision {
    const { perSecond } = this.options;
    const burst = this.options.burst!;
    const at = this.now();
    if (!Number.isNaN(this.filledAt)) this.tokens = Math.min(burst, this.tokens + ((at - this.filledAt) / 1000) * perSecond);
    this.filledAt = at;
    const admitted = this.tokens >= 1;
    if (admitted) this.tokens -= 1;
    return {
      admitted,
      remaining: Math.floor(this.tokens),
      nextInSeconds: admitted ? 0 : (1 - this.tokens) / perSecond,
      resetSeconds: (burst - this.tokens) / perSecond,
    };
  }

  /**
   * The draft's fields (draft-ietf-httpapi-ratelimit-headers, the -07 syntax many servers adopted): the policy is
   * perSecond requests per 1 s window; reset counts whole seconds, rounded up, until the allowance is full again.
   */
  private draftHeaders(decision: Decision): Record<string, string> {
    const limit = this.options.perSecond;
    return {
      'RateLimit-Policy': `${limit};w=1`,
      RateLimit: `limit=${limit}, remaining=${decision.remaining}, reset=${Math.ceil(decision.resetSeconds)}`,
    };
  }
}
