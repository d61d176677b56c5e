// Credential checks. Compared as SHA-256 digests with timingSafeEqual: equal-length inputs make the
// comparison constant-time whatever the length of the guess.
import { createHash, timingSafeEqual } from 'node:crypto';
import { ScimHttpError } from './scim-error.ts';

/** Where the token endpoint looks for the client credentials; 'any' takes the header, the body or both. */
export type ClientCredentialStyle = 'basic' | 'post' | 'any';

export interface OAuthAuthOptions {
  mode: 'oauth';
  clientId: string;
  clientSecret: string;
  /** Default 3600: an hour, the shortest access-token lifetime Microsoft's gallery test accepts (60 to 360 minutes). */
  tokenLifetimeSeconds?: number;
  /** Default any. */
  credentialStyle?: ClientCredentialStyle;
}

export type AuthOptions =
  { mode: 'bearer'; token: string } | { mode: 'basic'; username: string; password: string } | { mode: 'none' } | OAuthAuthOptions;

function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function credentials(header: string | undefined, scheme: string): string | undefined {
  const match = header?.match(/^\s*(\S+)\s+(.+?)\s*$/);
  return match && match[1]!.toLowerCase() === scheme ? match[2] : undefined;
}

/**
 * Throws 401 unless the Authorization header carries the configured credentials. With oauth, isIssuedToken says
 * whether a bearer token came from the token endpoint and has not expired.
 */
export function checkAuthorization(auth: AuthOptions, header: string | undefined, isIssuedToken?: (token: string) => boolean): void {
  if (auth.mode === 'none') return;
  if (auth.mode === 'oauth') {
    const token = credentials(header, 'bearer');
    if (token !== undefined && isIssuedToken?.(token)) return;
    // RFC 6750 section 3.1: error="invalid_token" tells a client with a stale token to get a new one.
    const challenge = token === undefined ? 'Bearer realm="scim"' : 'Bearer realm="scim", error="invalid_token"';
    throw new ScimHttpError(
      401,
      token === undefined ? 'Missing bearer access token' : 'Unknown or expired access token; get a new one from the token endpoint',
      undefined,
      {
        'WWW-Authenticate': challenge,
      },
    );
  }
  if (auth.mode === 'bearer') {
    const token = credentials(header, 'bearer');
    if (token !== undefined && sameSecret(token, auth.token)) return;
    throw new ScimHttpError(401, 'Missing or invalid bearer token', undefined, { 'WWW-Authenticate': 'Bearer realm="scim"' });
  }
  const encoded = credentials(header, 'basic');
  const decoded = encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded?.indexOf(':') ?? -1;
  if (decoded !== undefined && colon >= 0) {
    // Both halves are always compared, so a wrong username takes as long as a wrong password.
    const userOk = sameSecret(decoded.slice(0, colon), auth.username);
    const passwordOk = sameSecret(decoded.slice(colon + 1), auth.password);
    if (userOk && passwordOk) return;
  }
  throw new ScimHttpError(401, 'Missing or invalid Basic credentials', undefined, {
    'WWW-Authenticate': 'Basic realm="scim", charset="UTF-8"',
  });
}

/** application/x-www-form-urlencoded decoding; undefined for a malformed percent sequence. */
function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

function basicPair(header: string | undefined): { id: string; secret: string } | undefined {
  const encoded = credentials(header, 'basic');
  if (encoded === undefined) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? { id: decoded, secret: '' } : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

function samePair(given: { id: string; secret: string }, auth: OAuthAuthOptions): boolean {
  const idOk = sameSecret(given.id, auth.clientId);
  const secretOk = sameSecret(given.secret, auth.clientSecret);
  return idOk && secretOk;
}

/**
 * Client authentication at the token endpoint (RFC 6749 section 2.3.1). Returns undefined when the client is known,
 * otherwise the error_description for a 401 invalid_client.
 */
export function checkClientCredentials(auth: OAuthAuthOptions, header: string | undefined, form: URLSearchParams): string | undefined {
  const style = auth.credentialStyle ?? 'any';
  const raw = basicPair(header);
  // The RFC form-encodes id and secret before Basic encoding, but many clients skip that; either spelling is taken.
  const decodedId = raw && formDecode(raw.id);
  const decodedSecret = raw && formDecode(raw.secret);
  const fromHeader = raw && [
    raw,
    ...(decodedId !== undefined && decodedSecret !== undefined ? [{ id: decodedId, secret: decodedSecret }] : []),
  ];
  const fromBody =
    form.has('client_id') || form.has('client_secret')
      ? { id: form.get('client_id') ?? '', secret: form.get('client_secret') ?? '' }
      : undefined;

  if (style === 'basic' && !fromHeader)
    return 'this token endpoint takes the client credentials only in the Authorization header (client_secret_basic)';
  if (style === 'post' && !fromBody)
    return 'this token endpoint takes the client credentials only in the request body (client_secret_post)';
  if (!fromHeader && !fromBody)
    return 'no client credentials: send them in the Authorization header (client_secret_basic) or the request body (client_secret_post)';
  // A server with one style ignores the other place, as a real single-method server would; 'any' wants every set sent to be right.
  const headerOk = fromHeader ? fromHeader.map((pair) => samePair(pair, auth)).some(Boolean) : undefined;
  const bodyOk = fromBody ? samePair(fromBody, auth) : undefined;
  const ok = style === 'basic' ? headerOk : style === 'post' ? bodyOk : headerOk !== false && bodyOk !== false;
  return ok ? undefined : 'client authentication failed: unknown client id or wrong secret';
}
