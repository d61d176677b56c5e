import { randomUUID } from 'node:crypto';
import { defineCheck } from '../../src/harness/check.ts';
import { matchingAttributes } from '../../src/harness/profile.ts';
import { eqFilter } from '../../src/harness/scim-path.ts';

export default defineCheck({
  id: 'users.get.content-type',
  title: 'Responses carry Content-Type application/scim+json',
  area: 'users',
  feature: 'read',
  level: 'SHOULD',
  evidence: ['rfc7644.3.1.media-type', 'entra.validator.content-type'],
  mutates: false,
  fix: 'Send "Content-Type: application/scim+json" (a charset parameter is fine) on SCIM responses with a body.',
  async run(ctx) {
    // The request Entra sends most: a filter on the matching attribute (some servers refuse unfiltered lists).
    const attribute = matchingAttributes(ctx.profile.users)[0]!;
    const exchange = await ctx.client.get('/Users', { filter: eqFilter(attribute.path, randomUUID()) });
    ctx.expectStatus(exchange, [200], '200 with a ListResponse');
    const type = exchange.responseHeaders['content-type'] ?? '';
    if (type.split(';')[0]!.trim().toLowerCase() !== 'application/scim+json') {
      ctx.fail({ expected: 'Content-Type application/scim+json', got: type ? `Content-Type ${type}` : 'no Content-Type', exchange });
    }
  },
});
