import {
  type Dialect,
  defineCheck,
  dialectVariants,
  addMembers,
  expectMembers,
  patchBody,
  patchGroup,
  removeMembers,
  requireGroup,
  requireUsers,
} from '../../src/kit/index.ts';

const MEMBERS = {
  source: 'Entra',
  topic:
    'group members: Add/Remove on path members with [{"$ref":null,"value":id}]; remove as members[value eq "id"] with the aadOptscim062020 flag; 204 or 200',
  evidence: 'C',
} as const;
const RFC_PATCH = { source: 'RFC7644', section: '3.5.2', evidence: 'R' } as const;

export default [
  defineCheck<Dialect>({
    id: 'groups.members.add',
    title: 'PATCH adds a member to a group',
    feature: 'membership',
    level: 'MUST',
    spec: [RFC_PATCH, MEMBERS],
    requires: ['groups', 'patch'],
    mutates: true,
    covers: ['Validator: Add a member to a Group'],
    fix: 'Apply {"op":"Add","path":"members","value":[{"$ref":null,"value":"<user id>"}]} (op in any case, $ref null allowed) and answer 204 or 200.',
    variants: dialectVariants,
    async run(ctx, dialect) {
      const [user] = await requireUsers(ctx, 1);
      const group = await requireGroup(ctx);
      const patched = await patchGroup(ctx, group.id, patchBody(addMembers(dialect, [user!])), '204 No Content or 200');
      await expectMembers(ctx, group.id, [user!], 'Store the added member and return it in "members" of GET /Groups/{id}.', patched);
    },
  }),
  defineCheck<Dialect>({
    id: 'groups.members.add-several',
    title: 'PATCH adds several members in one operation',
    feature: 'membership',
    level: 'SHOULD',
    spec: [
      RFC_PATCH,
      { source: 'Entra', topic: 'several members in one operation: recommended for gallery apps, seen on the wire', evidence: 'C' },
    ],
    requires: ['groups', 'patch'],
    chain: 10,
    mutates: true,
    covers: ['Gallery: Several members in one PATCH'],
    fix: 'Add every value of an add operation on "members", not just the first.',
    variants: dialectVariants,
    async run(ctx, dialect) {
      const users = await requireUsers(ctx, 3);
      const group = await requireGroup(ctx);
      const patched = await patchGroup(ctx, group.id, patchBody(addMembers(dialect, users)), '204 No Content or 200');
      await expectMembers(ctx, group.id, users, 'Add every value of the operation.', patched);
    },
  }),
  defineCheck<Dialect>({
    id: 'groups.members.remove',
    title: 'PATCH removes one member and keeps the others',
    feature: 'membership',
    level: 'MUST',
    spec: [RFC_PATCH, MEMBERS],
    requires: ['groups', 'patch'],
    chain: 9,
    mutates: true,
    covers: ['Validator: Remove a member from a Group'],
    fix: 'Remove only the members named: by the value array of {"op":"Remove","path":"members","value":[...]} (a server that ignores the value empties the group), or by the filter of path members[value eq "id"].',
    variants: dialectVariants,
    async run(ctx, dialect) {
      const [keep, drop] = await requireUsers(ctx, 2);
      const group = await requireGroup(ctx);
      await patchGroup(ctx, group.id, patchBody(addMembers(dialect, [keep!, drop!])), '(setup) 204 or 200 for the add');
      const patched = await patchGroup(ctx, group.id, patchBody(...removeMembers(dialect, [drop!])), '204 No Content or 200');
      await expectMembers(ctx, group.id, [keep!], 'Remove exactly the member named and keep the others.', patched);
    },
  }),
  defineCheck({
    id: 'groups.members.add-then-remove',
    title: 'One PATCH that adds two members and removes one of them leaves the other',
    feature: 'membership',
    level: 'SHOULD',
    spec: [RFC_PATCH, { source: 'Entra', topic: 'SCIM Validator preview: add and remove a member in one PATCH', evidence: 'S' }],
    requires: ['groups', 'patch'],
    mutates: true,
    covers: ['Validator preview: Add and remove a member in one PATCH'],
    fix: 'Apply every operation of a PATCH, in order.',
    async run(ctx) {
      const [a, b] = await requireUsers(ctx, 2);
      const group = await requireGroup(ctx);
      const patched = await patchGroup(
        ctx,
        group.id,
        patchBody(addMembers('default', [a!, b!]), ...removeMembers('default', [a!])),
        '204 No Content or 200',
      );
      await expectMembers(ctx, group.id, [b!], 'Apply the operations in order: the add, then the remove.', patched);
    },
  }),
  defineCheck({
    id: 'groups.members.replace-op',
    title: 'PATCH replace on path members sets the member list (as the SCIM Validator sends it)',
    feature: 'membership',
    level: 'MAY',
    spec: [
      {
        source: 'Entra',
        topic: 'the SCIM Validator adds members with "op":"replace","path":"members"; Entra itself is not known to',
        evidence: 'U',
      },
    ],
    requires: ['groups', 'patch'],
    mutates: true,
    fix: 'Support replace on "members" (RFC 7644 §3.5.2.3) if you want the SCIM Validator to pass; Entra itself adds and removes members.',
    async run(ctx) {
      const [a] = await requireUsers(ctx, 1);
      const group = await requireGroup(ctx);
      const patched = await patchGroup(
        ctx,
        group.id,
        patchBody({ op: 'replace', path: 'members', value: [{ value: a! }] }),
        '204 No Content or 200',
      );
      await expectMembers(ctx, group.id, [a!], 'Replace the member list with the values given.', patched);
    },
  }),
];
