import {
  type AttributeMapping,
  defineCheck,
  expectExactlyOne,
  expectListResponse,
  hasLetterCase,
  requireGroup,
  eqFilter,
  swapCase,
} from '../../src/kit/index.ts';
import { ENTRA_GROUP_READ, EXCLUDED, NO_MEMBERS, perMatchingAttribute, groupWithMember } from '../shared/group-reads.ts';

export default [
  defineCheck<AttributeMapping>({
    id: 'groups.filter.eq-hit-excluding-members',
    title: 'A filter eq on a matching group attribute with excludedAttributes=members returns exactly that group, without members',
    feature: 'filter',
    level: 'MUST',
    spec: [{ source: 'RFC7644', section: '3.4.2.2', evidence: 'R' }, EXCLUDED, ENTRA_GROUP_READ],
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
    feature: 'filter',
    level: 'MUST',
    spec: [
      { source: 'RFC7644', section: '3.4.2.2', evidence: 'R' },
      { source: 'Entra', topic: 'groups match on displayName', evidence: 'C' },
    ],
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
    feature: 'filter',
    level: 'MUST',
    spec: [{ source: 'Entra', topic: 'no match is 200 with totalResults 0, never 404', evidence: 'C' }],
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
    feature: 'filter',
    level: 'SHOULD',
    spec: [
      { source: 'RFC7643', section: '8.7.1', evidence: 'R' },
      { source: 'Entra', topic: 'SCIM Validator: group filter in a different case', evidence: 'S' },
    ],
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
