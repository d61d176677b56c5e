// Okta's requests, as its SCIM 2.0 reference shows them (facts okta.*, suites/evidence/okta.ts): the create bodies of
// users and pushed groups, its userName lookup, and its path-less PATCH of active. The values stay the profile's (the
// attributes an app maps), with the run's prefix; what Okta adds of its own is added here.
import { type CheckContext, type Exchange, eqFilter, PATCH_SCHEMA, type PatchBody, property } from '../../src/kit/index.ts';

export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** Okta takes 200 with the resource or 204 for every PATCH, of users and groups. */
export const OKTA_PATCH_OK = [200, 204];

/**
 * Reshapes a user body the profile built into Okta's create: no meta, active true, and Okta's own additions, an empty
 * groups list and a password. (The work email a profile maps is already marked primary, as Okta marks it.)
 */
export function asOktaUser(body: Record<string, unknown>, password: string): void {
  delete body.meta;
  body.active = true;
  body.groups = [];
  // The run's throwaway password (ValueFactory): one per run, and redacted from every report like a credential.
  body.password = password;
}

/** Group Push's create: the core Group schema, the displayName and an empty members list, nothing else. */
export function asOktaGroup(body: Record<string, unknown>): void {
  const displayName = body.displayName;
  for (const key of Object.keys(body)) delete body[key];
  Object.assign(body, { schemas: [CORE_GROUP], displayName, members: [] });
}

/** A user of the run's own, created with Okta's body; `judgesAnswer` when the check judges the create's own answer. */
export function requireOktaUser(ctx: CheckContext, options: { judgesAnswer?: boolean } = {}) {
  return ctx.require.user({ adjust: (body) => asOktaUser(body, ctx.values.password), ...options });
}

/** A group of the run's own, created the way Group Push creates it. */
export function requireOktaGroup(ctx: CheckContext) {
  return ctx.require.group({ adjust: asOktaGroup });
}

/** The userName a user was created with (Okta matches on userName). */
export function userNameOf(draft: { body: Record<string, unknown> }): string {
  return String(draft.body.userName);
}

/** Okta's lookup of a user: userName eq, with the paging parameters it always adds. */
export function oktaLookup(ctx: CheckContext, userName: string): Promise<Exchange> {
  return ctx.client.get('/Users', { filter: eqFilter('userName', userName), startIndex: '1', count: '100' });
}

/** Okta's deactivation and reactivation: one replace without a path, {"active": false} or true, a real boolean. */
export function activeBody(active: boolean): PatchBody {
  return { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', value: { active } }] };
}

/** Sends Okta's PATCH of active and fails unless it answers 200 or 204. */
export async function setActive(ctx: CheckContext, id: string, active: boolean, expected: string): Promise<Exchange> {
  const exchange = await ctx.client.patch(`/Users/${encodeURIComponent(id)}`, activeBody(active));
  ctx.expect.status(
    exchange,
    OKTA_PATCH_OK,
    expected,
    exchange.status === 400
      ? 'Accept a replace without a path whose value is an object of attributes ({"active": false}): RFC 7644 §3.5.2.3 allows it, and Okta sends nothing else.'
      : undefined,
  );
  return exchange;
}

/** Reads the user and fails unless it is there with active as expected. */
export async function expectActive(ctx: CheckContext, id: string, active: boolean, fix: string, cause?: Exchange): Promise<unknown> {
  const exchange = await ctx.client.get(`/Users/${encodeURIComponent(id)}`);
  const body = ctx.expect.status(exchange, [200], `200 with the user (active ${active})`, exchange.status === 404 ? fix : undefined);
  const value = property(body, 'active');
  if (value !== active) {
    ctx.fail({
      expected: `active ${active} (a JSON boolean)`,
      got: value === undefined ? 'no active attribute' : JSON.stringify(value),
      exchange,
      ...(cause ? { cause } : {}),
      fix,
    });
  }
  return body;
}
