import { defineCheck } from '../../src/kit/index.ts';
import { activeBody, expectActive, OKTA_PATCH_OK, oktaLookup, requireOktaUser, setActive, userNameOf } from '../shared/okta.ts';

const KEEP =
  'Treat active false as a state, never as a deletion: Okta does not delete users, it deactivates them and finds them again later.';

export default [
  defineCheck({
    id: 'users.okta-deactivate.without-content-type',
    title: "Okta's deactivation is taken when its body comes without a Content-Type header, as Okta's requests may",
    feature: 'soft delete',
    level: 'SHOULD',
    evidence: ['okta.requests.no-content-type', 'okta.users.deactivate'],
    requires: ['patch'],
    mutates: true,
    clients: ['okta'],
    fix: 'Read a request body without a Content-Type as JSON (and take application/json as well as application/scim+json): refusing it with 415 leaves a leaver active in your app.',
    async run(ctx) {
      const { id } = await requireOktaUser(ctx);
      const exchange = await ctx.client.patchWith({ contentType: null }, `/Users/${encodeURIComponent(id)}`, activeBody(false));
      ctx.expect.status(exchange, OKTA_PATCH_OK, '200 or 204 for a PATCH without a Content-Type header');
      await expectActive(ctx, id, false, KEEP, exchange);
    },
  }),
  defineCheck({
    id: 'users.okta-deactivate.deactivate',
    title: 'Okta\'s deactivation (PATCH replace without a path, {"active": false}) answers 200 or 204, and the user reads back inactive',
    feature: 'soft delete',
    level: 'MUST',
    evidence: ['okta.users.deactivate', 'okta.users.never-deleted', 'rfc7644.3.5.2.3.replace'],
    requires: ['patch'],
    mutates: true,
    clients: ['okta'],
    covers: ['Okta SPEC: Deactivate the user', 'Okta CRUD: Deactivate the user', 'Okta CRUD: Unassign the user (deactivated, not deleted)'],
    fix: 'Apply {"op":"replace","value":{"active":false}} (no path: each key of the value is an attribute) and answer 200 with the user or 204; keep the user readable at /Users/{id} with "active": false.',
    async run(ctx) {
      const { id } = await requireOktaUser(ctx);
      const patched = await setActive(ctx, id, false, '200 or 204');
      await expectActive(ctx, id, false, KEEP, patched);
    },
  }),
  defineCheck({
    id: 'users.okta-deactivate.still-found',
    title: "A user Okta deactivated is still found by Okta's userName lookup, with active false",
    feature: 'soft delete',
    level: 'MUST',
    evidence: ['okta.users.never-deleted', 'okta.users.match'],
    requires: ['patch', 'filter'],
    mutates: true,
    clients: ['okta'],
    covers: ['Okta CRUD: Unassign the user (deactivated, not deleted)'],
    fix: 'Do not hide inactive users from filters: Okta looks a deactivated user up by userName to reactivate or reassign it, and creates a duplicate when the lookup finds nothing.',
    async run(ctx) {
      const { draft, id } = await requireOktaUser(ctx);
      await setActive(ctx, id, false, '(setup) 200 or 204 for the deactivation (see users.okta-deactivate.deactivate)');
      const exchange = await oktaLookup(ctx, userNameOf(draft));
      if (exchange.status === 404)
        ctx.fail({ expected: `200 with the deactivated user ${id}`, got: '404: the lookup found nobody', exchange, fix: KEEP });
      const list = ctx.expect.listResponse(exchange, '200 with the deactivated user');
      const found = ctx.expect.exactlyOne(list, id, exchange, 'the deactivated user', KEEP);
      if (found.active !== false) ctx.fail({ expected: 'active false in the lookup result', got: JSON.stringify(found.active), exchange });
    },
  }),
  defineCheck({
    id: 'users.okta-deactivate.reactivate',
    title: 'Okta\'s reactivation (PATCH replace without a path, {"active": true}) makes a deactivated user active again',
    feature: 'soft delete',
    level: 'MUST',
    evidence: ['okta.users.deactivate', 'okta.crud-test', 'rfc7644.3.5.2.3.replace'],
    requires: ['patch'],
    mutates: true,
    clients: ['okta'],
    covers: ['Okta CRUD: Reactivate the user'],
    fix: 'Apply {"op":"replace","value":{"active":true}} to a deactivated user: Okta reactivates users that are assigned again.',
    async run(ctx) {
      const { id } = await requireOktaUser(ctx);
      await setActive(ctx, id, false, '(setup) 200 or 204 for the deactivation');
      await expectActive(ctx, id, false, KEEP);
      const patched = await setActive(ctx, id, true, '200 or 204 for the reactivation');
      await expectActive(ctx, id, true, 'Apply active true to a deactivated user and keep it readable.', patched);
    },
  }),
];
