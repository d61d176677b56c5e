import {
  type CheckContext,
  defineCheck,
  describeMismatches,
  type Exchange,
  getPath,
  mismatches,
  patchBody,
  property,
} from '../../src/kit/index.ts';
import { OKTA_PATCH_OK, requireOktaGroup, requireOktaUser, userNameOf } from '../shared/okta.ts';

const GIVEN_NAME = 'name.givenName';

type OktaUser = Awaited<ReturnType<typeof requireOktaUser>>;

/**
 * Okta's profile update: GET /Users/{id}, then PUT /Users/{id} with what the GET returned, the new first name merged in
 * and Okta's own password and empty groups list beside it (server-owned meta left out). Returns the PUT and the name.
 */
async function oktaUpdate(ctx: CheckContext, user: OktaUser): Promise<{ put: Exchange; givenName: string }> {
  const path = `/Users/${encodeURIComponent(user.id)}`;
  const read = await ctx.client.get(path);
  const current = ctx.expect.status(read, [200], '(setup) 200 with the user, which Okta reads before it updates');
  if (typeof current !== 'object' || current === null || Array.isArray(current)) {
    return ctx.precondition({
      expected: 'the user as a JSON object (see users.okta-read.by-id)',
      got: read.responseText.slice(0, 200),
      exchange: read,
    });
  }
  const attribute = ctx.profile.users.attributes.find((a) => a.path === GIVEN_NAME);
  const givenName = attribute ? String(ctx.values.value(attribute, user.draft.seed, 1)) : `${ctx.values.prefix}-renamed`;
  const { meta: _meta, ...body } = structuredClone(current) as Record<string, unknown>;
  const name = property(body, 'name');
  body.name = { ...(typeof name === 'object' && name !== null ? name : {}), givenName };
  body.groups = [];
  body.password = user.draft.body.password;
  const put = await ctx.client.put(path, body);
  return { put, givenName };
}

export default [
  defineCheck({
    id: 'users.okta-update.put',
    title: "Okta's profile update (GET, then PUT of the whole user with a new first name) answers 200 and the change holds",
    feature: 'update',
    level: 'MUST',
    evidence: ['okta.users.update-put', 'okta.crud-test', 'rfc7644.3.5.1.put'],
    mutates: true,
    clients: ['okta'],
    covers: ['Okta SPEC: Update the user with PUT', 'Okta CRUD: Push a changed first name'],
    fix: 'Support PUT /Users/{id}: replace the user with the body Okta sends (ignoring read-only attributes such as groups and meta) and answer 200 with the stored user.',
    async run(ctx) {
      const user = await requireOktaUser(ctx);
      const { put, givenName } = await oktaUpdate(ctx, user);
      const body = ctx.expect.status(
        put,
        [200],
        '200 with the updated user',
        put.status === 404 || put.status === 405 || put.status === 501
          ? 'Implement PUT /Users/{id}: Okta sends every profile update as a PUT of the whole user.'
          : put.status === 400
            ? "Accept the whole user as your GET returned it (id and schemas included), with Okta's password and empty groups list: ignore what is read-only or not stored."
            : undefined,
      );
      if (getPath(body, GIVEN_NAME) !== givenName)
        ctx.fail({
          expected: `the PUT answered with name.givenName ${JSON.stringify(givenName)}`,
          got: JSON.stringify(getPath(body, GIVEN_NAME)),
          exchange: put,
        });
      const read = await ctx.client.get(`/Users/${encodeURIComponent(user.id)}`);
      const after = ctx.expect.status(read, [200], '200 with the updated user');
      if (getPath(after, GIVEN_NAME) !== givenName) {
        ctx.fail({
          expected: `name.givenName ${JSON.stringify(givenName)} read back after the PUT`,
          got: JSON.stringify(getPath(after, GIVEN_NAME)),
          exchange: read,
          cause: put,
          fix: 'Store what the PUT sends: Okta reads the user again on its next import and would see the old name.',
        });
      }
    },
  }),
  defineCheck({
    id: 'users.okta-update.put-keeps-unchanged',
    title: "After Okta's profile update, every attribute it did not change reads back as it was",
    feature: 'update',
    level: 'MUST',
    evidence: ['rfc7644.3.5.1.put', 'okta.users.update-put', 'okta.users.put-from-get'],
    mutates: true,
    clients: ['okta'],
    covers: ['Okta CRUD: Push a changed first name'],
    fix: 'Store every attribute of the PUT body, extension attributes included, and return from GET /Users/{id} every attribute you hold: Okta sends back only what the GET returned, so what the GET leaves out, or the PUT drops, is lost.',
    async run(ctx) {
      const user = await requireOktaUser(ctx);
      const { put } = await oktaUpdate(ctx, user);
      if (put.status !== 200)
        return ctx.precondition({
          expected: 'the PUT to answer 200 (see users.okta-update.put)',
          got: `status ${put.status}`,
          exchange: put,
        });
      const read = await ctx.client.get(`/Users/${encodeURIComponent(user.id)}`);
      const after = ctx.expect.status(read, [200], '200 with the updated user');
      const unchanged = new Map([...user.draft.values].filter(([path]) => path !== GIVEN_NAME));
      const wrong = mismatches(after, unchanged, ctx.profile.users.attributes);
      if (wrong.length) {
        ctx.fail({
          expected: 'every attribute other than name.givenName as it was created',
          got: describeMismatches(wrong),
          exchange: read,
          cause: put,
        });
      }
    },
  }),
  defineCheck({
    id: 'users.okta-update.put-keeps-groups',
    title: "Okta's profile update, which carries groups [], leaves the user in its groups",
    feature: 'update',
    level: 'MUST',
    evidence: ['rfc7643.4.1.2.groups', 'rfc7644.3.5.1.put', 'okta.users.update-put'],
    requires: ['groups', 'patch'],
    mutates: true,
    clients: ['okta'],
    chain: 8,
    fix: 'Ignore "groups" in a PUT /Users/{id} (it is read-only, RFC 7643 §4.1.2): memberships change only through PATCH /Groups, and Okta sends groups [] with every profile update.',
    async run(ctx) {
      const user = await requireOktaUser(ctx);
      const group = await requireOktaGroup(ctx);
      const add = patchBody({ op: 'add', path: 'members', value: [{ value: user.id, display: userNameOf(user.draft) }] });
      const added = await ctx.client.patch(`/Groups/${encodeURIComponent(group.id)}`, add);
      if (!OKTA_PATCH_OK.includes(added.status ?? -1))
        return ctx.precondition({
          expected: 'the member to be added (see groups.okta-push.members)',
          got: `status ${added.status}`,
          exchange: added,
        });
      const { put } = await oktaUpdate(ctx, user);
      if (put.status !== 200)
        return ctx.precondition({
          expected: 'the PUT to answer 200 (see users.okta-update.put)',
          got: `status ${put.status}`,
          exchange: put,
        });
      await ctx.expect.members(
        group.id,
        [user.id],
        'Keep memberships when a user is replaced: the "groups" a PUT /Users carries is read-only.',
        put,
      );
    },
  }),
];
