import { type AttributeMapping, defineCheck, eqFilter } from '../../src/kit/index.ts';
import { filterChecks } from '../shared/filter-checks.ts';
import { NO_MEMBERS, perMatchingAttribute, groupWithMember } from '../shared/group-reads.ts';

export default [
  defineCheck<AttributeMapping>({
    id: 'groups.filter.eq-hit-excluding-members',
    title: 'A filter eq on a matching group attribute with excludedAttributes=members returns exactly that group, without members',
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
      const list = ctx.expect.listResponse(exchange, '200 with a ListResponse');
      const { members } = ctx.expect.exactlyOne(list, id, exchange, 'the group');
      if (Array.isArray(members) && members.length)
        ctx.fail({ expected: 'no "members" attribute', got: `${members.length} members`, exchange });
    },
  }),
  ...filterChecks({
    endpoint: 'Groups',
    noun: 'group',
    variants: perMatchingAttribute,
    found: groupWithMember,
    present: (ctx) => ctx.require.group(),
    hit: {
      title: 'A filter eq on a matching group attribute returns exactly that group',
      level: 'MUST',
      evidence: ['rfc7644.3.4.2.2.filter', 'entra.groups.match-display-name'],
      fix: 'Support filter=displayName eq "<name>" on /Groups and return only the matching group.',
      covers: ['Validator: Filter an existing Group'],
    },
    miss: {
      title: 'A filter eq on a matching group attribute with an unknown value answers 200 with zero results',
      level: 'MUST',
      evidence: ['entra.matching.no-match'],
      fix: 'A group filter that matches nothing is not an error: answer 200 with {"totalResults":0,"Resources":[]}.',
      covers: ['Validator: Filter a non-existing Group'],
      query: NO_MEMBERS,
    },
    caseInsensitive: {
      title: 'A group filter eq in a different letter case finds the group',
      level: 'SHOULD',
      evidence: ['rfc7643.8.7.1.group-display-name', 'entra.validator.filter-case'],
      fix: 'Compare group displayName case-insensitively in filters (RFC 7643 defines it with caseExact false).',
      covers: ['Validator: Filter an existing Group in a different case'],
      query: NO_MEMBERS,
    },
  }),
];
