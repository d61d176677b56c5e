import { defineCheck } from '../../src/kit/index.ts';
import { ENTRA_GROUP_READ, EXCLUDED, NO_MEMBERS, groupWithMember } from '../shared/group-reads.ts';

export default [
  defineCheck({
    id: 'groups.get.excluding-members',
    title: 'GET /Groups/{id}?excludedAttributes=members returns the group without members',
    feature: 'read',
    level: 'MUST',
    spec: [EXCLUDED, ENTRA_GROUP_READ],
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
];
