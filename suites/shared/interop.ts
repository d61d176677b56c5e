// What the checks of the interoperability profile (suites/interop) share. They send the profile's own requests, the
// same whichever client the run is for (every PATCH operation with a path, only schemas a server defines), so each
// runs once for Entra and Okta alike, and only in a run that asks for the profile (--standard interop).
import { type CheckContext, defineCheck, type Exchange, PATCH_OK, PATCH_SCHEMA, property } from '../../src/kit/index.ts';

export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

type Definition = Omit<Parameters<typeof defineCheck>[0], 'standard' | 'clients'>;

/** A check of the interoperability profile: for Entra and Okta runs alike, and only with --standard interop. */
export function interopCheck(definition: Definition) {
  return defineCheck({ ...definition, standard: 'interop', clients: ['entra', 'okta'] });
}

/** Where a rule of the profile refuses what a real client sends: said in the fix of each check that enforces it. */
export const COLLIDES = {
  pathLess:
    'Enforcing this rejects Entra\'s updates in its aadOptscim062020 dialect (one path-less replace with dotted and URN keys) and Okta\'s deactivation (a path-less replace {"active": false}): a server that serves those clients as they are must keep accepting path-less operations, or the leaver stays active.',
  strictSchema:
    "Enforcing this rejects Entra's group creates (they list Microsoft's ADSCIM group schema URI) and every attribute Entra's or Okta's mapping sends that the app does not define (Entra: addresses, phoneNumbers, title, preferredLanguage by default; Okta: password, locale): define them, or those creates fail.",
  complexReplace:
    'RFC 7644 §3.5.2.3 says the opposite (a replace of a complex attribute leaves sub-attributes not sent unchanged), so a server built to the RFC merges here; the profile makes the replace total.',
};

export const userUrl = (id: string) => `/Users/${encodeURIComponent(id)}`;
export const groupUrl = (id: string) => `/Groups/${encodeURIComponent(id)}`;

/** A group of the run's own, created with the core Group schema only (the profile's servers need define no other). */
export function coreGroup(ctx: CheckContext) {
  return ctx.require.group({
    adjust: (body) => {
      body.schemas = [CORE_GROUP];
    },
  });
}

export function patchBody(...operations: Array<{ op: string; path?: string; value?: unknown }>) {
  return { schemas: [PATCH_SCHEMA], Operations: operations };
}

/** Fails unless the answer is this status with a SCIM Error of this scimType. */
export function expectError(ctx: CheckContext, exchange: Exchange, status: number, scimType: string, expected: string, fix: string): void {
  const body = ctx.expect.status(exchange, [status], `${status} with scimType ${scimType}: ${expected}`, fix);
  const got = property(body, 'scimType');
  if (got !== scimType)
    ctx.fail({ expected: `scimType "${scimType}"`, got: got === undefined ? 'no scimType' : JSON.stringify(got), exchange, fix });
}

/** Sends a PATCH that must succeed (200 or 204) and reads the user back; returns the user as read. */
export async function patchAndRead(
  ctx: CheckContext,
  id: string,
  body: unknown,
  what: string,
): Promise<{ patched: Exchange; read: Exchange; user: Record<string, unknown> }> {
  const patched = await ctx.client.patch(userUrl(id), body);
  ctx.expect.status(patched, PATCH_OK, `200 or 204: ${what}`, `Accept ${what} (every operation has a path, RFC 7644 §3.5.2).`);
  const read = await ctx.client.get(userUrl(id));
  const user = ctx.expect.status(read, [200], '200 with the user') as Record<string, unknown>;
  return { patched, read, user };
}

/** The media type of an answer, without parameters, lower-cased. */
export function mediaType(exchange: Exchange): string {
  return (exchange.responseHeaders['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}
