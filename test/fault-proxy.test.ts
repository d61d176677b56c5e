// The fault proxy that other tests put between the client and the reference server: each fault does to an undici
// client what it claims (and, for a lost answer, to the target what it claims), decisions replay from a seed, and
// with every probability at 0 the proxy is transparent.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, type Dispatcher, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReferenceServer, startReferenceServer } from '../reference/server.ts';
import { type Decision, type FaultProxy, type FaultProxyOptions, mulberry32, startFaultProxy } from './support/fault-proxy.ts';

const TOKEN = 'x';
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
/** What undici reports when the peer resets the connection: the raw socket error, or its own wrapper. */
const RESET_CODES = ['ECONNRESET', 'UND_ERR_SOCKET'];

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}
type Outcome = Answer | { error: string };

let server: ReferenceServer;
let agent: Agent;
const proxies: FaultProxy[] = [];

beforeAll(async () => {
  server = await startReferenceServer({ auth: { mode: 'bearer', token: TOKEN } });
  // Pooled keep-alive connections, as the client under test uses; one per origin so a reset hits a reused socket.
  agent = new Agent({ connections: 1, headersTimeout: 10_000, bodyTimeout: 10_000 });
});

afterAll(async () => {
  // Proxies first: closing one resets its connections, which the agent then drops.
  await Promise.all(proxies.map((p) => p.close()));
  await agent?.close();
  await server?.close();
});

async function proxy(options: Omit<FaultProxyOptions, 'target'>): Promise<FaultProxy> {
  const started = await startFaultProxy({ target: server.baseUrl, ...options });
  proxies.push(started);
  return started;
}

async function send(
  base: string,
  path: string,
  init: { method?: Dispatcher.HttpMethod; body?: unknown; auth?: boolean; dispatcher?: Dispatcher } = {},
): Promise<Outcome> {
  const headers: Record<string, string> = { accept: 'application/scim+json' };
  if (init.auth !== false) headers.authorization = `Bearer ${TOKEN}`;
  if (init.body !== undefined) headers['content-type'] = 'application/scim+json';
  try {
    const res = await request(`${base}${path}`, {
      dispatcher: init.dispatcher ?? agent,
      method: init.method ?? 'GET',
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    return { status: res.statusCode, headers: res.headers, body: Buffer.from(await res.body.arrayBuffer()) };
  } catch (error) {
    const e = error as { code?: string; cause?: { code?: string }; message?: string };
    return { error: e.code ?? e.cause?.code ?? e.message ?? String(error) };
  }
}

function answered(outcome: Outcome): Answer {
  if ('error' in outcome) throw new Error(`expected an answer, got ${outcome.error}`);
  return outcome;
}

function errorOf(outcome: Outcome): string {
  if (!('error' in outcome)) throw new Error(`expected no answer, got ${outcome.status}: ${outcome.body.toString('utf8').slice(0, 200)}`);
  return outcome.error;
}

/** A status, or the error code when there was no answer: one comparable word per request. */
function seen(outcome: Outcome): number | string {
  return 'error' in outcome ? outcome.error : outcome.status;
}

function json(answer: Answer): Record<string, unknown> {
  return JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>;
}

const newUser = (tag: string) => ({ schemas: [USER_SCHEMA], userName: `fault-proxy-${tag}-${randomUUID()}@example.com`, active: true });

async function usersNamed(userName: string): Promise<Array<Record<string, unknown>>> {
  const list = json(answered(await send(server.baseUrl, `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`)));
  return list.Resources as Array<Record<string, unknown>>;
}

describe('fault proxy', () => {
  it('refuses a target that is not http://127.0.0.1:PORT, and settings out of range', async () => {
    for (const target of [
      'http://example.com/scim/v2',
      'http://10.0.0.1:8080/',
      'http://localhost:8080/',
      'https://127.0.0.1:8443/',
      'http://127.0.0.1/',
      'http://[::1]:8080/',
      'http://user:pw@127.0.0.1:8080/',
      'not a url',
    ]) {
      await expect(startFaultProxy({ target }), target).rejects.toThrow(/127\.0\.0\.1|not a URL/);
    }
    await expect(startFaultProxy({ target: server.baseUrl, badGateway: 1.5 })).rejects.toThrow(RangeError);
    await expect(startFaultProxy({ target: server.baseUrl, delayMs: { probability: 1, range: [50, 10] } })).rejects.toThrow(RangeError);
    await expect(startFaultProxy({ target: server.baseUrl, outage: { answer: 'refuse', untilRequest: 3 } })).rejects.toThrow(/untilTime/);
    const p = await proxy({ seed: 1 });
    expect(() => p.setOptions({ loseResponse: -0.1 })).toThrow(RangeError);
    expect(answered(await send(p.url, '/ServiceProviderConfig')).status).toBe(200);
  });

  it('with every probability 0 forwards everything untouched: same statuses, headers and bytes as the target', async () => {
    const p = await proxy({
      seed: 7,
      resetBeforeForward: 0,
      loseResponse: 0,
      badGateway: 0,
      gatewayTimeout: 0,
      delayMs: { probability: 0, range: [1000, 2000] },
    });
    expect(new URL(p.url).pathname).toBe(new URL(server.baseUrl).pathname);

    const created = answered(await send(p.url, '/Users', { method: 'POST', body: newUser('clean') }));
    expect(created.status).toBe(201);
    const id = json(created).id as string;
    // The target builds meta.location from Host: equal bytes mean the proxy sent the target's own host.
    expect(json(created).meta).toMatchObject({ location: `${server.baseUrl}/Users/${id}` });

    for (const [path, auth] of [
      [`/Users/${id}`, true],
      [`/Users?filter=${encodeURIComponent(`id eq "${id}"`)}&count=5`, true],
      ['/ServiceProviderConfig', true],
      ['/Users', false],
      ['/Nowhere', true],
    ] as const) {
      const direct = answered(await send(server.baseUrl, path, { auth }));
      const via = answered(await send(p.url, path, { auth }));
      expect(via.status, path).toBe(direct.status);
      expect(via.body.equals(direct.body), path).toBe(true);
      for (const header of ['content-type', 'etag', 'location', 'www-authenticate'])
        expect(via.headers[header], `${path} ${header}`).toEqual(direct.headers[header]);
    }

    const removed = answered(await send(p.url, `/Users/${id}`, { method: 'DELETE' }));
    expect(removed.status).toBe(204);
    expect(removed.body.length).toBe(0);
    expect(server.users.has(id)).toBe(false);
    expect(p.stats()).toMatchObject({ total: 7, forward: 7, delayed: 0, resetBeforeForward: 0, loseResponse: 0 });
    expect(p.log.map((e) => [e.method, e.status])).toEqual([
      ['POST', 201],
      ['GET', 200],
      ['GET', 200],
      ['GET', 200],
      ['GET', 401],
      ['GET', 404],
      ['DELETE', 204],
    ]);
  });

  it('resetBeforeForward: the client sees a reset on its pooled connection, the target never sees the request', async () => {
    let firstPostSeen = false;
    const p = await proxy({
      seed: 2,
      interceptor: (req) => {
        if (firstPostSeen || req.method !== 'POST' || !/\/Users$/.test(req.pathname)) return undefined;
        firstPostSeen = true;
        return 'resetBeforeForward';
      },
    });
    // A kept-alive connection first, so the reset lands on a socket the pool reuses.
    expect(answered(await send(p.url, '/ServiceProviderConfig')).status).toBe(200);
    const before = server.requestCount();
    const user = newUser('reset');
    // Exactly ECONNRESET: the proxy sends an RST. A plain destroy() sends a FIN, which undici reports as
    // UND_ERR_SOCKET "other side closed", a clean close rather than a reset.
    expect(errorOf(await send(p.url, '/Users', { method: 'POST', body: user }))).toBe('ECONNRESET');
    expect(server.requestCount()).toBe(before);
    expect(await usersNamed(user.userName)).toEqual([]);

    // The pool recovers: the next request goes out on a new connection and only the first POST was faulted.
    const again = answered(await send(p.url, '/Users', { method: 'POST', body: user }));
    expect(again.status).toBe(201);
    expect(p.log.map((e) => [e.n, e.method, e.decision, e.by])).toEqual([
      [1, 'GET', 'forward', 'chance'],
      [2, 'POST', 'resetBeforeForward', 'interceptor'],
      [3, 'POST', 'forward', 'chance'],
    ]);
    expect(p.log[1]!.status).toBeUndefined();
    await send(server.baseUrl, `/Users/${json(again).id as string}`, { method: 'DELETE' });
  });

  it('an interceptor can reset exactly the 7th request', async () => {
    const p = await proxy({ seed: 3, interceptor: (_req, n) => (n === 7 ? 'resetBeforeForward' : 'forward') });
    const outcomes: Array<number | string> = [];
    for (let i = 0; i < 10; i += 1) outcomes.push(seen(await send(p.url, '/ServiceProviderConfig')));
    expect(outcomes.map((o, i) => (i === 6 ? RESET_CODES.includes(String(o)) : o === 200))).toEqual(Array.from({ length: 10 }, () => true));
    expect(p.log.filter((e) => e.decision !== 'forward').map((e) => e.n)).toEqual([7]);
  });

  it('loseResponse: the target created the user while the client saw a reset; lostCreates() says what the target answered', async () => {
    const p = await proxy({ seed: 4, loseResponse: { probability: 1, methods: ['POST'], path: /\/Users$/ } });
    const users = [newUser('lost-a'), newUser('lost-b')];
    for (const user of users) expect(RESET_CODES).toContain(errorOf(await send(p.url, '/Users', { method: 'POST', body: user })));
    // The filter keeps GETs out of the fault: the lookup goes through the proxy untouched.
    expect(answered(await send(p.url, `/Users?filter=${encodeURIComponent(`userName eq "${users[0]!.userName}"`)}`)).status).toBe(200);

    const lost = p.lostCreates();
    expect(lost.map((l) => [l.n, l.status, (l.requestBody as { userName: string }).userName])).toEqual([
      [1, 201, users[0]!.userName],
      [2, 201, users[1]!.userName],
    ]);
    // Settling each lost create, as a cleanup would: found on the target by filter, then removed.
    for (const create of lost) {
      const body = create.body as { id: string; userName: string };
      const found = await usersNamed(body.userName);
      expect(found.map((u) => u.id)).toEqual([body.id]);
      expect(answered(await send(server.baseUrl, `/Users/${body.id}`, { method: 'DELETE' })).status).toBe(204);
      expect(await usersNamed(body.userName)).toEqual([]);
    }
    expect(p.stats()).toMatchObject({ total: 3, loseResponse: 2, forward: 1 });
  });

  it('badGateway and gatewayTimeout answer 502 and 504 in HTML without reaching the target; setOptions changes them mid-run', async () => {
    const p = await proxy({ seed: 5, badGateway: 1 });
    const before = server.requestCount();
    const bad = answered(await send(p.url, '/Users'));
    p.setOptions({ badGateway: 0, gatewayTimeout: 1 });
    const late = answered(await send(p.url, '/Users'));
    expect(server.requestCount()).toBe(before);
    p.setOptions({ gatewayTimeout: undefined });
    const fine = answered(await send(p.url, '/Users'));

    expect([bad.status, late.status, fine.status]).toEqual([502, 504, 200]);
    for (const [answer, text] of [
      [bad, '502 Bad Gateway'],
      [late, '504 Gateway Time-out'],
    ] as const) {
      expect(answer.headers['content-type']).toMatch(/^text\/html/);
      expect(answer.body.toString('utf8')).toContain(`<title>${text}</title>`);
    }
    expect(p.log.map((e) => e.decision)).toEqual<Decision[]>(['badGateway', 'gatewayTimeout', 'forward']);
  });

  it('delayMs holds matching requests for a time within its range before forwarding', async () => {
    const p = await proxy({ seed: 6, delayMs: { probability: 1, range: [150, 220], methods: ['GET'] } });
    const started = performance.now();
    expect(answered(await send(p.url, '/ServiceProviderConfig')).status).toBe(200);
    const elapsed = performance.now() - started;
    const user = answered(await send(p.url, '/Users', { method: 'POST', body: newUser('delay') }));
    expect(user.status).toBe(201);

    const [get, post] = p.log;
    expect(get!.delayMs).toBeGreaterThanOrEqual(150);
    expect(get!.delayMs).toBeLessThanOrEqual(220);
    expect(elapsed).toBeGreaterThanOrEqual(get!.delayMs! - 2);
    expect(post!.delayMs).toBeUndefined();
    expect(p.stats().delayed).toBe(1);
    await send(server.baseUrl, `/Users/${json(user).id as string}`, { method: 'DELETE' });
  });

  it('a 503 outage covers requests 3 to 5 exactly, without Retry-After, and the target sees none of them', async () => {
    const p = await proxy({ seed: 8, outage: { answer: 503, fromRequest: 3, untilRequest: 6 } });
    const before = server.requestCount();
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 8; i += 1) outcomes.push(await send(p.url, '/ServiceProviderConfig'));
    expect(outcomes.map(seen)).toEqual([200, 200, 503, 503, 503, 200, 200, 200]);
    for (const outcome of outcomes.slice(2, 5)) {
      expect(answered(outcome).headers['retry-after']).toBeUndefined();
      expect(answered(outcome).body.toString('utf8')).toContain('<h1>503 ');
    }
    expect(server.requestCount() - before).toBe(5);
    expect(p.log.map((e) => e.decision)).toEqual<Decision[]>([
      'forward',
      'forward',
      'outage503',
      'outage503',
      'outage503',
      'forward',
      'forward',
      'forward',
    ]);
  });

  it('a resetting outage covers requests 2 and 3, and one that opens at once ends at its untilTime', async () => {
    const resets = await proxy({ seed: 9, outage: { answer: 'reset', fromRequest: 2, untilRequest: 4 } });
    const outcomes: Array<number | string> = [];
    for (let i = 0; i < 5; i += 1) outcomes.push(seen(await send(resets.url, '/ServiceProviderConfig')));
    expect(outcomes.map((o) => (RESET_CODES.includes(String(o)) ? 'reset' : o))).toEqual([200, 'reset', 'reset', 200, 200]);

    const untilTime = Date.now() + 300;
    const timed = await proxy({ seed: 10, outage: { answer: 503, untilTime } });
    expect(seen(await send(timed.url, '/ServiceProviderConfig'))).toBe(503);
    await sleep(Math.max(0, untilTime - Date.now()) + 20);
    expect(seen(await send(timed.url, '/ServiceProviderConfig'))).toBe(200);
  });

  it('a refusing outage stops listening from request 2 (ECONNREFUSED) and listens again at its untilTime', async () => {
    const p = await proxy({ seed: 11, outage: { answer: 'refuse', fromRequest: 2, untilTime: Date.now() + 60_000 } });
    const port = new URL(p.url).port;
    expect(seen(await send(p.url, '/ServiceProviderConfig'))).toBe(200);
    expect(RESET_CODES).toContain(errorOf(await send(p.url, '/ServiceProviderConfig')));
    expect(errorOf(await send(p.url, '/ServiceProviderConfig'))).toBe('ECONNREFUSED');

    // A shorter window, ended by the proxy's own timer, on the same port.
    const untilTime = Date.now() + 200;
    p.setOptions({ outage: { answer: 'refuse', fromRequest: 2, untilTime } });
    expect(errorOf(await send(p.url, '/ServiceProviderConfig'))).toBe('ECONNREFUSED');
    let back: Outcome = { error: 'never tried' };
    for (let attempt = 0; attempt < 60 && 'error' in back; attempt += 1) {
      await sleep(25);
      back = await send(p.url, '/ServiceProviderConfig');
    }
    expect(seen(back)).toBe(200);
    expect(Date.now()).toBeGreaterThanOrEqual(untilTime);
    expect(new URL(p.url).port).toBe(port);
    // Refused connections never became requests: the log holds the three that arrived.
    expect(p.log.map((e) => e.decision)).toEqual<Decision[]>(['forward', 'outageRefuse', 'forward']);
  });

  it('replays: the same seed gives the same decisions over 200 requests, another seed different ones', async () => {
    const chances = {
      resetBeforeForward: 0.08,
      loseResponse: 0.08,
      badGateway: 0.08,
      gatewayTimeout: 0.08,
      delayMs: { probability: 0.1, range: [0, 3] as [number, number] },
    };
    const expected: Record<Decision, (o: number | string) => boolean> = {
      forward: (o) => o === 200,
      resetBeforeForward: (o) => RESET_CODES.includes(String(o)),
      loseResponse: (o) => RESET_CODES.includes(String(o)),
      badGateway: (o) => o === 502,
      gatewayTimeout: (o) => o === 504,
      outage503: () => false,
      outageReset: () => false,
      outageRefuse: () => false,
      proxyError: () => false,
    };
    async function run(seed: number): Promise<string[]> {
      const p = await proxy({ seed, ...chances });
      const outcomes: Array<number | string> = [];
      for (let i = 0; i < 200; i += 1) outcomes.push(seen(await send(p.url, '/ServiceProviderConfig')));
      // What the client saw agrees with what the log says was done.
      expect(p.log.filter((e, i) => !expected[e.decision](outcomes[i]!)).map((e) => `${e.n} ${e.decision} ${outcomes[e.n - 1]}`)).toEqual(
        [],
      );
      const stats = p.stats();
      expect(stats.total).toBe(200);
      for (const kind of ['forward', 'resetBeforeForward', 'loseResponse', 'badGateway', 'gatewayTimeout'] as const)
        expect(stats[kind], kind).toBeGreaterThan(0);
      expect(stats.delayed).toBeGreaterThan(0);
      await p.close();
      return p.log.map((e) => `${e.decision}${e.delayMs === undefined ? '' : `+${e.delayMs}ms`}`);
    }
    const first = await run(20260101);
    const replay = await run(20260101);
    const other = await run(42);
    expect(replay).toEqual(first);
    expect(other).not.toEqual(first);
    expect(other.filter((d, i) => d !== first[i]).length).toBeGreaterThan(20);

    expect(Array.from({ length: 5 }, mulberry32(9))).toEqual(Array.from({ length: 5 }, mulberry32(9)));
    const unseeded = await proxy({});
    expect(Number.isInteger(unseeded.seed)).toBe(true);
  });

  it('close() resets open connections, aborts a delayed request, stops listening, and may be called twice', async () => {
    const p = await startFaultProxy({
      target: server.baseUrl,
      seed: 12,
      delayMs: { probability: 1, range: [30_000, 30_000], path: /\/Users$/ },
    });
    try {
      expect(seen(await send(p.url, '/ServiceProviderConfig'))).toBe(200);
      const stuck = send(p.url, '/Users');
      for (let i = 0; i < 400 && p.log.length < 2; i += 1) await sleep(5);
      expect(p.log.length).toBe(2);
      const started = performance.now();
      await p.close();
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(RESET_CODES).toContain(errorOf(await stuck));
      expect(p.log[1]).toMatchObject({ decision: 'forward', delayMs: 30_000, clientGone: true });
      const fresh = new Agent();
      try {
        expect(errorOf(await send(p.url, '/ServiceProviderConfig', { dispatcher: fresh }))).toBe('ECONNREFUSED');
      } finally {
        await fresh.close();
      }
    } finally {
      await p.close();
    }
  });
});
