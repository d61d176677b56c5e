import { randomUUID } from 'node:crypto';
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
  defineCheck({
    id: 'groups.get.unknown-id',
    title: 'GET /Groups/{unknown id} answers 404 with a SCIM Error whose status is a string',
    feature: 'read',
    level: 'MUST',
    evidence: ['rfc7644.3.12.errors', 'rfc7644.3.4.1.get'],
    requires: ['groups'],
    mutates: false,
    fix: 'Answer a GET of a group id you do not hold with 404 and a SCIM Error body ("status": "404"), not 400 or 200.',
    async run(ctx) {
      const exchange = await ctx.client.get(`/Groups/${randomUUID()}`, { excludedAttributes: 'members' });
      const body = ctx.expect.status(exchange, [404], '404 Not Found');
      const error = ctx.expect.schema('ScimError', body, exchange, 'the error body');
      if (error.status !== '404') ctx.fail({ expected: 'status "404" (a string)', got: JSON.stringify(error.status), exchange });
    },
  }),
];
