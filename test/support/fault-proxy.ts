// A loopback HTTP proxy for the project's own tests. It stands between a client and a target (the reference server)
// and resets, loses, fails, delays or stops answering requests, chosen by a seeded PRNG so that a run that failed
// can be replayed from its seed. Loopback only: it must never become a way to reach anything outside this machine.
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Faults that the dice or an interceptor can pick for one request. */
export type FaultKind = 'resetBeforeForward' | 'loseResponse' | 'badGateway' | 'gatewayTimeout';

/**
 * The order the dice are consulted in, so that with several faults likely the first that hits wins. Part of the
 * replay contract: changing it changes what a seed means.
 */
export const FAULT_KINDS: readonly FaultKind[] = ['resetBeforeForward', 'loseResponse', 'badGateway', 'gatewayTimeout'];

/** What the proxy did with one request. The outage decisions are named after the answer the outage gives. */
export type Decision = 'forward' | FaultKind | 'outage503' | 'outageReset' | 'outageRefuse' | 'proxyError';

const DECISIONS: readonly Decision[] = ['forward', ...FAULT_KINDS, 'outage503', 'outageReset', 'outageRefuse', 'proxyError'];

/** A fault applied with this probability to the requests that pass the filters (all of them without filters). */
export interface FaultRule {
  /** 0..1. */
  probability: number;
  /** Only these methods (case-insensitive). */
  methods?: string[];
  /** Only paths (the path part of the request target, query excluded) that match. */
  path?: RegExp;
}

export interface DelayRule extends FaultRule {
  /** Whole milliseconds, both ends included. */
  range: [min: number, max: number];
}

/**
 * Every request in the window gets the same answer. The window opens at fromRequest or fromTime, whichever comes first
 * (immediately with neither) and closes at untilRequest or untilTime, whichever comes first (never with neither).
 * Request numbers count every request the proxy received, from 1; untilRequest is the first one answered normally
 * again. Times are Date.now() values; they make a run depend on the clock, so replay with request numbers when you can.
 */
export interface OutageRule {
  /**
   * 503 with an HTML body and no Retry-After; 'reset': each request's connection reset; 'refuse': the proxy stops
   * listening (new connections get ECONNREFUSED, open ones are reset). A refusing proxy sees no requests, so a
   * refuse window can only end by untilTime or setOptions.
   */
  answer: 503 | 'reset' | 'refuse';
  fromRequest?: number;
  fromTime?: number;
  untilRequest?: number;
  untilTime?: number;
}

export interface InterceptedRequest {
  method: string;
  /** As received: path and query. */
  path: string;
  pathname: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * Picks the fault for request n (from 1): 'forward' for none, undefined to leave it to the dice. Not consulted for
 * requests inside an outage window. The delay keeps its own dice either way.
 */
export type Interceptor = (req: InterceptedRequest, n: number) => 'forward' | FaultKind | undefined;

/** What setOptions can change mid-run; a key present with the value undefined removes that setting. */
export interface FaultSettings {
  resetBeforeForward?: number | FaultRule;
  loseResponse?: number | FaultRule;
  badGateway?: number | FaultRule;
  gatewayTimeout?: number | FaultRule;
  /** A delay before forwarding (only requests that are forwarded: plain ones and loseResponse). */
  delayMs?: DelayRule;
  outage?: OutageRule;
  interceptor?: Interceptor;
}

export interface FaultProxyOptions extends FaultSettings {
  /** Base URL of the target, http://127.0.0.1:PORT/path; any other host is refused. */
  target: string;
  /**
   * A 32-bit unsigned integer; random by default (read it back from proxy.seed to replay). Draws are taken in the
   * order requests arrive, so a replay needs the same order: send sequentially when the decisions matter.
   */
  seed?: number;
  /** The proxy answers 504 when the target takes longer. Default 30 000. */
  upstreamTimeoutMs?: number;
}

export interface ProxyLogEntry {
  /** From 1, in the order requests reached the proxy. */
  n: number;
  method: string;
  /** As received: path and query. */
  path: string;
  decision: Decision;
  /** Who decided: the outage window, the interceptor, or the dice (also when they picked 'forward'). */
  by: 'outage' | 'interceptor' | 'chance';
  /** Milliseconds after the proxy started. */
  at: number;
  delayMs?: number;
  /** The target's status, when the request reached it and it answered. */
  status?: number;
  /** Forwarded, but the target did not answer (the proxy then answers 502, or 504 after upstreamTimeoutMs). */
  targetError?: string;
  /** The client's connection closed (or the proxy closed) before the answer could be given. */
  clientGone?: true;
  /** Why a proxyError decision was made. */
  error?: string;
  /** loseResponse only: what the target was sent and what it answered, so a test can settle what it did. */
  lost?: { requestBody: string; responseBody: string };
}

export type ProxyStats = Record<Decision, number> & { total: number; delayed: number };

export interface LostCreate {
  n: number;
  path: string;
  /** The target's status, undefined when it did not answer either. */
  status?: number;
  /** The target's answer parsed as JSON; undefined when it was not JSON. */
  body?: unknown;
  /** What the client sent, parsed as JSON; undefined when it was not JSON. */
  requestBody?: unknown;
}

export interface FaultProxy {
  /** http://127.0.0.1:PORT plus the target's path, usable as a Tenant URL. */
  url: string;
  seed: number;
  /** Live: one entry per request received, index n - 1. */
  log: readonly ProxyLogEntry[];
  stats(): ProxyStats;
  setOptions(partial: FaultSettings): void;
  /** The POSTs whose answer was lost, with what the target answered. */
  lostCreates(): LostCreate[];
  /** Stops listening, resets every connection, aborts requests to the target, and waits for all of it. */
  close(): Promise<void>;
}

/** mulberry32: a 32-bit state, good enough to spread faults, and trivially replayable. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}

/**
 * Draws per request: one per fault kind, then the delay's chance and its length. Always all of them, whatever the
 * settings, so that changing one probability (or an interceptor taking over) leaves every other draw where it was.
 */
const DRAWS_PER_REQUEST = FAULT_KINDS.length + 2;

/** Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are not passed on; lengths are set anew. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'content-length',
]);

const RESETS = new Set<Decision>(['resetBeforeForward', 'outageReset', 'outageRefuse']);

const REASONS: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

function loopbackTarget(target: string): URL {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new Error(`fault proxy: target ${JSON.stringify(target)} is not a URL`);
  }
  // Only the literal address: a name would need a resolver, and anything else could leave this machine.
  if (url.protocol !== 'http:' || url.hostname !== '127.0.0.1' || url.port === '' || url.username !== '' || url.password !== '') {
    throw new Error(`fault proxy: target must be http://127.0.0.1:PORT/..., got ${JSON.stringify(target)}`);
  }
  return url;
}

function checkRule(name: string, rule: number | FaultRule | DelayRule | undefined): void {
  if (rule === undefined) return;
  const p = typeof rule === 'number' ? rule : rule.probability;
  if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 1)
    throw new RangeError(`fault proxy: ${name} probability must be within 0..1, got ${String(p)}`);
  if (typeof rule !== 'number' && 'range' in rule) {
    const [min, max] = rule.range;
    if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max < min)
      throw new RangeError(
        `fault proxy: ${name} range must be whole milliseconds [min, max] with 0 <= min <= max, got ${JSON.stringify(rule.range)}`,
      );
  }
}

function checkOutage(outage: OutageRule | undefined): void {
  if (outage === undefined) return;
  if (outage.answer !== 503 && outage.answer !== 'reset' && outage.answer !== 'refuse')
    throw new RangeError(`fault proxy: outage answer must be 503, 'reset' or 'refuse', got ${JSON.stringify(outage.answer)}`);
  for (const key of ['fromRequest', 'untilRequest'] as const) {
    const v = outage[key];
    if (v !== undefined && (!Number.isInteger(v) || v < 1))
      throw new RangeError(`fault proxy: outage ${key} must be a request number from 1, got ${String(v)}`);
  }
  for (const key of ['fromTime', 'untilTime'] as const) {
    const v = outage[key];
    if (v !== undefined && !Number.isFinite(v))
      throw new RangeError(`fault proxy: outage ${key} must be a Date.now() value, got ${String(v)}`);
  }
  if (outage.fromRequest !== undefined && outage.untilRequest !== undefined && outage.untilRequest <= outage.fromRequest)
    throw new RangeError('fault proxy: outage untilRequest must come after fromRequest');
  if (outage.fromTime !== undefined && outage.untilTime !== undefined && outage.untilTime <= outage.fromTime)
    throw new RangeError('fault proxy: outage untilTime must come after fromTime');
  if (outage.answer === 'refuse' && outage.untilRequest !== undefined)
    throw new RangeError('fault proxy: a refusing proxy receives no requests to count; end a refuse outage with untilTime');
}

function checkSettings(settings: FaultSettings): void {
  for (const kind of FAULT_KINDS) checkRule(kind, settings[kind]);
  checkRule('delayMs', settings.delayMs);
  checkOutage(settings.outage);
  if (settings.interceptor !== undefined && typeof settings.interceptor !== 'function')
    throw new TypeError('fault proxy: interceptor must be a function');
}

function applies(rule: number | FaultRule | undefined, method: string, pathname: string, draw: number): boolean {
  if (rule === undefined) return false;
  if (typeof rule === 'number') return draw < rule;
  if (rule.methods && !rule.methods.some((m) => m.toUpperCase() === method)) return false;
  if (rule.path) {
    // A /g or /y regex keeps state between test() calls; a filter must give the same answer for the same path.
    rule.path.lastIndex = 0;
    if (!rule.path.test(pathname)) return false;
  }
  return draw < rule.probability;
}

function outageActive(outage: OutageRule, n: number, now: number): boolean {
  const opened =
    (outage.fromRequest === undefined && outage.fromTime === undefined) ||
    (outage.fromRequest !== undefined && n >= outage.fromRequest) ||
    (outage.fromTime !== undefined && now >= outage.fromTime);
  const closed =
    (outage.untilRequest !== undefined && n >= outage.untilRequest) || (outage.untilTime !== undefined && now >= outage.untilTime);
  return opened && !closed;
}

function outageDecision(outage: OutageRule): Decision {
  return outage.answer === 503 ? 'outage503' : outage.answer === 'reset' ? 'outageReset' : 'outageRefuse';
}

/** An RST, not a FIN: a FIN after a complete request reads to a client as a clean close, not as a reset. */
function reset(socket: Socket): void {
  if (!socket.destroyed) socket.resetAndDestroy();
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
    // A socket reset mid-body ends the stream with 'close' and, depending on timing, no 'error'.
    req.on('close', () => reject(new Error('client closed before the request body ended')));
  });
}

function gatewayPage(res: ServerResponse, status: number): void {
  if (res.destroyed) return;
  const reason = REASONS[status] ?? 'Error';
  const body = Buffer.from(
    `<!DOCTYPE html>\n<html>\n<head><title>${status} ${reason}</title></head>\n<body>\n<h1>${status} ${reason}</h1>\n<hr>\n<p>fault-proxy</p>\n</body>\n</html>\n`,
  );
  res.writeHead(status, reason, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(body.length),
    server: 'fault-proxy',
  });
  res.end(body);
}

/** The headers named in Connection are hop-by-hop too. */
function hopByHop(connection: string | string[] | undefined): Set<string> {
  const names = new Set(HOP_BY_HOP);
  for (const value of [connection ?? []].flat())
    for (const token of value.split(',')) if (token.trim() !== '') names.add(token.trim().toLowerCase());
  return names;
}

interface Upstream {
  status: number;
  statusMessage: string;
  rawHeaders: string[];
  body: Buffer;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = loopbackTarget(options.target);
  const { target: _target, seed: givenSeed, upstreamTimeoutMs: givenTimeout, ...initial } = options;
  checkSettings(initial);
  const seed = givenSeed ?? Math.floor(Math.random() * 0x1_0000_0000);
  if (!Number.isInteger(seed) || seed < 0 || seed >= 0x1_0000_0000)
    throw new RangeError(`fault proxy: seed must be a 32-bit unsigned integer, got ${String(seed)}`);
  const upstreamTimeoutMs = givenTimeout ?? 30_000;
  if (!Number.isFinite(upstreamTimeoutMs) || upstreamTimeoutMs <= 0)
    throw new RangeError(`fault proxy: upstreamTimeoutMs must be positive, got ${String(upstreamTimeoutMs)}`);

  const random = mulberry32(seed);
  let settings: FaultSettings = { ...initial };
  const log: ProxyLogEntry[] = [];
  const startedAt = Date.now();
  const sockets = new Set<Socket>();
  const inflight = new Set<Promise<void>>();
  const shutdown = new AbortController();
  // A new connection to the target for each request: a reused one can be closed by the target's keep-alive timer
  // just as a request goes out, and that spurious reset would be indistinguishable from an injected one.
  const upstreamAgent = new Agent({ keepAlive: false });
  let received = 0;
  let closed = false;

  function forward(req: IncomingMessage, body: Buffer): Promise<Upstream> {
    const strip = hopByHop(req.headers.connection);
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (value !== undefined && !strip.has(name) && name !== 'host') headers[name] = value;
    headers.host = target.host;
    if (body.length > 0 || req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined)
      headers['content-length'] = String(body.length);
    const signal = AbortSignal.any([shutdown.signal, AbortSignal.timeout(upstreamTimeoutMs)]);
    return new Promise((resolve, reject) => {
      const upstream = httpRequest(
        { host: target.hostname, port: Number(target.port), method: req.method, path: req.url, headers, agent: upstreamAgent, signal },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              statusMessage: res.statusMessage ?? '',
              rawHeaders: res.rawHeaders,
              body: Buffer.concat(chunks),
            }),
          );
          res.on('error', reject);
        },
      );
      upstream.on('error', (error) =>
        reject(
          signal.aborted && !shutdown.signal.aborted
            ? Object.assign(new Error(`no answer in ${upstreamTimeoutMs} ms`), { timedOut: true })
            : error,
        ),
      );
      upstream.end(body);
    });
  }

  function relay(req: IncomingMessage, res: ServerResponse, answer: Upstream): void {
    const connection: string[] = [];
    for (let i = 0; i + 1 < answer.rawHeaders.length; i += 2)
      if (answer.rawHeaders[i]!.toLowerCase() === 'connection') connection.push(answer.rawHeaders[i + 1]!);
    const strip = hopByHop(connection);
    const bodiless = req.method === 'HEAD' || answer.status === 204 || answer.status === 304;
    const headers: string[] = [];
    for (let i = 0; i + 1 < answer.rawHeaders.length; i += 2) {
      const name = answer.rawHeaders[i]!;
      const lower = name.toLowerCase();
      // A HEAD answer's Content-Length describes the GET body; keep it. 204 and 304 carry none of their own.
      if (strip.has(lower) && !(bodiless && lower === 'content-length')) continue;
      headers.push(name, answer.rawHeaders[i + 1]!);
    }
    if (!bodiless) headers.push('Content-Length', String(answer.body.length));
    res.writeHead(answer.status, answer.statusMessage, headers);
    res.end(bodiless ? undefined : answer.body);
  }

  function connectionIsGone(req: IncomingMessage, res: ServerResponse): boolean {
    return closed || req.socket.destroyed || res.destroyed;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, entry: ProxyLogEntry, draws: number[]): Promise<void> {
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      // For the resets that is the fault itself (a refusing proxy resets every open connection at once).
      if (!RESETS.has(entry.decision)) entry.clientGone = true;
      return;
    }
    if (entry.by !== 'outage' && settings.interceptor) {
      let chosen: unknown;
      try {
        chosen = settings.interceptor(
          {
            method: entry.method,
            path: entry.path,
            pathname: new URL(entry.path, 'http://fault-proxy.invalid').pathname,
            headers: req.headers,
            body,
          },
          entry.n,
        );
      } catch (error) {
        chosen = error instanceof Error ? error : new Error(String(error));
      }
      if (chosen instanceof Error || (chosen !== undefined && chosen !== 'forward' && !FAULT_KINDS.includes(chosen as FaultKind))) {
        entry.decision = 'proxyError';
        entry.error = chosen instanceof Error ? `interceptor threw: ${chosen.message}` : `interceptor returned ${JSON.stringify(chosen)}`;
        gatewayPage(res, 500);
        return;
      }
      if (chosen !== undefined) {
        entry.decision = chosen as 'forward' | FaultKind;
        entry.by = 'interceptor';
      }
    }

    switch (entry.decision) {
      case 'resetBeforeForward':
      case 'outageReset':
      case 'outageRefuse':
        reset(req.socket);
        return;
      case 'badGateway':
        gatewayPage(res, 502);
        return;
      case 'gatewayTimeout':
        gatewayPage(res, 504);
        return;
      case 'outage503':
        gatewayPage(res, 503);
        return;
      case 'proxyError':
        gatewayPage(res, 500);
        return;
      case 'forward':
      case 'loseResponse':
        break;
    }

    const delay = settings.delayMs;
    if (delay && applies(delay, entry.method, new URL(entry.path, 'http://fault-proxy.invalid').pathname, draws[FAULT_KINDS.length]!)) {
      const [min, max] = delay.range;
      entry.delayMs = min + Math.floor(draws[FAULT_KINDS.length + 1]! * (max - min + 1));
      try {
        await sleep(entry.delayMs, undefined, { signal: shutdown.signal });
      } catch {
        entry.clientGone = true;
        return;
      }
    }
    if (connectionIsGone(req, res)) {
      // The client gave up during the delay: a gateway would not send the request on either.
      entry.clientGone = true;
      return;
    }

    let answer: Upstream;
    try {
      answer = await forward(req, body);
    } catch (error) {
      const e = error as { code?: string; message?: string; timedOut?: boolean };
      entry.targetError = e.code ?? e.message ?? String(error);
      if (entry.decision === 'loseResponse' || connectionIsGone(req, res)) {
        if (entry.decision === 'loseResponse') entry.lost = { requestBody: body.toString('utf8'), responseBody: '' };
        else entry.clientGone = true;
        reset(req.socket);
        return;
      }
      gatewayPage(res, e.timedOut ? 504 : 502);
      return;
    }
    entry.status = answer.status;
    if (entry.decision === 'loseResponse') {
      entry.lost = { requestBody: body.toString('utf8'), responseBody: answer.body.toString('utf8') };
      reset(req.socket);
      return;
    }
    if (connectionIsGone(req, res)) {
      entry.clientGone = true;
      return;
    }
    relay(req, res, answer);
  }

  const server = createServer();
  // Bounds how long a client that never finishes its request can hold a handler open.
  server.requestTimeout = 30_000;
  server.headersTimeout = 30_000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    received += 1;
    const n = received;
    const now = Date.now();
    const draws = Array.from({ length: DRAWS_PER_REQUEST }, random);
    const method = (req.method ?? 'GET').toUpperCase();
    const path = req.url ?? '/';
    const entry: ProxyLogEntry = { n, method, path, decision: 'forward', by: 'chance', at: now - startedAt };
    log.push(entry);

    const outage = settings.outage;
    if (outage && outageActive(outage, n, now)) {
      entry.decision = outageDecision(outage);
      entry.by = 'outage';
    } else {
      const pathname = new URL(path, 'http://fault-proxy.invalid').pathname;
      const hit = FAULT_KINDS.findIndex((kind, i) => applies(settings[kind], method, pathname, draws[i]!));
      if (hit >= 0) entry.decision = FAULT_KINDS[hit]!;
    }
    // Stop listening at once, not after the body: requests racing in behind this one must be refused too.
    if (entry.decision === 'outageRefuse') syncRefusal();

    const task = handle(req, res, entry, draws).catch((error: unknown) => {
      entry.decision = 'proxyError';
      entry.error = error instanceof Error ? error.message : String(error);
      if (!res.headersSent && !connectionIsGone(req, res)) gatewayPage(res, 500);
      else reset(req.socket);
    });
    inflight.add(task);
    void task.finally(() => inflight.delete(task));
  });

  // Listening state changes (refuse outages, close) run one after another, each waiting for the last.
  let lifecycle: Promise<void> = Promise.resolve();
  let lifecycleError: unknown;
  let refusing = false;
  let port = 0;
  const timers = new Set<NodeJS.Timeout>();

  function enqueue(step: () => Promise<void>): void {
    lifecycle = lifecycle.then(step).catch((error: unknown) => {
      lifecycleError ??= error;
    });
  }

  function listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  function stopListening(): Promise<void> {
    return new Promise((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      for (const socket of sockets) reset(socket);
    });
  }

  function syncRefusal(): void {
    if (closed) return;
    const outage = settings.outage;
    const want = outage !== undefined && outage.answer === 'refuse' && outageActive(outage, received + 1, Date.now());
    if (want === refusing) return;
    refusing = want;
    enqueue(want ? stopListening : listen);
  }

  /** Runs fn once Date.now() has reached time; re-arms if a timer fires early, which Node timers may by a millisecond. */
  function at(time: number, fn: () => void): void {
    const wait = time - Date.now();
    if (wait <= 0) return fn();
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        at(time, fn);
      },
      Math.min(wait, 0x7fff_ffff),
    );
    timer.unref();
    timers.add(timer);
  }

  function armOutage(): void {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    const outage = settings.outage;
    if (outage?.answer === 'refuse') for (const time of [outage.fromTime, outage.untilTime]) if (time !== undefined) at(time, syncRefusal);
    syncRefusal();
  }

  await listen();
  port = (server.address() as AddressInfo).port;
  armOutage();

  const targetPath = target.pathname === '/' ? '' : target.pathname.replace(/\/+$/, '');
  let closing: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}${targetPath}${target.search}`,
    seed,
    log,
    stats() {
      const counts = Object.fromEntries(DECISIONS.map((d) => [d, 0])) as Record<Decision, number>;
      for (const entry of log) counts[entry.decision] += 1;
      return { ...counts, total: log.length, delayed: log.filter((e) => e.delayMs !== undefined).length };
    },
    setOptions(partial) {
      const next: FaultSettings = { ...settings, ...partial };
      checkSettings(next);
      settings = next;
      armOutage();
    },
    lostCreates() {
      const json = (text: string): unknown => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          return undefined;
        }
      };
      return log
        .filter((e) => e.method === 'POST' && e.decision === 'loseResponse' && e.lost !== undefined)
        .map((e) => ({
          n: e.n,
          path: e.path,
          ...(e.status !== undefined ? { status: e.status } : {}),
          body: json(e.lost!.responseBody),
          requestBody: json(e.lost!.requestBody),
        }));
    },
    close() {
      closing ??= (async () => {
        closed = true;
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        shutdown.abort();
        enqueue(stopListening);
        await lifecycle;
        for (const socket of sockets) reset(socket);
        // Bounded: the shutdown signal aborts every delay and every request to the target.
        await Promise.allSettled([...inflight]);
        upstreamAgent.destroy();
        if (lifecycleError !== undefined) throw lifecycleError;
      })();
      return closing;
    },
  };
}
