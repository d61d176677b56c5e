// The adaptive limit of requests in flight: halving on throttling (once per burst), growth back, real bounds,
// and the figures it reports. Unit tests use a clock of their own; one test runs the client against a throttling
// reference server.
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../reference/rate-limit.ts';
import type { ScimHttpError } from '../reference/scim-error.ts';
import { startReferenceServer } from '../reference/server.ts';
import { ScimClient } from '../src/http/client.ts';
import { bestWindowCount, FlowControl, type Permit } from '../src/http/flow-control.ts';
import { Redactor } from '../src/http/redactor.ts';

/**
 * A clock of the test's own. Since a throttle also sets a send rate, FlowControl may wait for a send slot: its
 * timers run at once and move this clock to when they were due.
 */
function clock(start = 0) {
  const c = {
    t: start,
    now: () => c.t,
    setTimer: (fn: () => void, ms: number) => {
      const due = c.t + ms;
      const handle = setTimeout(() => {
        c.t = Math.max(c.t, due);
        fn();
      }, 0);
      return () => clearTimeout(handle);
    },
  };
  return c;
}

async function permits(flow: FlowControl, n: number): Promise<Permit[]> {
  return Promise.all(Array.from({ length: n }, () => flow.acquire()));
}

describe('FlowControl', () => {
  it('starts at the configured concurrency, 8 by default', () => {
    expect(new FlowControl().limit).toBe(8);
    expect(new FlowControl({ concurrency: 3 }).limit).toBe(3);
    expect(() => new FlowControl({ concurrency: 0 })).toThrow(RangeError);
  });

  it('halves the limit on a 429 or a 503, down to 1 and no further', async () => {
    const c = clock();
    const flow = new FlowControl({ concurrency: 8, now: c.now, setTimer: c.setTimer });
    const seen: number[] = [];
    for (const status of [429, 503, 429, 429, 429]) {
      const [permit] = await permits(flow, 1);
      c.t += 5_000;
      permit!.release({ status });
      seen.push(flow.limit);
    }
    expect(seen).toEqual([4, 2, 1, 1, 1]);
    expect(flow.stats()).toMatchObject({
      lowestLimit: 1,
      decreases: 3,
      throttledResponses: 5,
      status429: 4,
      status503: 1,
      throttled: true,
    });
  });

  it('counts a burst of throttled answers once: those sent before the halving, and those within the burst window after it', async () => {
    const c = clock();
    const flow = new FlowControl({ concurrency: 8, burstWindowMs: 1000, now: c.now, setTimer: c.setTimer });
    const burst = await permits(flow, 8);
    c.t = 100;
    for (const permit of burst) permit.release({ status: 429 });
    expect(flow.limit).toBe(4);

    // Sent after the halving but answered within the window: still the same burst.
    const [soon] = await permits(flow, 1);
    c.t = 600;
    soon!.release({ status: 429 });
    expect(flow.limit).toBe(4);

    // Sent after the halving and answered after the window: a new burst.
    const [later] = await permits(flow, 1);
    c.t = 1200;
    later!.release({ status: 429 });
    expect(flow.limit).toBe(2);
    expect(flow.stats().decreases).toBe(2);
  });

  it('grows back by one after `limit` answers in a row that were not throttled, up to the maximum', async () => {
    const c = clock();
    const flow = new FlowControl({ concurrency: 4, now: c.now, setTimer: c.setTimer });
    const [first] = await permits(flow, 1);
    first!.release({ status: 429 });
    expect(flow.limit).toBe(2);
    const answer = async (status: number) => {
      const [p] = await permits(flow, 1);
      c.t += 10;
      p!.release({ status });
    };
    await answer(200);
    expect(flow.limit).toBe(2);
    await answer(404); // any answer but 429/503 counts as the target keeping up
    expect(flow.limit).toBe(3);
    for (let i = 0; i < 3; i += 1) await answer(201);
    expect(flow.limit).toBe(4);
    for (let i = 0; i < 20; i += 1) await answer(200);
    expect(flow.limit).toBe(4);
    expect(flow.stats().lowestLimit).toBe(2);
  });

  it('a request without a response neither halves nor grows the limit', async () => {
    const c = clock();
    const flow = new FlowControl({ concurrency: 2, now: c.now, setTimer: c.setTimer });
    const [p] = await permits(flow, 1);
    p!.release({ status: 503 });
    expect(flow.limit).toBe(1);
    const [q] = await permits(flow, 1);
    q!.release({});
    expect(flow.limit).toBe(1);
    expect(flow.stats()).toMatchObject({ requests: 2, responses: 1, noResponse: 1 });
  });

  it('never lets more than `limit` attempts out at once, and lets the next one go when one ends', async () => {
    const flow = new FlowControl({ concurrency: 3 });
    let out = 0;
    let most = 0;
    const attempt = async () => {
      out += 1;
      most = Math.max(most, out);
      await new Promise((resolve) => setTimeout(resolve, 2));
      out -= 1;
      return { status: 200 };
    };
    const underPermit = async () => {
      const permit = await flow.acquire();
      permit.release(await attempt());
    };
    await Promise.all(Array.from({ length: 30 }, underPermit));
    expect(most).toBe(3);
    expect(flow.stats().requests).toBe(30);

    const held = await permits(flow, 3);
    let granted = false;
    const next = flow.acquire().then((p) => {
      granted = true;
      return p;
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(granted).toBe(false);
    expect(flow.waiting).toBe(1);
    held[0]!.release({ status: 200 });
    (await next).release({ status: 200 });
    expect(granted).toBe(true);
    for (const p of held.slice(1)) p.release({ status: 200 });
  });

  it('after halving, the lower limit really bounds what is in flight', async () => {
    const flow = new FlowControl({ concurrency: 4 });
    const [p] = await permits(flow, 1);
    // A 503 without Retry-After halves the limit but sets no send rate, which would hold the permits below back.
    p!.release({ status: 503 });
    expect(flow.limit).toBe(2);
    const held = await permits(flow, 2);
    let third = false;
    void flow.acquire().then((q) => {
      third = true;
      q.release({ status: 200 });
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(flow.inFlight).toBe(2);
    expect(third).toBe(false);
    for (const h of held) h.release({ status: 200 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(third).toBe(true);
  });

  it('holds back new attempts for a Retry-After pause, and lets retries go first', async () => {
    const flow = new FlowControl({ concurrency: 4 });
    const [p] = await permits(flow, 1);
    const started = performance.now();
    p!.release({ status: 429, pauseMs: 60 });
    const order: string[] = [];
    const first = flow.acquire().then((q) => {
      order.push('first attempt');
      q.release({ status: 200 });
    });
    const retry = flow.acquire({ retry: true }).then((q) => {
      order.push('retry');
      q.release({ status: 200 });
    });
    await Promise.all([first, retry]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    expect(order).toEqual(['retry', 'first attempt']);
  });

  it('reports the best sustained rate over a sliding 2 s window, throttled answers left out', async () => {
    const c = clock();
    const flow = new FlowControl({ concurrency: 8, rateWindowMs: 2000, now: c.now, setTimer: c.setTimer });
    // 10 answers in the first second, then 30 within 1.5 s, then a 429.
    for (let i = 0; i < 10; i += 1) {
      const [p] = await permits(flow, 1);
      c.t = i * 100;
      p!.release({ status: 200 });
    }
    c.t = 5_000;
    for (let i = 0; i < 30; i += 1) {
      const [p] = await permits(flow, 1);
      c.t = 5_000 + i * 50;
      p!.release({ status: 201 });
    }
    const [p] = await permits(flow, 1);
    p!.release({ status: 429 });
    const stats = flow.stats();
    expect(stats).toEqual({
      concurrency: 8,
      limit: 4,
      lowestLimit: 4,
      requests: 41,
      responses: 41,
      throttledResponses: 1,
      status429: 1,
      status503: 0,
      noResponse: 0,
      decreases: 1,
      throttled: true,
      sustainedRps: 15,
      rateWindowMs: 2000,
      // The 429 sets a send rate, but no request came after it to be held back.
      pacedRps: null,
    });
    expect(JSON.parse(JSON.stringify(stats))).toEqual(stats);
  });

  it('finds the best window of completion times', () => {
    expect(bestWindowCount([], 1000)).toBe(0);
    expect(bestWindowCount([0, 100, 999, 1000, 1001, 5000], 1000)).toBe(4);
    expect(bestWindowCount([0, 2000, 4000], 1000)).toBe(1);
  });
});

describe('ScimClient with FlowControl against a rate-limited server', () => {
  it('gets every request answered (no final 429) and the figures say the server throttled', async () => {
    const token = 'flow-control-token-8d1e';
    const server = await startReferenceServer({ auth: { mode: 'bearer', token }, rateLimit: { perSecond: 15 } });
    const flow = new FlowControl({ concurrency: 8 });
    const client = new ScimClient({
      baseUrl: server.baseUrl,
      auth: { mode: 'bearer', token },
      timeoutMs: 5000,
      redactor: new Redactor([token]),
      flow,
    });
    try {
      const exchanges = await Promise.all(
        Array.from({ length: 40 }, (_, i) => client.get('/Users', { filter: `userName eq "nobody-${i}"` })),
      );
      expect(exchanges.map((e) => e.status)).toEqual(Array.from({ length: 40 }, () => 200));
      expect(exchanges.some((e) => e.throttled?.some((t) => t.status === 429 && t.responseHeaders['retry-after'] === '1'))).toBe(true);
      const stats = flow.stats();
      expect(stats.throttled).toBe(true);
      expect(stats.status429).toBe(server.rateLimitedCount());
      expect(stats.lowestLimit).toBeLessThan(8);
      expect(stats.requests).toBe(40 + stats.throttledResponses);
      // The pause after Retry-After keeps the client from hammering: far fewer refusals than requests.
      expect(stats.throttledResponses).toBeLessThan(20);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('without FlowControl the client behaves as before', async () => {
    const server = await startReferenceServer();
    const client = new ScimClient({ baseUrl: server.baseUrl, auth: { mode: 'none' }, timeoutMs: 5000, redactor: new Redactor([]) });
    try {
      const exchange = await client.get('/Users');
      expect(exchange.status).toBe(200);
    } finally {
      await client.close();
      await server.close();
    }
  });
});

describe('the reference server with rateLimit', () => {
  it('answers 429 with Retry-After and a SCIM Error above perSecond requests in the current second', async () => {
    const server = await startReferenceServer({ rateLimit: { perSecond: 3, retryAfterSeconds: 2 } });
    try {
      const answers = [];
      for (let i = 0; i < 10; i += 1) {
        const response = await request(`${server.baseUrl}/Users`);
        answers.push({ status: response.statusCode, retryAfter: response.headers['retry-after'], body: await response.body.json() });
      }
      // Ten requests span at most two clock seconds here: at most six are admitted.
      const refused = answers.filter((a) => a.status === 429);
      expect(refused.length).toBeGreaterThanOrEqual(4);
      expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(3);
      expect(refused[0]).toMatchObject({
        retryAfter: '2',
        body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '429' },
      });
      expect(server.rateLimitedCount()).toBe(refused.length);
    } finally {
      await server.close();
    }
  });

  it('rejects a limit that is not a whole number of at least 1', async () => {
    await expect(startReferenceServer({ rateLimit: { perSecond: 0 } })).rejects.toThrow(/perSecond/);
    await expect(startReferenceServer({ rateLimit: { perSecond: 5, burst: 0 } })).rejects.toThrow(/burst/);
  });

  it('as a token bucket: bursts up to burst, refills continuously, and a 429 says when the next token comes, rounded up', () => {
    const c = clock(1_000_000);
    const limiter = new RateLimiter({ perSecond: 4, burst: 3 }, c.now);
    const outcome = () => {
      try {
        limiter.admit();
        return 'ok';
      } catch (error) {
        return `429 ${(error as ScimHttpError).headers['Retry-After']}`;
      }
    };
    expect([outcome(), outcome(), outcome(), outcome()]).toEqual(['ok', 'ok', 'ok', '429 1']);
    c.t += 250; // one token refilled
    expect([outcome(), outcome()]).toEqual(['ok', '429 1']);
    c.t += 10_000; // full again, no more than burst
    expect([outcome(), outcome(), outcome(), outcome()]).toEqual(['ok', 'ok', 'ok', '429 1']);
    expect(limiter.refused()).toBe(3);
    // A refill slower than a token a second: Retry-After is the wait for the next one.
    const slow = new RateLimiter({ perSecond: 1, burst: 1 }, c.now);
    slow.admit();
    c.t += 100;
    expect(() => slow.admit()).toThrow(expect.objectContaining({ status: 429, headers: expect.objectContaining({ 'Retry-After': '1' }) }));
  });

  it("with headers: 'draft', describes the limit in RateLimit-Policy and RateLimit on every SCIM answer", async () => {
    const server = await startReferenceServer({ rateLimit: { perSecond: 2, burst: 2, headers: 'draft' } });
    try {
      const answers = [];
      for (let i = 0; i < 3; i += 1) {
        const response = await request(`${server.baseUrl}/Users`);
        await response.body.dump();
        answers.push({
          status: response.statusCode,
          policy: response.headers['ratelimit-policy'],
          limit: response.headers.ratelimit,
          retryAfter: response.headers['retry-after'],
        });
      }
      expect(answers[0]).toMatchObject({ status: 200, policy: '2;w=1', limit: expect.stringMatching(/^limit=2, remaining=1, reset=1$/) });
      expect(answers[1]).toMatchObject({ status: 200, limit: expect.stringMatching(/^limit=2, remaining=0, reset=[01]$/) });
      expect(answers[2]).toMatchObject({
        status: 429,
        policy: '2;w=1',
        limit: expect.stringMatching(/^limit=2, remaining=0, reset=1$/),
        retryAfter: '1',
      });
      expect(server.rateLimitedCount()).toBe(1);
      // A 404 the limiter let through carries them too.
      const missing = await request(`${server.baseUrl}/Users/nobody`);
      await missing.body.dump();
      expect(missing.headers['ratelimit-policy']).toBe('2;w=1');
    } finally {
      await server.close();
    }
  });

  it('without headers, a token bucket sends Retry-After only', async () => {
    const server = await startReferenceServer({ rateLimit: { perSecond: 1, burst: 1 } });
    try {
      const first = await request(`${server.baseUrl}/Users`);
      await first.body.dump();
      const second = await request(`${server.baseUrl}/Users`);
      await second.body.dump();
      expect(first.statusCode).toBe(200);
      expect(first.headers).not.toHaveProperty('ratelimit');
      expect(second.statusCode).toBe(429);
      expect(second.headers['retry-after']).toBe('1');
      expect(second.headers).not.toHaveProperty('ratelimit-policy');
    } finally {
      await server.close();
    }
  });
});
