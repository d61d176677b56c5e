import { defineCheck } from '../../src/kit/index.ts';
import { NO_MEMBERS, groupWithMember } from '../shared/group-reads.ts';

export default [
  defineCheck({
    id: 'groups.get.excluding-members',
    title: 'GET /Groups/{id}?excludedAttributes=members returns the group without members',
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
      const body = ctx.expect.status(exchange, [200], '200 with the group');
      const group = ctx.expect.schema('Group', body, exchange, 'the group');
      if (group.id !== id) ctx.fail({ expected: `id ${id}`, got: JSON.stringify(group.id), exchange });
      if (Array.isArray(group.members) && group.members.length)
        ctx.fail({ expected: 'no "members" attribute', got: `${group.members.length} members`, exchange });
    },
  }),
];
