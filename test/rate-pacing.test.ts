// The send rate of FlowControl: none before the target throttles, an estimate from throttles alone that stays just
// under a token bucket, the rate a target declares in each family of rate-limit headers, and the --rate cap. All on
// a clock and timers of the test's own: a simulated minute takes milliseconds.
import { describe, expect, it } from 'vitest';
import { RateLimiter, type RateLimitOptions } from '../reference/rate-limit.ts';
import { ScimHttpError } from '../reference/scim-error.ts';
import { FlowControl, type FlowControlOptions, type Permit } from '../src/http/flow-control.ts';
import {
  burstNeeded,
  declaredRate,
  highestRefillRate,
  lowestRefillRate,
  parsePolicies,
  readRateHint,
  resetDelaySeconds,
  splitMembers,
} from '../src/http/rate-hints.ts';

/** Virtual time: the clock moves only when every timer due before the next one has run. */
function virtualTime() {
  let now = 0;
  let id = 0;
  let timers: Array<{ at: number; id: number; fn: () => void; cancelled: boolean }> = [];
  const settle = async () => {
    for (let i = 0; i < 10; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
  };
  const vt = {
    now: () => now,
    setTimer: (fn: () => void, ms: number) => {
      const timer = { at: now + ms, id: (id += 1), fn, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
    sleep: (ms: number) => new Promise<void>((resolve) => vt.setTimer(resolve, ms)),
    pending: () => timers.filter((t) => !t.cancelled).length,
    /** Runs timers in order until `done` or nothing is left; bounded so a bug cannot hang the test. */
    async run(done: () => boolean, maxSteps = 200_000): Promise<void> {
      for (let step = 0; step < maxSteps; step += 1) {
        await settle();
        if (done()) return;
        timers = timers.filter((t) => !t.cancelled).sort((a, b) => a.at - b.at || a.id - b.id);
        const next = timers.shift();
        if (!next) throw new Error(`nothing left to run at ${now} ms and not done`);
        now = Math.max(now, next.at);
        next.fn();
      }
      throw new Error('virtual run did not finish');
    },
    async advance(ms: number): Promise<void> {
      const until = now + ms;
      for (let step = 0; step < 100_000; step += 1) {
        await settle();
        timers = timers.filter((t) => !t.cancelled).sort((a, b) => a.at - b.at || a.id - b.id);
        const next = timers[0];
        if (!next || next.at > until) break;
        timers.shift();
        now = Math.max(now, next.at);
        next.fn();
      }
      now = until;
      await settle();
    },
  };
  return vt;
}

function flowOn(vt: ReturnType<typeof virtualTime>, options: FlowControlOptions = {}): FlowControl {
  return new FlowControl({ now: vt.now, setTimer: vt.setTimer, epochNow: () => 1_800_000_000_000 + vt.now(), ...options });
}

/** When each of `n` acquires is granted, in virtual ms; every permit is released at once with `outcome`. */
async function grantTimes(vt: ReturnType<typeof virtualTime>, flow: FlowControl, n: number, outcome = { status: 200 }): Promise<number[]> {
  const times: number[] = [];
  const all = Array.from({ length: n }, () =>
    flow.acquire().then((p) => {
      times.push(vt.now());
      p.release(outcome);
    }),
  );
  let done = false;
  void Promise.all(all).then(() => (done = true));
  await vt.run(() => done);
  return times;
}

/**
 * A client in the image of ScimClient.capture against a RateLimiter on the same virtual clock: `workers` loops
 * send `total` requests; a throttled one waits Retry-After (else 500 ms x 2^n) and goes again, 4 times at most.
 */
async function against(limit: RateLimitOptions, options: FlowControlOptions & { total?: number; workers?: number; rttMs?: number } = {}) {
  const vt = virtualTime();
  const flow = flowOn(vt, options);
  const limiter = new RateLimiter(limit, () => 5_000_000 + vt.now());
  const rtt = options.rttMs ?? 1;
  let unanswered = 0;
  const send = async () => {
    for (let attempt = 0; ; attempt += 1) {
      const permit: Permit = await flow.acquire({ retry: attempt > 0 });
      await vt.sleep(rtt / 2);
      let status = 200;
      let headers: Record<string, string> = {};
      try {
        headers = limiter.admit();
      } catch (error) {
        status = (error as ScimHttpError).status;
        headers = (error as ScimHttpError).headers;
      }
      await vt.sleep(rtt / 2);
      const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
      const retryAfter = lower['retry-after'] === undefined ? undefined : Number(lower['retry-after']) * 1000;
      permit.release({ status, ...(status === 429 && retryAfter !== undefined ? { pauseMs: retryAfter } : {}), headers: lower });
      if (status !== 429) return;
      if (attempt >= 4) {
        unanswered += 1;
        return;
      }
      await vt.sleep(retryAfter ?? 500 * 2 ** attempt);
    }
  };
  const total = options.total ?? 360;
  let next = 0;
  let finished = 0;
  const workers = options.workers ?? 30;
  for (let w = 0; w < workers; w += 1) {
    void (async () => {
      while (next < total) {
        next += 1;
        await send();
      }
      finished += 1;
    })();
  }
  await vt.run(() => finished === workers);
  const stats = flow.stats();
  return { stats, wallMs: vt.now(), unanswered, share: stats.status429 / stats.requests, ideal: (stats.requests / limit.perSecond) * 1000 };
}

describe('FlowControl send rate', () => {
  it('sets no rate and no timer before the target throttles, headers with plenty remaining included', async () => {
    const vt = virtualTime();
    const flow = flowOn(vt);
    const times = await grantTimes(vt, flow, 200);
    expect(new Set(times)).toEqual(new Set([0]));
    expect(vt.pending()).toBe(0);
    expect(flow.rate).toBeUndefined();

    const [p] = await Promise.all([flow.acquire()]);
    p!.release({ status: 200, headers: { 'ratelimit-policy': '100;w=1', ratelimit: 'limit=100, remaining=90, reset=1' } });
    const after = await grantTimes(vt, flow, 50);
    expect(new Set(after)).toEqual(new Set([0]));
    expect(flow.stats()).toMatchObject({ pacedRps: null, throttled: false });
    expect(flow.stats()).not.toHaveProperty('maxRate');
  });

  it('without headers, settles just under a token bucket of 30 requests/s (bursts of 10): few 429s, near the ideal time', async () => {
    const run = await against({ perSecond: 30, burst: 10 });
    expect(run.unanswered).toBe(0);
    expect(run.stats.pacedBy).toBe('throttling');
    expect(run.stats.pacedRps).toBeGreaterThan(30 * 0.8);
    expect(run.stats.pacedRps).toBeLessThan(30 * 1.1);
    expect(run.share).toBeLessThanOrEqual(0.05);
    expect(run.wallMs / run.ideal).toBeLessThanOrEqual(1.25);
  });

  it('without headers, also finds 5 requests/s (bursts of 2), and a bucket whose burst is larger than a second of its rate', async () => {
    const slow = await against({ perSecond: 5, burst: 2 });
    expect(slow.unanswered).toBe(0);
    expect(slow.stats.pacedRps).toBeGreaterThan(5 * 0.8);
    expect(slow.stats.pacedRps).toBeLessThan(5 * 1.1);
    expect(slow.share).toBeLessThanOrEqual(0.05);
    expect(slow.wallMs / slow.ideal).toBeLessThanOrEqual(1.25);

    const bursty = await against({ perSecond: 10, burst: 50 });
    expect(bursty.stats.pacedRps).toBeGreaterThan(10 * 0.8);
    expect(bursty.stats.pacedRps).toBeLessThan(10 * 1.1);
    expect(bursty.share).toBeLessThanOrEqual(0.05);
  });

  it('a first throttle without Retry-After is estimated too, and the rate stays put when sends are not held back', async () => {
    const vt = virtualTime();
    const flow = flowOn(vt);
    // 10 answers in the first 100 ms, then a 429 without Retry-After: 10 requests over the assumed 1 s wait.
    for (let i = 0; i < 10; i += 1) {
      const [p] = await Promise.all([flow.acquire()]);
      await vt.advance(10);
      p!.release({ status: 200 });
    }
    const [refused] = await Promise.all([flow.acquire()]);
    refused!.release({ status: 429 });
    expect(flow.rate).toBeGreaterThan(10 * 0.8);
    expect(flow.rate).toBeLessThan(10 * 3 * 1.01);
    expect(flow.stats().pacedRps).toBeNull();
  });

  it('a Retry-After: 0 or a 503 without Retry-After does not set a rate (the target said: again, now; or: unavailable)', async () => {
    const vt = virtualTime();
    const flow = flowOn(vt);
    for (const outcome of [{ status: 429, pauseMs: 0 }, { status: 503 }]) {
      const [p] = await Promise.all([flow.acquire()]);
      p!.release(outcome);
    }
    expect(flow.rate).toBeUndefined();
    expect(flow.stats().throttledResponses).toBe(2);
  });

  describe('from the headers', () => {
    const families: Array<[string, Record<string, string>]> = [
      ['draft -07 RateLimit-Policy and RateLimit', { 'ratelimit-policy': '20;w=1', ratelimit: 'limit=20, remaining=0, reset=1' }],
      ['draft -08 structured fields', { 'ratelimit-policy': '"burst";q=100;w=5, "day";q=10000;w=86400', ratelimit: '"burst";r=0;t=1' }],
      ['older RateLimit-Limit / -Remaining / -Reset', { 'ratelimit-limit': '20', 'ratelimit-remaining': '0', 'ratelimit-reset': '1' }],
      ['X-RateLimit-* with reset in seconds', { 'x-ratelimit-limit': '20', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' }],
      [
        'X-RateLimit-* with reset as a Unix time',
        { 'x-ratelimit-limit': '20', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(1_800_000_000 + 1) },
      ],
      ['X-Rate-Limit-* (Okta spelling)', { 'x-rate-limit-limit': '20', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': '1' }],
    ];
    for (const [family, headers] of families) {
      it(`${family}: with nothing remaining, waits for the next slot at just under 20 requests/s, without a 429`, async () => {
        const vt = virtualTime();
        const flow = flowOn(vt);
        const [p] = await Promise.all([flow.acquire()]);
        p!.release({ status: 200, headers });
        expect(flow.rate).toBeCloseTo(20 * 0.95, 5);
        const times = await grantTimes(vt, flow, 5, { status: 200 });
        const gaps = times.slice(1).map((t, i) => t - times[i]!);
        // The first waits for the one request held back as a margin, then one every 1 / 19 s.
        expect(times[0]).toBeGreaterThanOrEqual(1000 / 19 - 1);
        for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1000 / 19 - 1);
        for (const gap of gaps) expect(gap).toBeLessThanOrEqual(1000 / 19 + 2);
        expect(flow.stats()).toMatchObject({ pacedBy: 'headers', throttled: false });
        expect(flow.stats().pacedRps).toBeCloseTo(19, 1);
      });
    }

    it('uses the remaining count to avoid the first 429 of a token bucket that sends the draft headers', async () => {
      const run = await against({ perSecond: 30, burst: 10, headers: 'draft' });
      expect(run.stats.pacedBy).toBe('headers');
      expect(run.stats.status429).toBeLessThanOrEqual(8);
      expect(run.wallMs / run.ideal).toBeLessThanOrEqual(1.1);
      const slow = await against({ perSecond: 5, burst: 2, headers: 'draft' });
      expect(slow.share).toBeLessThanOrEqual(0.03);
      expect(slow.wallMs / slow.ideal).toBeLessThanOrEqual(1.1);
    });

    it('a declared policy without a remaining count waits for a throttle before it paces', async () => {
      const vt = virtualTime();
      const flow = flowOn(vt);
      const [p] = await Promise.all([flow.acquire()]);
      p!.release({ status: 200, headers: { 'ratelimit-policy': '20;w=1' } });
      expect(flow.rate).toBeUndefined();
      const [q] = await Promise.all([flow.acquire()]);
      q!.release({ status: 429, pauseMs: 1000, headers: { 'ratelimit-policy': '20;w=1' } });
      expect(flow.rate).toBeCloseTo(19, 5);
    });
  });

  describe('maxRate', () => {
    it('spaces sends at maxRate from the first request, and reports it', async () => {
      const vt = virtualTime();
      const flow = flowOn(vt, { maxRate: 10 });
      const times = await grantTimes(vt, flow, 6);
      expect(times[0]).toBe(0);
      const gaps = times.slice(1).map((t, i) => t - times[i]!);
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(99);
      for (const gap of gaps) expect(gap).toBeLessThanOrEqual(102);
      expect(flow.stats()).toMatchObject({ maxRate: 10, pacedRps: 10, pacedBy: 'maxRate' });
    });

    it('caps a rate the target would take, declared or estimated', async () => {
      const declared = await against({ perSecond: 30, burst: 10, headers: 'draft' }, { maxRate: 12, total: 60 });
      expect(declared.stats.pacedRps).toBe(12);
      expect(declared.stats.status429).toBe(0);
      expect(declared.wallMs).toBeGreaterThanOrEqual((59 / 12) * 1000);
      const estimated = await against({ perSecond: 30, burst: 10 }, { maxRate: 12, total: 60 });
      expect(estimated.stats.pacedRps).toBe(12);
      expect(estimated.stats.status429).toBe(0);
    });

    it('rejects a cap that is not a positive number', () => {
      expect(() => new FlowControl({ maxRate: 0 })).toThrow(RangeError);
      expect(() => new FlowControl({ maxRate: Number.NaN })).toThrow(RangeError);
    });
  });
});

describe('rate hints', () => {
  it('splits structured-field lists at top-level commas only', () => {
    expect(splitMembers('a, "b,c";q=1 ,d')).toEqual(['a', '"b,c";q=1', 'd']);
  });

  it('reads policies in both syntaxes, and the quota items older drafts put in RateLimit-Limit', () => {
    expect(parsePolicies('30;w=1')).toEqual([{ quota: 30, windowSeconds: 1 }]);
    expect(parsePolicies('"default";q=100;w=60, "daily";q=1000;w=86400')).toEqual([
      { name: 'default', quota: 100, windowSeconds: 60 },
      { name: 'daily', quota: 1000, windowSeconds: 86400 },
    ]);
    expect(readRateHint({ 'ratelimit-limit': '10, 10;w=1, 1000;w=3600', 'ratelimit-remaining': '4' }, 0)).toMatchObject({
      limit: 10,
      remaining: 4,
      policies: [
        { quota: 10, windowSeconds: 1 },
        { quota: 1000, windowSeconds: 3600 },
      ],
    });
    expect(parsePolicies('nonsense, 5;q=1')).toEqual([]);
  });

  it('takes the binding policy: the named one, else the shortest window that can hold the remaining count', () => {
    const hint = (headers: Record<string, string>) => readRateHint(headers, 0)!;
    expect(
      declaredRate(hint({ 'ratelimit-policy': '"a";q=10;w=1, "b";q=1000;w=3600', ratelimit: '"b";r=500;t=100' }), undefined),
    ).toBeCloseTo(1000 / 3600);
    expect(declaredRate(hint({ 'ratelimit-policy': '10;w=1, 1000;w=3600', ratelimit: 'limit=10, remaining=5, reset=1' }), undefined)).toBe(
      10,
    );
    expect(
      declaredRate(hint({ 'ratelimit-policy': '10;w=1, 1000;w=3600', ratelimit: 'limit=1000, remaining=500, reset=100' }), undefined),
    ).toBeCloseTo(1000 / 3600);
    // No policy: limit over the longest reset seen.
    expect(declaredRate(hint({ 'x-ratelimit-limit': '600', 'x-ratelimit-remaining': '3' }), 60)).toBe(10);
    expect(declaredRate(hint({ 'x-ratelimit-limit': '600', 'x-ratelimit-remaining': '3' }), undefined)).toBeUndefined();
  });

  it('tells a reset delay from a Unix time in seconds or milliseconds', () => {
    const now = 1_800_000_000_000;
    expect(resetDelaySeconds(30, now)).toBe(30);
    expect(resetDelaySeconds(1_800_000_030, now)).toBe(30);
    expect(resetDelaySeconds(1_800_000_030_000, now)).toBe(30);
    expect(resetDelaySeconds(1_700_000_000, now)).toBe(0);
  });

  it('ignores headers that say nothing about a limit', () => {
    expect(readRateHint({ 'content-type': 'application/scim+json' }, 0)).toBeUndefined();
    expect(readRateHint(undefined, 0)).toBeUndefined();
  });

  it('replays sends through a token bucket: the burst they needed, and the rates that fit a refusal', () => {
    expect(burstNeeded([0, 0, 0, 0], 10)).toBe(4);
    expect(burstNeeded([0, 100, 200, 300], 10)).toBe(1);
    // A bucket of 10, refilled at 10 per second, empty at 0 and full at 1000 ms; one send every 50 ms (20/s) from
    // then on: 19 go through (10 stored, 9 refilled by 1900 ms) and the one at 1950 ms is refused.
    const sends = Array.from({ length: 19 }, (_, i) => 1000 + i * 50);
    const capacity = () => 10;
    const low = lowestRefillRate(0, sends, capacity, 1000)!;
    const high = highestRefillRate(0, sends, 1950, capacity, 1000);
    expect(low).toBeGreaterThan(9.9);
    expect(low).toBeLessThan(10.01);
    // At 1950 ms a rate r leaves 10 - 19 + 0.95 r: under one request up to r = 10.53.
    expect(high).toBeGreaterThanOrEqual(10);
    expect(high).toBeCloseTo(10 / 0.95, 2);
    expect(lowestRefillRate(0, sends, capacity, 5)).toBeUndefined();
  });
});
