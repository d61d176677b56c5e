// OAuth 2.0 client credentials (RFC 6749 section 4.4): how Entra gets the access token it sends to a SCIM endpoint
// when the app is set up with a token endpoint, client id and secret (Microsoft's gallery provisioning requirements).
// The token request is captured like any other exchange, so it must be redacted with the same care: the secret
// goes out in the request and the access token comes back in the response.
import { request, type Dispatcher } from 'undici';
import type { Exchange } from './client.ts';
import { OAuthError } from './oauth-error.ts';
import { Redactor } from './redactor.ts';

/** Where the client id and secret go: Authorization header (client_secret_basic), form body (client_secret_post), or both, as Entra offers. */
export type OAuthCredentialStyle = 'basic' | 'post' | 'both';

export interface ClientCredentialsOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  /** Default 'basic'. */
  credentialStyle?: OAuthCredentialStyle;
  timeoutMs: number;
  /** The run's redactor; the token source adds the secret's encoded forms and every access token it receives. */
  redactor: Redactor;
  /** Default: undici's global dispatcher. */
  dispatcher?: Dispatcher;
  /** Receives each captured token request, already redacted. */
  onExchange?: (exchange: Exchange) => void;
}

export { OAuthError };

/** The run's Redactor plus what only the token source knows, so no captured text shows a token issued mid-run. */
export class LearningRedactor {
  private readonly learned = new Set<string>();
  private own = new Redactor([]);

  constructor(private readonly base: Redactor) {}

  learn(...secrets: Array<string | undefined>): void {
    for (const secret of secrets) if (secret) this.learned.add(secret);
    this.own = new Redactor([...this.learned]);
  }

  redact(text: string): string {
    return this.own.redact(this.base.redact(text));
  }

  headers(headers: Record<string, string>): Record<string, string> {
    const out = this.base.headers(headers);
    for (const [name, value] of Object.entries(out)) out[name] = this.own.redact(value);
    return out;
  }
}

interface Issued {
  value: string;
  /** Epoch ms after which the next request fetches a new token first. */
  refreshAt: number;
  /** Epoch ms after which the token is no use even as a fallback. */
  expiresAt: number;
}

const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;
/** Refresh this long before expiry, so a token does not run out between being picked and being checked by the target. */
const REFRESH_MARGIN_MS = 60_000;
/** Response fields that carry credentials; RFC 6749 section 5.1 plus OpenID Connect's id_token. */
const TOKEN_FIELDS = ['access_token', 'refresh_token', 'id_token'];

/** application/x-www-form-urlencoded encoding of one value, as RFC 6749 section 2.3.1 asks for the Basic user-id and password. */
function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.code === 'UND_ERR_HEADERS_TIMEOUT' || e?.code === 'UND_ERR_BODY_TIMEOUT')
    return `no answer in ${timeoutMs} ms`;
  const code = e?.code ?? e?.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused (nothing listens at that host and port)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host name not found (DNS)';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset';
  if (code && /CERT|SSL|TLS/i.test(code)) return `TLS failure (${code})`;
  return `${e?.message ?? String(error)}${code ? ` (${code})` : ''}`;
}

async function readCapped(body: AsyncIterable<Buffer | Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_TOKEN_RESPONSE_BYTES) {
      chunks.push(Buffer.from(`\n[response cut at ${MAX_TOKEN_RESPONSE_BYTES} bytes]`));
      break;
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Seconds as a number or a numeric string (some servers send "3599"); undefined when absent or unusable. */
function lifetimeSeconds(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * Gets access tokens with the client-credentials grant: one fetch shared by every concurrent caller, cached until
 * shortly before it expires, dropped when the target refuses it.
 */
export class ClientCredentials {
  readonly redactor: LearningRedactor;
  private readonly style: OAuthCredentialStyle;
  private readonly basicValue: string;
  private readonly tokenUrl: string;
  private current: Issued | undefined;
  private pending: Promise<Issued> | undefined;
  /** A definite refusal (wrong secret, wrong URL) is not retried: asking again for every check only risks locking the client out. */
  private refusal: OAuthError | undefined;
  private fetches = 0;

  constructor(private readonly options: ClientCredentialsOptions) {
    this.style = options.credentialStyle ?? 'basic';
    if (!['basic', 'post', 'both'].includes(this.style)) {
      throw new OAuthError(`OAuth credential style "${String(this.style)}" is not basic, post or both`, true);
    }
    let url: URL;
    try {
      url = new URL(options.tokenUrl);
    } catch {
      throw new OAuthError(
        `OAuth token URL "${options.redactor.redact(options.tokenUrl)}" is not a URL; set it to the token endpoint, e.g. https://login.example.com/oauth2/token`,
        true,
      );
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new OAuthError(`OAuth token URL uses "${url.protocol}", not http or https; set it to the token endpoint's https URL`, true);
    }
    if (!options.clientId) throw new OAuthError('OAuth client id is empty; set it to the client id the authorization server issued', true);
    if (!options.clientSecret)
      throw new OAuthError('OAuth client secret is empty; set it to the client secret the authorization server issued', true);
    this.tokenUrl = url.href;
    this.basicValue = Buffer.from(`${formEncode(options.clientId)}:${formEncode(options.clientSecret)}`).toString('base64');
    this.redactor = new LearningRedactor(options.redactor);
    // The secret leaves in three spellings: as is, form-encoded in a body, and inside the Basic value.
    this.redactor.learn(options.clientSecret, formEncode(options.clientSecret), this.basicValue);
  }

  /** How many token requests were sent so far. */
  get fetchCount(): number {
    return this.fetches;
  }

  /** A usable access token, fetching one if there is none or the current one is about to expire. Throws OAuthError. */
  async token(): Promise<string> {
    const held = this.current;
    if (held && Date.now() < held.refreshAt) return held.value;
    try {
      return (await this.fresh()).value;
    } catch (error) {
      // Within the refresh margin the old token still works; a failed early refresh need not fail the request.
      if (held && held === this.current && Date.now() < held.expiresAt) return held.value;
      throw error;
    }
  }

  /**
   * The target refused this token: the next token() fetches another. Only the refused token is dropped, so several
   * requests refused at once lead to one fetch, not one each.
   */
  invalidate(token: string): void {
    if (this.current?.value === token) this.current = undefined;
  }

  private fresh(): Promise<Issued> {
    if (this.refusal) return Promise.reject(this.refusal);
    this.pending ??= this.fetch().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetch(): Promise<Issued> {
    const { clientId, clientSecret, scope, timeoutMs } = this.options;
    const form: Array<[string, string]> = [['grant_type', 'client_credentials']];
    if (scope) form.push(['scope', scope]);
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (this.style !== 'post') headers.authorization = `Basic ${this.basicValue}`;
    if (this.style !== 'basic') form.push(['client_id', clientId], ['client_secret', clientSecret]);
    const body = new URLSearchParams(form).toString();
    const capturedBody = form.map(([k, v]) => `${formEncode(k)}=${k === 'client_secret' ? '[redacted]' : formEncode(v)}`).join('&');

    const exchange: Exchange = {
      method: 'POST',
      url: this.redactor.redact(this.tokenUrl),
      requestHeaders: this.redactor.headers(headers),
      requestBody: this.redactor.redact(capturedBody),
      responseHeaders: {},
      responseText: '',
      durationMs: 0,
    };
    const where = `OAuth token request to ${exchange.url}`;
    const emit = () => {
      exchange.durationMs = Math.round(performance.now() - started);
      this.options.onExchange?.(exchange);
    };

    this.fetches += 1;
    // Lifetimes count from sending, not from the answer, so a slow token endpoint cannot make a token outlive its expiry.
    const sentAt = Date.now();
    const started = performance.now();
    let status: number;
    let text: string;
    let location: string | undefined;
    try {
      const response = await request(this.tokenUrl, {
        method: 'POST',
        headers,
        body,
        ...(this.options.dispatcher ? { dispatcher: this.options.dispatcher } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.statusCode;
      const responseHeaders: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined) responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      exchange.status = status;
      exchange.responseHeaders = this.redactor.headers(responseHeaders);
      location = exchange.responseHeaders.location;
      text = await readCapped(response.body);
    } catch (error) {
      exchange.error = describeNetworkError(error, timeoutMs);
      emit();
      throw new OAuthError(
        `${where} failed: token endpoint unreachable, ${exchange.error}; check the token URL and that this machine can reach it`,
        false,
      );
    }

    const json = parseJsonObject(text);
    this.learnTokens(json, text);
    if (json) {
      // Structural as well as textual: a token written with JSON escapes (\/) would slip past a plain text match.
      const shown = { ...json };
      for (const field of TOKEN_FIELDS) if (typeof shown[field] === 'string') shown[field] = '[redacted]';
      exchange.responseText = this.redactor.redact(JSON.stringify(shown));
      exchange.json = JSON.parse(exchange.responseText);
    } else {
      exchange.responseText = this.redactor.redact(text);
    }
    emit();

    if (status >= 200 && status < 300) return this.accept(json, status, where, exchange.responseHeaders['content-type'], sentAt);
    throw this.refused(status, json, where, location);
  }

  private learnTokens(json: Record<string, unknown> | undefined, text: string): void {
    // A form-encoded answer is wrong (RFC 6749 section 5.1 asks for JSON) but may still carry a token worth hiding.
    const source = json ?? Object.fromEntries(new URLSearchParams(text.length < MAX_TOKEN_RESPONSE_BYTES ? text : ''));
    for (const field of TOKEN_FIELDS) {
      const value = source[field];
      if (typeof value === 'string') this.redactor.learn(value, JSON.stringify(value).slice(1, -1));
    }
  }

  private accept(
    json: Record<string, unknown> | undefined,
    status: number,
    where: string,
    contentType: string | undefined,
    sentAt: number,
  ): Issued {
    const fail = (reason: string): never => {
      this.refusal = new OAuthError(`${where} failed: ${reason}`, true);
      throw this.refusal;
    };
    if (!json) {
      return fail(
        `the token endpoint answered ${status}${contentType ? ` (${oneLine(contentType, 80)})` : ''} without a JSON object; RFC 6749 section 5.1 requires a JSON token response, so check that the token URL is the token endpoint itself`,
      );
    }
    const token = json.access_token;
    if (typeof token !== 'string' || token === '') {
      return fail(
        `the token endpoint answered ${status} without an access_token; check that the token URL is the token endpoint and that the client may use the client-credentials grant`,
      );
    }
    if (!/^[\x21-\x7e]+$/.test(token))
      return fail(
        'the access_token contains spaces or characters that cannot be sent in an Authorization header; the authorization server must issue a header-safe token',
      );
    const type = json.token_type;
    if (typeof type !== 'string')
      return fail(
        'the token response has no token_type (RFC 6749 section 5.1 requires it; the SCIM endpoint needs "token_type": "Bearer")',
      );
    if (type.toLowerCase() !== 'bearer') {
      return fail(
        `the token endpoint issued a "${oneLine(this.redactor.redact(type), 40)}" token, not a Bearer token; Entra sends Authorization: Bearer <access token>, so the authorization server must issue Bearer tokens`,
      );
    }
    const seconds = lifetimeSeconds(json.expires_in);
    if (seconds === undefined) {
      // No stated lifetime: keep the token until the target refuses it, which the 401 retry handles.
      this.current = { value: token, refreshAt: Infinity, expiresAt: Infinity };
    } else {
      const lifetimeMs = seconds * 1000;
      const expiresAt = sentAt + lifetimeMs;
      this.current = { value: token, refreshAt: expiresAt - Math.min(REFRESH_MARGIN_MS, lifetimeMs / 2), expiresAt };
    }
    return this.current;
  }

  private refused(status: number, json: Record<string, unknown> | undefined, where: string, location: string | undefined): OAuthError {
    const code = typeof json?.error === 'string' ? oneLine(this.redactor.redact(json.error), 80) : undefined;
    const description = typeof json?.error_description === 'string' ? oneLine(this.redactor.redact(json.error_description)) : undefined;
    const said = `${status}${code ? ` ${code}` : ''}${description ? ` ("${description}")` : ''}`;
    const sentAs = {
      basic: 'the Authorization header (client_secret_basic)',
      post: 'the request body (client_secret_post)',
      both: 'both the Authorization header and the request body',
    }[this.style];
    let fix: string;
    let permanent = true;
    if (code === 'invalid_client') {
      fix = `check the client id and secret, and the credential style the token endpoint wants (basic: Authorization header, post: request body, or both); this run sent them in ${sentAs}`;
    } else if (code === 'unsupported_grant_type' || code === 'unauthorized_client' || code === 'invalid_grant') {
      fix = 'allow the client-credentials grant for this client at the authorization server (RFC 6749 section 4.4)';
    } else if (code === 'invalid_scope') {
      fix = this.options.scope
        ? `check the scope; this run asked for "${oneLine(this.redactor.redact(this.options.scope), 80)}"`
        : 'the token endpoint wants a scope; set one';
    } else if (code === 'invalid_request') {
      fix = `check the token URL and the credential style; this run sent the credentials in ${sentAs}`;
    } else if (status >= 300 && status < 400) {
      fix = `the token endpoint redirects${location ? ` to ${oneLine(location, 200)}` : ''}; set the token URL to the final address (credentials are not sent on through redirects)`;
    } else if (status === 404 || status === 405) {
      fix = 'nothing takes a token request at that address; check the token URL';
    } else if (status === 401 || status === 403) {
      fix = `check the client id and secret and the credential style; this run sent them in ${sentAs}`;
    } else if (status === 408 || status === 429 || status >= 500) {
      permanent = false;
      fix = 'the token endpoint failed or is busy; try again, or check the authorization server';
    } else {
      fix = 'check the token URL, the client id and secret, and the credential style';
    }
    const error = new OAuthError(`${where} failed: the token endpoint answered ${said}; ${fix}`, permanent);
    if (permanent) this.refusal = error;
    return error;
  }
}
