import type { AttributeMapping, Profile } from '../../src/generated/index.ts';
import { defineCheck, pathKey } from '../../src/harness/check.ts';
import type { CheckContext } from '../../src/harness/context.ts';
import { addMembers, GROUP_PATCH_OK, patchBody } from '../../src/harness/group-members.ts';
import { expectExactlyOne, expectListResponse } from '../../src/harness/list-response.ts';
import { hasLetterCase, matchingAttributes } from '../../src/harness/profile.ts';
import { requireGroup, requireUser } from '../../src/harness/required-resources.ts';
import { eqFilter } from '../../src/harness/scim-path.ts';
import { swapCase } from '../../src/harness/values.ts';

const NO_MEMBERS = { excludedAttributes: 'members' };

const perMatchingAttribute = (profile: Profile) =>
  matchingAttributes(profile.groups).map((attribute) => ({ key: pathKey(attribute.path), title: attribute.path, value: attribute }));

/** A group with one member (so that excluding members is observable) and a second group that must not match. */
async function groupWithMember(ctx: CheckContext, attribute?: AttributeMapping) {
  const user = await requireUser(ctx);
  const group = await requireGroup(ctx);
  await requireGroup(ctx);
  const added = await ctx.client.patch(`/Groups/${encodeURIComponent(group.id)}`, patchBody(addMembers('rfc', [user.id])));
  if (!GROUP_PATCH_OK.includes(added.status ?? -1)) {
    return ctx.precondition({
      expected: 'the member to be added (see groups.members.add)',
      got: `status ${added.status ?? added.error}`,
      exchange: added,
    });
  }
  const value = attribute ? group.draft.values.get(attribute.path) : undefined;
  return { id: group.id, value: typeof value === 'string' ? value : String(group.draft.body.displayName) };
}

export default [
  defineCheck({
    id: 'groups.get.excluding-members',
    title: 'GET /Groups/{id}?excludedAttributes=members returns the group without members',
    area: 'groups',
    feature: 'read',
    level: 'MUST',
    evidence: ['rfc7644.3.4.2.5.excluded-attributes', 'entra.groups.read'],
    requires: ['groups'],
    mutates: true,
    covers: ['Validator: Get a Group by id excluding members'],
    fix: 'Honour excludedAttributes=members: leave "members" out of the response (Entra reads groups this way to avoid loading large member lists).',
    async run(ctx) {
      const { id } = await groupWithMember(ctx);
      const exchange = await ctx.client.get(`/Groups/${encodeURIComponent(id)}`, NO_MEMBERS);
      const body = ctx.expectStatus(exchange, [200], '200 with the group') as Record<string, unknown>;
      ctx.expectSchema('Group', body, exchange, 'the group');
      if (body.id !== id) ctx.fail({ expected: `id ${id}`, got: JSON.stringify(body.id), exchange });
      if (Array.isArray(body.members) && body.members.length)
        ctx.fail({ expected: 'no "members" attribute', got: `${body.members.length} members`, exchange });
    },
  }),
  defineCheck<AttributeMapping>({
    id: 'groups.filter.eq-hit-excluding-members',
    title: 'A filter eq on a matching group attribute with excludedAttributes=members returns exactly that group, without members',
    area: 'groups',
    feature: 'filter',
    level: 'MUST',
    evidence: ['rfc7644.3.4.2.2.filter', 'rfc7644.3.4.2.5.excluded-attributes', 'entra.groups.read'],
    requires: ['groups', 'filter'],
    mutates: true,
    covers: ['Validator: Filter an existing Group excluding members'],
    fix: 'Support filter=displayName eq "<name>" on /Groups together with excludedAttributes=members, returning only the matching group and no member list.',
    variants: perMatchingAttribute,
    async run(ctx, attribute) {
      const { id, value } = await groupWithMember(ctx, attribute);
      const exchange = await ctx.client.get('/Groups', { ...NO_MEMBERS, filter: eqFilter(attribute.path, value) });
      const list = expectListResponse(ctx, exchange, '200 with a ListResponse');
      expectExactlyOne(ctx, list, id, exchange, 'the group');
      const members = list.resources[0]!.members;
      if (Array.isArray(members) && members.length)
        ctx.fail({ expected: 'no "members" attribute', got: `${members.length} members`, exchange });
    },
  }),
  defineCheck<AttributeMapping>({
    id: 'groups.filter.eq-hit',
    title: 'A filter eq on a matching group attribute returns exactly that group',
    area: 'groups',
    feature: 'filter',
    level: 'MUST',
    evidence: ['rfc7644.3.4.2.2.filter', 'entra.groups.match-display-name'],
    requires: ['groups', 'filter'],
    mutates: true,
    covers: ['Validator: Filter an existing Group'],
    fix: 'Support filter=displayName eq "<name>" on /Groups and return only the matching group.',
    variants: perMatchingAttribute,
    async run(ctx, attribute) {
      const { id, value } = await groupWithMember(ctx, attribute);
      const exchange = await ctx.client.get('/Groups', { filter: eqFilter(attribute.path, value) });
      const list = expectListResponse(ctx, exchange, '200 with a ListResponse');
      expectExactlyOne(ctx, list, id, exchange, 'the group');
    },
  }),
  defineCheck<AttributeMapping>({
    id: 'groups.filter.eq-miss',
    title: 'A filter eq on a matching group attribute with an unknown value answers 200 with zero results',
    area: 'groups',
    feature: 'filter',
    level: 'MUST',
    evidence: ['entra.matching.no-match'],
    requires: ['groups', 'filter'],
    mutates: true,
    covers: ['Validator: Filter a non-existing Group'],
    fix: 'A group filter that matches nothing is not an error: answer 200 with {"totalResults":0,"Resources":[]}.',
    variants: perMatchingAttribute,
    async run(ctx, attribute) {
      await requireGroup(ctx);
      const exchange = await ctx.client.get('/Groups', {
        ...NO_MEMBERS,
        filter: eqFilter(attribute.path, ctx.values.missingValue(attribute)),
      });
      const list = expectListResponse(ctx, exchange, '200 with an empty ListResponse');
      if (list.totalResults !== 0 || list.resources.length)
        ctx.fail({ expected: 'totalResults 0', got: `totalResults ${list.totalResults}`, exchange });
    },
  }),
  defineCheck<AttributeMapping>({
    id: 'groups.filter.eq-case-insensitive',
    title: 'A group filter eq in a different letter case finds the group',
    area: 'groups',
    feature: 'filter',
    level: 'SHOULD',
    evidence: ['rfc7643.8.7.1.group-display-name', 'entra.validator.filter-case'],
    requires: ['groups', 'filter'],
    mutates: true,
    covers: ['Validator: Filter an existing Group in a different case'],
    fix: 'Compare group displayName case-insensitively in filters (RFC 7643 defines it with caseExact false).',
    variants: (profile) => perMatchingAttribute(profile).filter((v) => v.value.caseExact === false && hasLetterCase(v.value)),
    async run(ctx, attribute) {
      const { id, value } = await groupWithMember(ctx, attribute);
      const exchange = await ctx.client.get('/Groups', { ...NO_MEMBERS, filter: eqFilter(attribute.path, swapCase(value)) });
      const list = expectListResponse(ctx, exchange, '200 with a ListResponse');
      expectExactlyOne(ctx, list, id, exchange, 'the group');
    },
  }),
];
