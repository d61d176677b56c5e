import {
  type CheckContext,
  type Dialect,
  defineCheck,
  dialectVariants,
  addMembers,
  PATCH_OK,
  type PatchBody,
  patchBody,
  removeMembers,
} from '../../src/kit/index.ts';

/** Sends a membership PATCH, which must answer 200 or 204 (RFC 7644 §3.5.2; Microsoft documents 204 for groups). */
async function patchMembers(ctx: CheckContext, id: string, body: PatchBody, expected: string) {
  const exchange = await ctx.client.patch(`/Groups/${encodeURIComponent(id)}`, body);
  ctx.expect.status(exchange, PATCH_OK, expected);
  return exchange;
}

export default [
  defineCheck<Dialect>({
    id: 'groups.members.add',
    title: 'PATCH adds a member to a group',
    feature: 'membership',
    level: 'MUST',
    evidence: ['rfc7644.3.5.2.patch', 'entra.groups.members'],
    requires: ['groups', 'patch'],
    mutates: true,
    covers: ['Validator: Add a member to a Group'],
    fix: 'Apply {"op":"Add","path":"members","value":[{"$ref":null,"value":"<user id>"}]} (op in any case, $ref null allowed) and answer 204 or 200.',
    variants: dialectVariants,
    async run(ctx, dialect) {
      const [user] = await ctx.require.users(1);
      const group = await ctx.require.group();
      const patched = await patchMembers(ctx, group.id, patchBody(addMembers(dialect, [user])), '204 No Content or 200');
      await ctx.expect.members(group.id, [user], 'Store the added member and return it in "members" of GET /Groups/{id}.', patched);
    },
  }),
  defineCheck<Dialect>({
    id: 'groups.members.add-several',
    title: 'PATCH adds several members in one operation',
    feature: 'membership',
    level: 'SHOULD',
    evidence: ['rfc7644.3.5.2.patch', 'entra.groups.several-members'],
    requires: ['groups', 'patch'],
    chain: 10,
    mutates: true,
    covers: ['Gallery: Several members in one PATCH'],
    fix: 'Add every value of an add operation on "members", not just the first.',
    variants: dialectVariants,
    async run(ctx, dialect) {
      const users = await ctx.require.users(3);
      const group = await ctx.require.group();
      const patched = await patchMembers(ctx, group.id, patchBody(addMembers(dialect, users)), '204 No Content or 200');
      await ctx.expect.members(group.id, users, 'Add every value of the operation.', patched);
    },
  }),
  defineCheck<Dialect>({
    id: 'groups.members.remove',
    title: 'PATCH removes one member and keeps the others',
    feature: 'membership',
    level: 'MUST',
    evidence: ['rfc7644.3.5.2.patch', 'entra.groups.members'],
    requires: ['groups', 'patch'],
    chain: 9,
    mutates: true,
    covers: ['Validator: Remove a member from a Group'],
    fix: 'Remove only the members named: by the value array of {"op":"Remove","path":"members","value":[...]} (a server that ignores the value empties the group), or by the filter of path members[value eq "id"].',
    variants: dialectVariants,
    async run(ctx, dialect) {
      const [keep, drop] = await ctx.require.users(2);
      const group = await ctx.require.group();
      await patchMembers(ctx, group.id, patchBody(addMembers(dialect, [keep, drop])), '(setup) 204 or 200 for the add');
      const patched = await patchMembers(ctx, group.id, patchBody(...removeMembers(dialect, [drop])), '204 No Content or 200');
      await ctx.expect.members(group.id, [keep], 'Remove exactly the member named and keep the others.', patched);
    },
  }),
  defineCheck({
    id: 'groups.members.add-then-remove',
    title: 'One PATCH that adds two members and removes one of them leaves the other',
    feature: 'membership',
    level: 'SHOULD',
    evidence: ['rfc7644.3.5.2.patch', 'entra.validator.add-remove-member'],
    requires: ['groups', 'patch'],
    mutates: true,
    covers: ['Validator preview: Add and remove a member in one PATCH'],
    fix: 'Apply every operation of a PATCH, in order.',
    async run(ctx) {
      const [a, b] = await ctx.require.users(2);
      const group = await ctx.require.group();
      const patched = await patchMembers(
        ctx,
        group.id,
        patchBody(addMembers('default', [a, b]), ...removeMembers('default', [a])),
        '204 No Content or 200',
      );
      await ctx.expect.members(group.id, [b], 'Apply the operations in order: the add, then the remove.', patched);
    },
  }),
  defineCheck({
    id: 'groups.members.replace-op',
    title: 'PATCH replace on path members sets the member list (as the SCIM Validator sends it)',
    feature: 'membership',
    level: 'MAY',
    evidence: ['entra.validator.members-replace'],
    requires: ['groups', 'patch'],
    mutates: true,
    fix: 'Support replace on "members" (RFC 7644 §3.5.2.3) if you want the SCIM Validator to pass; Entra itself adds and removes members.',
    async run(ctx) {
      const [a] = await ctx.require.users(1);
      const group = await ctx.require.group();
      const patched = await patchMembers(
        ctx,
        group.id,
        patchBody({ op: 'replace', path: 'members', value: [{ value: a }] }),
        '204 No Content or 200',
      );
      await ctx.expect.members(group.id, [a], 'Replace the member list with the values given.', patched);
    },
  }),
];
