// The Tenant URL as a vendor pastes it into Entra: the base of every request, less Entra's own dialect switches.

/** Entra's dialect switches (fact entra.patch.dialects): they tell Entra how to talk, they are never sent to the target. */
const ENTRA_FLAGS = new Set(['aadoptscim062020', 'azureadscimpatch2017']);

export function splitTenantUrl(tenantUrl: string): { base: URL; flags: string[] } {
  const base = new URL(tenantUrl);
  const flags: string[] = [];
  for (const name of [...base.searchParams.keys()]) {
    if (ENTRA_FLAGS.has(name.toLowerCase())) {
      flags.push(name);
      base.searchParams.delete(name);
    }
  }
  base.pathname = base.pathname.replace(/\/+$/, '');
  return { base, flags };
}
