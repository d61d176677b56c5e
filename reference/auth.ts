// Credential checks. Compared as SHA-256 digests with timingSafeEqual: equal-length inputs make the
// comparison constant-time whatever the length of the guess.
import { createHash, timingSafeEqual } from 'node:crypto';
import { ScimHttpError } from './scim-error.ts';

export type AuthOptions = { mode: 'bearer'; token: string } | { mode: 'basic'; username: string; password: string } | { mode: 'none' };

function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function credentials(header: string | undefined, scheme: string): string | undefined {
  const match = header?.match(/^\s*(\S+)\s+(.+?)\s*$/);
  return match && match[1]!.toLowerCase() === scheme ? match[2] : undefined;
}

/** Throws 401 unless the Authorization header carries the configured credentials. */
export function checkAuthorization(auth: AuthOptions, header: string | undefined): void {
  if (auth.mode === 'none') return;
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
  throw new ScimHttpError(401, 'Missing or invalid Basic credentials', undefined, { 'WWW-Authenticate': 'Basic realm="scim", charset="UTF-8"' });
}
