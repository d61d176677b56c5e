// A per-second request limit, like many SaaS endpoints have: above perSecond SCIM requests in the current
// clock second the server answers 429 with Retry-After. Refused requests do not use up the allowance.
import { ScimHttpError } from './scim-error.ts';

export interface RateLimitOptions {
  /** SCIM requests admitted per clock second (token requests are not counted). */
  perSecond: number;
  /** The Retry-After header of a refused request, in seconds. Default 1. */
  retryAfterSeconds?: number;
}

export function validateRateLimit(options: RateLimitOptions): void {
  if (!Number.isInteger(options.perSecond) || options.perSecond < 1) throw new Error(`rateLimit.perSecond must be a whole number of at least 1, got ${options.perSecond}`);
  const retryAfter = options.retryAfterSeconds;
  if (retryAfter !== undefined && (!Number.isInteger(retryAfter) || retryAfter < 0)) throw new Error(`rateLimit.retryAfterSeconds must be a non-negative whole number, got ${retryAfter}`);
}

export class RateLimiter {
  private second = Number.NaN;
  private admitted = 0;
  private refusedCount = 0;

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {
    validateRateLimit(options);
  }

  /** Throws the 429 when this second's allowance is used up. */
  admit(): void {
    const second = Math.floor(this.now() / 1000);
    if (second !== this.second) {
      this.second = second;
      this.admitted = 0;
    }
    if (this.admitted >= this.options.perSecond) {
      this.refusedCount += 1;
      throw new ScimHttpError(429, `Too many requests: this endpoint takes ${this.options.perSecond} per second`, undefined, { 'Retry-After': String(this.options.retryAfterSeconds ?? 1) });
    }
    this.admitted += 1;
  }

  refused(): number {
    return this.refusedCount;
  }
}
