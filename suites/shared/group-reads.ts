// What the group read and filter checks share: a group with a member, and one variant per matching attribute.
import {
  type AttributeMapping,
  type Profile,
  pathKey,
  type CheckContext,
  addMembers,
  PATCH_OK,
  patchBody,
  matchingAttributes,
} from '../../src/kit/index.ts';

export const NO_MEMBERS = { excludedAttributes: 'members' };

export const perMatchingAttribute = (profile: Profile) =>
  matchingAttributes(profile.groups).map((attribute) => ({ key: pathKey(attribute.path), title: attribute.path, value: attribute }));

/** A group with one member (so that excluding members is observable) and a second group that must not match. */
export async function groupWithMember(ctx: CheckContext, attribute?: AttributeMapping) {
  const user = await ctx.require.user();
  const group = await ctx.require.group();
  await ctx.require.group();
  const added = await ctx.client.patch(`/Groups/${encodeURIComponent(group.id)}`, patchBody(addMembers('rfc', [user.id])));
  if (!PATCH_OK.includes(added.status ?? -1)) {
    return ctx.precondition({
      expected: 'the member to be added (see groups.members.add)',
      got: `status ${added.status ?? added.error}`,
      exchange: added,
    });
  }
  const value = attribute ? group.draft.values.get(attribute.path) : undefined;
  return { id: group.id, value: typeof value === 'string' ? value : String(group.draft.body.displayName) };
}
