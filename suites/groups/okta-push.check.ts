import { type CheckContext, defineCheck, patchBody, type PatchOperation, property } from '../../src/kit/index.ts';
import { asOktaGroup, OKTA_PATCH_OK, requireOktaGroup, requireOktaUser, userNameOf } from '../shared/okta.ts';

/** Sends a Group Push PATCH, which must answer 200 (with the group, members possibly left out) or 204. */
async function push(ctx: CheckContext, id: string, operations: PatchOperation[], expected: string) {
  const exchange = await ctx.client.patch(`/Groups/${encodeURIComponent(id)}`, patchBody(...operations));
  ctx.expect.status(exchange, OKTA_PATCH_OK, expected);
  return exchange;
}

/** Okta names a member by its id and its userName. */
const member = (user: Awaited<ReturnType<typeof requireOktaUser>>) => ({ value: user.id, display: userNameOf(user.draft) });

export default [
  defineCheck({
    id: 'groups.okta-push.create',
    title: 'Group Push: creating a group (core schema, displayName, members []) answers 201 with the group',
    feature: 'create',
    level: 'MUST',
    evidence: ['okta.groups.push-create', 'rfc7644.3.3.created', 'rfc7643.4.2.group-schema'],
    requires: ['groups'],
    mutates: true,
    clients: ['okta'],
    fix: 'Answer POST /Groups {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"…","members":[]} with 201 and the group, its id included; an empty members list is a group without members.',
    async run(ctx) {
      const draft = ctx.fixtures.draftGroup();
      asOktaGroup(draft.body);
      const { exchange } = await ctx.fixtures.postGroup(draft.body);
      const body = ctx.expect.status(exchange, [201], '201 Created with the group');
      const id = property(body, 'id');
      if (typeof id !== 'string' || !id)
        ctx.fail({
          expected: 'the group in the body, with a non-empty "id"',
          got: id === undefined ? 'no id' : JSON.stringify(id),
          exchange,
        });
      const displayName = property(body, 'displayName');
      if (displayName !== undefined && displayName !== draft.body.displayName)
        ctx.fail({ expected: `displayName ${JSON.stringify(draft.body.displayName)}`, got: JSON.stringify(displayName), exchange });
    },
  }),
  defineCheck({
    id: 'groups.okta-push.rename',
    title: 'Group Push: a replace without a path of {id, displayName} renames the group',
    feature: 'update',
    level: 'MUST',
    evidence: ['okta.groups.rename', 'rfc7644.3.5.2.3.replace'],
    requires: ['groups', 'patch'],
    mutates: true,
    clients: ['okta'],
    fix: 'Apply {"op":"replace","value":{"id":"<the group id>","displayName":"<new name>"}}: restating the group\'s own id changes nothing and is not an error; the displayName changes.',
    async run(ctx) {
      const group = await requireOktaGroup(ctx);
      const displayName = `${String(group.draft.body.displayName)} renamed`;
      const renamed = await push(ctx, group.id, [{ op: 'replace', value: { id: group.id, displayName } }], '200 or 204 for the rename');
      const read = await ctx.client.get(`/Groups/${encodeURIComponent(group.id)}`);
      const after = property(ctx.expect.status(read, [200], '200 with the group'), 'displayName');
      if (after !== displayName) {
        ctx.fail({
          expected: `displayName ${JSON.stringify(displayName)}`,
          got: JSON.stringify(after),
          exchange: read,
          cause: renamed,
          fix: 'Apply the displayName of a path-less replace even when its value also restates the id.',
        });
      }
    },
  }),
  defineCheck({
    id: 'groups.okta-push.members',
    title: 'Group Push: one PATCH that removes members[value eq "<id>"] and adds another member applies both',
    feature: 'membership',
    level: 'MUST',
    evidence: ['okta.groups.members', 'rfc7644.3.5.2.patch'],
    requires: ['groups', 'patch'],
    mutates: true,
    clients: ['okta'],
    chain: 8,
    fix: 'Apply every operation of a PATCH in order: the remove on members[value eq "<id>"] and the add on members with [{"value","display"}].',
    async run(ctx) {
      const [leaving, joining] = await Promise.all([requireOktaUser(ctx), requireOktaUser(ctx)]);
      const group = await requireOktaGroup(ctx);
      await push(
        ctx,
        group.id,
        [{ op: 'add', path: 'members', value: [member(leaving)] }],
        '(setup) 200 or 204 for adding the first member',
      );
      const patched = await push(
        ctx,
        group.id,
        [
          { op: 'remove', path: `members[value eq ${JSON.stringify(leaving.id)}]` },
          { op: 'add', path: 'members', value: [member(joining)] },
        ],
        '200 or 204 for the membership change',
      );
      await ctx.expect.members(group.id, [joining.id], 'Apply both operations: remove the member named, then add the new one.', patched);
    },
  }),
  defineCheck({
    id: 'groups.okta-push.unlink',
    title: 'Group Push: unlinking a pushed group with "delete in the app" (DELETE /Groups/{id}) answers 204, and the group is gone',
    feature: 'delete',
    level: 'MUST',
    evidence: ['okta.groups.delete', 'rfc7644.3.6.delete', 'rfc7644.3.6.gone'],
    requires: ['groups'],
    mutates: true,
    clients: ['okta'],
    fix: 'Answer DELETE /Groups/{id} with 204 No Content and remove the group, so that a later GET answers 404.',
    async run(ctx) {
      const group = await requireOktaGroup(ctx);
      const url = `/Groups/${encodeURIComponent(group.id)}`;
      const deleted = await ctx.client.delete(url);
      ctx.expect.status(
        deleted,
        [204],
        '204 No Content',
        deleted.status === 200 ? 'Answer a successful DELETE with 204 and no body (RFC 7644 §3.6), as Okta expects.' : undefined,
      );
      const read = await ctx.client.get(url);
      ctx.expect.status(read, [404], '404 for the deleted group');
      ctx.fixtures.markRemoved(group.id);
    },
  }),
];
