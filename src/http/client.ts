// The only way checks reach the target: every exchange is captured (credentials redacted) for the report.
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import { type FlowControl, isThrottled } from './flow-control.ts';
import { splitTenantUrl } from './tenant-url.ts';
import { ClientCredentials, OAuthError, type OAuthCredentialStyle } from './oauth.ts';
import type { Redactor } from './redactor.ts';

export { OAuthError, type OAuthCredentialStyle } from './oauth.ts';

export type AuthConfig =
  | { mode: 'bearer'; token: string }
  | { mode: 'basic'; username: string; password: string }
  | { mode: 'none' }
  | { mode: 'oauth'; tokenUrl: string; clientId: string; clientSecret: string; scope?: string; credentialStyle?: OAuthCredentialStyle };

export interface Exchange {
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody?: string;
  status?: number;
  responseHeaders: Record<string, string>;
  responseText: string;
  /** Parsed body when it was JSON; undefined otherwise. */
  json?: unknown;
  durationMs: number;
  /** Why no response arrived (timeout, refused connection, no access token, ...). */
  error?: string;
  /** The 401 answer that made the client get a new access token and send this request again (oauth only). */
  refusedAttempt?: Exchange;
  /** The body was larger than this many bytes and was cut there. */
  truncatedAt?: number;
  /** Earlier answers 429/503 to the same request, each followed by a wait and a retry. */
  throttled?: Exchange[];
  /** Earlier attempts of an idempotent request that got no answer from the target (transport fault, 502, 504). */
  retries?: Exchange[];
  /**
   * Set when the target never answered this request: no response after the retries allowed, a POST or PATCH whose
   * answer was lost, a gateway error, throttled past the budget, or the target gone. A check resting on it is not judged.
   */
  noAnswer?: string;
  /** The request never left this machine (connection refused, DNS, TLS handshake): the target cannot have acted on it. */
  notSent?: boolean;
}

export interface TlsOptions {
  ca?: string;
  insecure?: boolean;
}

export interface ClientOptions {
  baseUrl: string;
  auth: AuthConfig;
  timeoutMs: number;
  redactor: Redactor;
  /** A CA certificate (PEM) to trust besides the system's, or insecure to skip verification (test endpoints only). */
  tls?: TlsOptions;
  /** Responses larger than this are cut and reported, so a broken target cannot exhaust memory. */
  maxBodyBytes?: number;
  /** Shared by every request of a run: bounds the requests in flight and slows down when the target throttles. */
  flow?: FlowControl;
  /** When to take the target as gone (default: 5 requests in a row unanswered, and 5 s without any answer). */
  outage?: { requests: number; quietMs: number };
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string>;
  /** For checks of authentication itself: send no credentials, or credentials the target cannot know. */
  credentials?: 'omit' | 'wrong';
  /** The body's Content-Type (default application/scim+json); null sends none, as Okta's requests do. */
  contentType?: string | null;
}

/** The fixed Authorization value of the non-oauth modes; oauth tokens come from ClientCredentials. */
function authorization(auth: AuthConfig): string | undefined {
  if (auth.mode === 'bearer') return `Bearer ${auth.token}`;
  if (auth.mode === 'basic') return `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  return undefined;
}

/**
 * Bounds for one request: throttled retries (429/503) and their back-off, transport retries (idempotent methods
 * only) and theirs, the longest single wait and the total wait.
 */
const RETRY = { attempts: 4, backoffMs: 500, transportAttempts: 4, transportBackoffMs: 250, maxWaitMs: 10_000, totalWaitMs: 30_000 };

/** Methods whose second sending changes nothing the first did not (RFC 9110 §9.2.2). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);

/** Gateway answers: a proxy in front of the target speaks, not the target (RFC 9110 §15.6.3, §15.6.5). */
const GATEWAY = new Set([502, 504]);

/** Why an attempt got no answer from the target itself; undefined when the target answered. */
export function transportFault(exchange: Exchange): string | undefined {
  if (exchange.error !== undefined) return exchange.error.startsWith('no response') ? exchange.error : `no response (${exchange.error})`;
  if (exchange.status !== undefined && GATEWAY.has(exchange.status)) return `a gateway answered ${exchange.status} instead of the target`;
  return undefined;
}

/** Full jitter between half and the whole of the back-off, so retries of many requests do not arrive together. */
function jittered(ms: number): number {
  return Math.round(ms / 2 + Math.random() * (ms / 2));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Tells a target that stopped answering from one that lost a request: after OUTAGE.requests requests in a row ended
 * with no answer (each after its own retries), and no answer for OUTAGE.quietMs, the target is taken as gone and
 * nothing more is sent to it by this client.
 */
const OUTAGE = { requests: 5, quietMs: 5_000 };

class OutageWatch {
  constructor(private readonly limits: { requests: number; quietMs: number }) {}
  private streak = 0;
  private lastAnswerAt = Date.now();
  private finished = 0;
  gone: { at: Date; afterRequests: number; reason: string } | undefined;

  answered(): void {
    this.finished += 1;
    this.streak = 0;
    this.lastAnswerAt = Date.now();
  }

  unanswered(why: string): void {
    this.finished += 1;
    this.streak += 1;
    if (this.gone || this.streak < this.limits.requests || Date.now() - this.lastAnswerAt < this.limits.quietMs) return;
    const at = new Date();
    this.gone = {
      at,
      afterRequests: this.finished,
      reason: `the target stopped answering at ${at.toISOString().slice(11, 19)} UTC after ${this.finished} requests (last: ${why})`,
    };
  }
}

/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export class ScimClient {
  private readonly base: URL;
  private readonly agent: Agent;
  private readonly listeners = new Set<(exchange: Exchange) => void>();
  private readonly credentials: ClientCredentials | undefined;
  /** With oauth this also knows every access token issued so far. */
  private readonly redactor: Pick<Redactor, 'redact' | 'headers'>;
  private readonly outage: OutageWatch;

  constructor(private readonly options: ClientOptions) {
    this.base = splitTenantUrl(options.baseUrl).base;
    this.outage = new OutageWatch(options.outage ?? OUTAGE);
    this.agent = new Agent({
      connections: Math.max(16, options.flow?.concurrency ?? 0),
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connect: { ...(options.tls?.ca ? { ca: options.tls.ca } : {}), ...(options.tls?.insecure ? { rejectUnauthorized: false } : {}) },
    });
    const auth = options.auth;
    if (auth.mode === 'oauth') {
      this.credentials = new ClientCredentials({
        tokenUrl: auth.tokenUrl,
        clientId: auth.clientId,
        clientSecret: auth.clientSecret,
        ...(auth.scope !== undefined ? { scope: auth.scope } : {}),
        ...(auth.credentialStyle !== undefined ? { credentialStyle: auth.credentialStyle } : {}),
        timeoutMs: options.timeoutMs,
        redactor: options.redactor,
        dispatcher: this.agent,
        onExchange: (exchange) => this.emit(exchange),
      });
      this.redactor = this.credentials.redactor;
    } else {
      this.redactor = options.redactor;
    }
  }

  /**
   * Gets an access token now (oauth; nothing to do otherwise), so a wrong token URL or secret can stop a run
   * before any check starts. Throws OAuthError with a one-line message free of secrets.
   */
  async authenticate(): Promise<void> {
    await this.credentials?.token();
  }

  /** Token requests sent so far (0 unless oauth). */
  get tokenRequestCount(): number {
    return this.credentials?.fetchCount ?? 0;
  }

  /** Absolute URL for a path below the Tenant URL, keeping the Tenant URL's own query parameters. */
  url(path: string, query?: Record<string, string>): string {
    const url = new URL(this.base.href);
    url.pathname = `${this.base.pathname.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
    return url.href;
  }

  onExchange(listener: (exchange: Exchange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(path: string, query?: Record<string, string>) {
    return this.send('GET', path, query ? { query } : {});
  }
  post(path: string, body: unknown) {
    return this.send('POST', path, { body });
  }
  patch(path: string, body: unknown) {
    return this.send('PATCH', path, { body });
  }
  put(path: string, body: unknown) {
    return this.send('PUT', path, { body });
  }
  delete(path: string) {
    return this.send('DELETE', path, {});
  }

  async send(method: string, path: string, options: RequestOptions): Promise<Exchange> {
    const url = /^https?:\/\//.test(path) ? path : this.url(path, options.query);
    const headers: Record<string, string> = { accept: 'application/scim+json, application/json' };
    let requestBody: string | undefined;
    if (options.body !== undefined) {
      requestBody = JSON.stringify(options.body);
      if (options.contentType !== null) headers['content-type'] = options.contentType ?? 'application/scim+json';
    }
    if (options.credentials === 'omit') return this.capture(method, url, headers, requestBody);
    if (options.credentials === 'wrong') {
      const wrong =
        this.options.auth.mode === 'basic'
          ? `Basic ${Buffer.from(`${this.options.auth.username}:wrong-${randomUUID()}`).toString('base64')}`
          : `Bearer wrong-${randomUUID()}`;
      return this.capture(method, url, { ...headers, authorization: wrong }, requestBody);
    }
    const credentials = this.credentials;
    if (!credentials) {
      const auth = authorization(this.options.auth);
      return this.capture(method, url, auth ? { ...headers, authorization: auth } : headers, requestBody);
    }

    let token: string;
    try {
      token = await credentials.token();
    } catch (error) {
      return this.unsent(method, url, headers, requestBody, error);
    }
    const first = await this.capture(method, url, { ...headers, authorization: `Bearer ${token}` }, requestBody);
    if (first.status !== 401) return first;
    // A refused token may have been revoked or cut short; one new token and one retry tell that from a target that refuses every token.
    credentials.invalidate(token);
    let renewed: string;
    try {
      renewed = await credentials.token();
    } catch (error) {
      return this.unsent(method, url, headers, requestBody, error, first);
    }
    return this.capture(method, url, { ...headers, authorization: `Bearer ${renewed}` }, requestBody, first);
  }

  /** A request that was not sent because no access token could be had; recorded so the report shows why. */
  private unsent(
    method: string,
    url: string,
    headers: Record<string, string>,
    requestBody: string | undefined,
    error: unknown,
    refusedAttempt?: Exchange,
  ): Exchange {
    const reason =
      error instanceof OAuthError
        ? error.message
        : `OAuth token request failed: ${this.redactor.redact((error as Error)?.message ?? String(error))}`;
    return this.notSent(method, url, headers, requestBody, {
      error: `not sent, no access token: ${reason}`,
      noAnswer: `no access token: ${reason}`,
      ...(refusedAttempt ? { refusedAttempt } : {}),
    });
  }

  /** An exchange for a request that never left this machine, recorded so the report shows why. */
  private notSent(
    method: string,
    url: string,
    headers: Record<string, string>,
    requestBody: string | undefined,
    why: Pick<Exchange, 'error' | 'noAnswer' | 'refusedAttempt' | 'throttled' | 'retries'>,
  ): Exchange {
    const exchange: Exchange = {
      method,
      url: this.redactor.redact(url),
      requestHeaders: this.redactor.headers(headers),
      ...(requestBody !== undefined ? { requestBody: this.redactor.redact(requestBody) } : {}),
      responseHeaders: {},
      responseText: '',
      durationMs: 0,
      notSent: true,
      ...why,
    };
    this.emit(exchange);
    return exchange;
  }

  private emit(exchange: Exchange): void {
    for (const listener of this.listeners) listener(exchange);
  }

  /**
   * Every request gets an answer if one can be had, and says so when none could:
   * - 429 and 503 are the target asking for time, not a verdict: wait (Retry-After, else growing back-off, paced by
   *   the flow control) and send again, bounded in attempts and total wait. Any method: the target did not act.
   * - A transport fault (reset, refused, timeout) or a gateway's 502/504 says nothing about the target's answer. GET,
   *   PUT and DELETE are sent again with jittered exponential back-off; POST and PATCH never are (the target may have
   *   acted), their callers settle them (a create through its name, a PATCH by reading the resource again).
   * Whatever is still unanswered carries `noAnswer`; earlier attempts ride along in `throttled` and `retries`.
   */
  private async capture(
    method: string,
    url: string,
    headers: Record<string, string>,
    requestBody: string | undefined,
    refusedAttempt?: Exchange,
  ): Promise<Exchange> {
    const throttled: Exchange[] = [];
    const retries: Exchange[] = [];
    let waited = 0;
    const flow = this.options.flow;
    const idempotent = IDEMPOTENT.has(method);
    for (;;) {
      const gone = this.outage.gone;
      if (gone) return this.unanswerable(method, url, headers, requestBody, gone.reason, throttled, retries);
      const permit = await flow?.acquire({ retry: throttled.length + retries.length > 0 });
      let exchange: Exchange | undefined;
      let retryAfter: number | undefined;
      try {
        exchange = await this.captureOnce(method, url, headers, requestBody, refusedAttempt);
        retryAfter = isThrottled(exchange.status) ? retryAfterMs(exchange.responseHeaders['retry-after']) : undefined;
      } finally {
        // Only an explicit Retry-After holds back the other requests too; a plain back-off concerns this request alone.
        permit?.release({
          status: exchange?.status,
          pauseMs: retryAfter === undefined ? undefined : Math.min(retryAfter, RETRY.maxWaitMs),
          ...(exchange ? { headers: exchange.responseHeaders } : {}),
        });
      }
      const finish = (noAnswer?: string): Exchange => {
        if (noAnswer === undefined) this.outage.answered();
        else this.outage.unanswered(noAnswer);
        return {
          ...exchange!,
          ...(throttled.length ? { throttled } : {}),
          ...(retries.length ? { retries } : {}),
          ...(noAnswer !== undefined ? { noAnswer } : {}),
        };
      };
      const fault = transportFault(exchange);
      if (fault === undefined && !isThrottled(exchange.status)) {
        // The first DELETE may have removed it before its answer was lost: this 404 says nothing about that DELETE.
        if (method === 'DELETE' && retries.length && exchange.status === 404) {
          return {
            ...finish(),
            noAnswer: `an earlier attempt got no answer (${transportFault(retries[0]!)}) and the retry answered 404, so the earlier one may have removed it`,
          };
        }
        return finish();
      }
      if (fault === undefined) {
        // Throttled.
        const wait = Math.min(retryAfter ?? RETRY.backoffMs * 2 ** throttled.length, RETRY.maxWaitMs);
        if (throttled.length >= RETRY.attempts || waited + wait > RETRY.totalWaitMs) {
          // The target answered, just not yet: it is not gone, but this request was never judged.
          return {
            ...finish(),
            noAnswer: `still throttled (${exchange.status}) after ${throttled.length + 1} attempts and ${(waited / 1000).toFixed(1)} s of waiting`,
          };
        }
        throttled.push(exchange);
        waited += wait;
        await sleep(wait);
        continue;
      }
      // A request that never left may be sent again whatever its method; any other POST or PATCH may have been acted on.
      if (!idempotent && !exchange.notSent) return finish(`${fault}; a ${method} is never sent twice blindly`);
      const wait = jittered(RETRY.transportBackoffMs * 2 ** retries.length);
      // A certificate the machine does not trust stays untrusted: sending again would only take longer to say so.
      const deterministic = exchange.error?.startsWith('TLS failure') === true;
      if (deterministic || retries.length >= RETRY.transportAttempts || waited + wait > RETRY.totalWaitMs) {
        return finish(`${fault} (${retries.length + 1} attempts)`);
      }
      retries.push(exchange);
      waited += wait;
      await sleep(wait);
    }
  }

  /** Whether the target has stopped answering altogether, and since when. */
  get targetGone(): { at: Date; afterRequests: number; reason: string } | undefined {
    return this.outage.gone;
  }

  /** A request not sent because the target had already stopped answering. */
  private unanswerable(
    method: string,
    url: string,
    headers: Record<string, string>,
    requestBody: string | undefined,
    reason: string,
    throttled: Exchange[],
    retries: Exchange[],
  ): Exchange {
    return this.notSent(method, url, headers, requestBody, {
      error: `not sent: ${reason}`,
      noAnswer: reason,
      ...(throttled.length ? { throttled } : {}),
      ...(retries.length ? { retries } : {}),
    });
  }

  private async captureOnce(
    method: string,
    url: string,
    headers: Record<string, string>,
    requestBody: string | undefined,
    refusedAttempt?: Exchange,
  ): Promise<Exchange> {
    const redactor = this.redactor;
    const exchange: Exchange = {
      method,
      url: redactor.redact(url),
      requestHeaders: redactor.headers(headers),
      ...(requestBody !== undefined ? { requestBody: redactor.redact(requestBody) } : {}),
      responseHeaders: {},
      responseText: '',
      durationMs: 0,
    };
    const started = performance.now();
    try {
      const response = await request(url, {
        method: method as 'GET',
        headers,
        ...(requestBody !== undefined ? { body: requestBody } : {}),
        dispatcher: this.agent,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      exchange.status = response.statusCode;
      const responseHeaders: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined) responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      exchange.responseHeaders = redactor.headers(responseHeaders);
      const text = await readCapped(response.body, this.options.maxBodyBytes ?? 5_000_000);
      if (text.endsWith(CUT_MARK)) exchange.truncatedAt = this.options.maxBodyBytes ?? 5_000_000;
      exchange.responseText = redactor.redact(text);
      if (text.trim()) {
        try {
          exchange.json = JSON.parse(exchange.responseText);
        } catch {
          // Not JSON: checks report the raw text.
        }
      }
    } catch (error) {
      exchange.error = describeNetworkError(error, this.options.timeoutMs);
      if (neverSent(error)) exchange.notSent = true;
    }
    exchange.durationMs = Math.round(performance.now() - started);
    if (refusedAttempt) exchange.refusedAttempt = refusedAttempt;
    this.emit(exchange);
    return exchange;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

const CUT_MARK = '\n[response cut: larger than the suite reads]';

async function readCapped(body: AsyncIterable<Buffer | Uint8Array>, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > max) {
      chunks.push(Buffer.from(CUT_MARK));
      break;
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Failures before the request could be written: whatever the method, the target did not see it. */
function neverSent(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  const code = e?.code ?? e?.cause?.code ?? '';
  return ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code) || /CERT|SSL|TLS/i.test(code);
}

export function describeNetworkError(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.code === 'UND_ERR_HEADERS_TIMEOUT' || e?.code === 'UND_ERR_BODY_TIMEOUT') {
    return `no response in ${timeoutMs} ms`;
  }
  const code = e?.code ?? e?.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused: nothing listens at that host and port';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host name not found (DNS)';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset by the target';
  if (code && /CERT|SSL|TLS/i.test(code)) {
    const hint = /SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/i.test(code)
      ? ': the certificate is not signed by a CA this machine trusts; pass --ca <PEM file of your CA> (or --insecure for a test endpoint only)'
      : /EXPIRED/i.test(code)
        ? ': the certificate has expired; renew it'
        : /ALTNAME|HOSTNAME/i.test(code)
          ? ': the certificate does not name this host; use the host name it was issued for'
          : '';
    return `TLS failure (${code})${hint}`;
  }
  return `request failed: ${e?.message ?? String(error)}${code ? ` (${code})` : ''}`;
}
