// The `schemas` array a profile sends on create: the core URN, then every extension a mapped path lives in,
// because a server may reject (or silently drop) extension attributes whose URN is not declared.
import { parsePath } from '../kit/scim-path.ts';

export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** Entra adds this to every group create (fact entra.groups.create), whatever the mapping says. */
export const ADSCIM_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

export function extensionUrn(path: string): string | undefined {
  try {
    return parsePath(path).urn;
  } catch {
    return undefined;
  }
}

export function schemasFor(base: readonly string[], paths: readonly string[]): string[] {
  const out = [...base];
  const used = paths.map(extensionUrn).filter((urn): urn is string => urn !== undefined);
  // The enterprise extension leads the extensions, as in Entra's own create requests.
  used.sort((a, b) => Number(sameUrn(b, ENTERPRISE_USER)) - Number(sameUrn(a, ENTERPRISE_USER)));
  for (const urn of used) if (!out.some((known) => sameUrn(known, urn))) out.push(urn);
  return out;
}

export function sameUrn(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
