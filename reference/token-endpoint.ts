// The reference server's OAuth 2.0 token endpoint: the client-credentials grant (RFC 6749 section 4.4) that Entra
// can use instead of a long-lived secret token, so the suite's oauth mode has something real to talk to.
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkClientCredentials, type OAuthAuthOptions } from './auth.ts';

/** Outside the SCIM base path, as an authorization server's endpoint usually is. */
export const TOKEN_PATH = '/oauth2/token';

const MAX_FORM_BYTES = 64 * 1024;
const DEFAULT_LIFETIME_SECONDS = 3600;

export interface TokenResponse {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

class TokenRequestError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
  }
}

/** Issued tokens are kept as digests: looking one up then reveals nothing through timing about the stored values. */
function digest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw new TokenRequestError(
      400,
      'invalid_request',
      'send the token request as application/x-www-form-urlencoded (RFC 6749 section 4.4.2)',
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES)
      throw new TokenRequestError(400, 'invalid_request', `token request body larger than ${MAX_FORM_BYTES} bytes`);
    chunks.push(chunk);
  }
  const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  for (const name of new Set(form.keys())) {
    if (form.getAll(name).length > 1)
      throw new TokenRequestError(400, 'invalid_request', `parameter ${name} sent more than once (RFC 6749 section 3.2)`);
  }
  return form;
}

export class TokenEndpoint {
  readonly lifetimeSeconds: number;
  /** digest -> expiry (epoch ms) */
  private readonly issued = new Map<string, number>();
  private readonly everIssued: string[] = [];
  private requests = 0;

  constructor(private readonly auth: OAuthAuthOptions) {
    if (typeof auth.clientId !== 'string' || auth.clientId === '') throw new Error('auth.clientId must be a non-empty string');
    if (typeof auth.clientSecret !== 'string' || auth.clientSecret === '') throw new Error('auth.clientSecret must be a non-empty string');
    const lifetime = auth.tokenLifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS;
    if (!Number.isInteger(lifetime) || lifetime < 1)
      throw new Error(`auth.tokenLifetimeSeconds must be a whole number of seconds, at least 1; got ${String(lifetime)}`);
    const style = auth.credentialStyle ?? 'any';
    if (!['basic', 'post', 'any'].includes(style)) throw new Error(`auth.credentialStyle must be basic, post or any; got ${String(style)}`);
    this.lifetimeSeconds = lifetime;
  }

  async handle(req: IncomingMessage): Promise<TokenResponse> {
    this.requests += 1;
    try {
      if ((req.method ?? 'GET').toUpperCase() !== 'POST') {
        throw new TokenRequestError(405, 'invalid_request', 'the token endpoint takes POST', { Allow: 'POST' });
      }
      const form = await readForm(req);
      const refusal = checkClientCredentials(this.auth, req.headers.authorization, form);
      if (refusal !== undefined) {
        // RFC 6749 section 5.2: 401 with a challenge for the scheme the client may use.
        throw new TokenRequestError(401, 'invalid_client', refusal, { 'WWW-Authenticate': 'Basic realm="oauth2", charset="UTF-8"' });
      }
      const grant = form.get('grant_type');
      if (grant === null) throw new TokenRequestError(400, 'invalid_request', 'grant_type is missing; send grant_type=client_credentials');
      if (grant !== 'client_credentials')
        throw new TokenRequestError(
          400,
          'unsupported_grant_type',
          `only grant_type=client_credentials is supported, got ${JSON.stringify(grant.slice(0, 60))}`,
        );
      return { status: 200, body: { access_token: this.issue(), token_type: 'Bearer', expires_in: this.lifetimeSeconds } };
    } catch (error) {
      if (!(error instanceof TokenRequestError)) throw error;
      return { status: error.status, body: { error: error.error, error_description: error.description }, headers: error.headers };
    }
  }

  isIssued(token: string): boolean {
    const expiresAt = this.issued.get(digest(token));
    return expiresAt !== undefined && Date.now() < expiresAt;
  }

  /** Every issued token stops working now, as if each had reached its expiry. */
  expireAll(): void {
    this.issued.clear();
  }

  requestCount(): number {
    return this.requests;
  }

  /** Every token handed out, valid or not, so tests can check none reaches a report. */
  issuedTokens(): string[] {
    return [...this.everIssued];
  }

  private issue(): string {
    const now = Date.now();
    for (const [key, expiresAt] of this.issued) if (expiresAt <= now) this.issued.delete(key);
    const token = randomBytes(32).toString('base64url');
    this.issued.set(digest(token), now + this.lifetimeSeconds * 1000);
    this.everIssued.push(token);
    return token;
  }
}

export function writeTokenResponse(res: ServerResponse, response: TokenResponse): void {
  const payload = Buffer.from(JSON.stringify(response.body), 'utf8');
  res.statusCode = response.status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  // RFC 6749 section 5.1: token responses must not be cached.
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
  for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
  res.setHeader('Content-Length', payload.length);
  res.end(payload);
}
