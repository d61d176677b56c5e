// The bundled reference server set up like a profile's vendor: its base path, its authentication and its
// extension schemas, with fresh random credentials. Used by the CLI without SCIM_BASE_URL, and by the tests.
import { randomBytes } from 'node:crypto';
import type { ReferenceServerOptions } from '../../reference/server.ts';
import type { Profile } from '../generated/index.ts';
import type { AuthConfig } from '../harness/client.ts';

export function referenceLike(profile: Profile, mode: AuthConfig['mode'] = profile.auth ?? 'bearer'): { auth: AuthConfig; options: ReferenceServerOptions } {
  const secret = randomBytes(24).toString('base64url');
  const auth: AuthConfig =
    mode === 'basic' ? { mode: 'basic', username: 'scim-conformance', password: secret } : mode === 'none' ? { mode: 'none' } : { mode: 'bearer', token: secret };
  const serverAuth: ReferenceServerOptions['auth'] = auth.mode === 'basic' ? { mode: 'basic', username: auth.username, password: auth.password } : auth.mode === 'bearer' ? { mode: 'bearer', token: auth.token } : { mode: 'none' };
  return { auth, options: { auth: serverAuth, ...basePath(profile.basePathHint) } };
}

/** A hint such as /api/scim/v3; a placeholder like {REST API}/scim keeps only its literal path. */
function basePath(hint: string | undefined): { basePath?: string } {
  const path = hint?.replace(/^.*\}/, '');
  return path && /^\/[\w/.-]*$/.test(path) ? { basePath: path.replace(/\/+$/, '') } : {};
}
