// The bundled reference server set up like a profile's vendor: its base path, its authentication and its
// extension schemas, with fresh random credentials. Used by the CLI without SCIM_BASE_URL, and by the tests.
import { randomBytes } from 'node:crypto';
import type { ReferenceServerOptions } from '../../reference/server.ts';
import type { Profile } from '../generated/index.ts';
import type { AuthConfig } from '../http/client.ts';
import { parsePath } from '../kit/scim-path.ts';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export function referenceLike(
  profile: Profile,
  mode: AuthConfig['mode'] = profile.auth ?? 'bearer',
): { auth: AuthConfig; options: ReferenceServerOptions } {
  const secret = randomBytes(24).toString('base64url');
  switch (mode) {
    case 'basic':
      return {
        auth: { mode, username: 'scim-conformance', password: secret },
        options: { auth: { mode, username: 'scim-conformance', password: secret }, ...vendorShape(profile) },
      };
    case 'none':
      return { auth: { mode }, options: { auth: { mode }, ...vendorShape(profile) } };
    case 'oauth':
      // The token URL is known once the server listens: the caller fills it in from server.tokenUrl.
      return {
        auth: { mode, tokenUrl: '', clientId: 'scim-conformance', clientSecret: secret },
        options: { auth: { mode, clientId: 'scim-conformance', clientSecret: secret }, ...vendorShape(profile) },
      };
    default:
      return { auth: { mode: 'bearer', token: secret }, options: { auth: { mode: 'bearer', token: secret }, ...vendorShape(profile) } };
  }
}

/** The vendor's base path, extension schemas and required attributes. */
function vendorShape(profile: Profile): Pick<ReferenceServerOptions, 'basePath' | 'extensions' | 'requiredUserAttributes'> {
  const extensions = new Map<string, string[]>();
  for (const attribute of profile.users.attributes) {
    const p = parsePath(attribute.path);
    if (!p.urn || p.urn.toLowerCase() === ENTERPRISE.toLowerCase()) continue;
    extensions.set(p.urn, [...(extensions.get(p.urn) ?? []), p.attribute]);
  }
  const list = [...extensions].map(([urn, attributes]) => ({ urn, attributes }));
  const required = profile.users.attributes
    .filter((a) => a.required === true && a.path !== 'userName' && a.onCreate !== false)
    .map((a) => a.path);
  return {
    ...basePath(profile.basePathHint),
    ...(list.length ? { extensions: list } : {}),
    ...(required.length ? { requiredUserAttributes: required } : {}),
  };
}

/** A hint such as /api/scim/v3; a placeholder like {REST API}/scim keeps only its literal path. */
function basePath(hint: string | undefined): { basePath?: string } {
  const path = hint?.replace(/^.*\}/, '');
  return path && /^\/[\w/.-]*$/.test(path) ? { basePath: path.replace(/\/+$/, '') } : {};
}
