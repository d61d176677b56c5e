import { defineCheck } from '../../src/harness/check.ts';
import { requireUser } from '../../src/harness/required-resources.ts';
import { expectPagination } from '../shared/pagination.ts';

export default [
  defineCheck({
    id: 'users.list.pagination',
    title: 'Paging through users with startIndex and count=5 returns each exactly once, with correct totals',
    area: 'users',
    feature: 'pagination',
    level: 'MUST',
    spec: [{ source: 'RFC7644', section: '3.4.2.4', evidence: 'R' }, { source: 'Entra', topic: 'gallery Logic App: GET /Users?startIndex=N&count=5 over 11+ users, startIndex = page * 5 + 1', evidence: 'C' }],
    requires: ['users'],
    chain: 15,
    mutates: true,
    covers: ['Gallery: Paginate Users (startIndex, count=5)'],
    fix: 'Honour startIndex (1-based) and count on list requests, report totalResults as the number of all matches and echo startIndex.',
    async run(ctx) {
      const marker = `${ctx.values.prefix}-pg`;
      const users = await Promise.all(
        Array.from({ length: 11 }, (_, i) =>
          requireUser(ctx, undefined, (body) => {
            body.userName = `${marker}${String(i).padStart(2, '0')}@example.com`;
          }),
        ),
      );
      await expectPagination(ctx, 'Users', 'userName', marker, users.map((u) => u.id));
    },
  }),
  defineCheck({
    id: 'users.filter.invalid-syntax',
    title: 'A filter with bad syntax answers 400 with scimType invalidFilter',
    area: 'users',
    feature: 'filter',
    level: 'SHOULD',
    spec: [{ source: 'RFC7644', section: '3.4.2.2', evidence: 'R' }, { source: 'RFC7644', section: '3.12', evidence: 'R' }],
    requires: ['users', 'filter'],
    mutates: false,
    fix: 'Reject a filter you cannot parse with 400 and a SCIM Error whose scimType is "invalidFilter", rather than a 500 or an empty result.',
    async run(ctx) {
      const exchange = await ctx.client.get('/Users', { filter: 'userName eq' });
      const body = ctx.expectStatus(exchange, [400], '400 Bad Request');
      const scimType = (body as { scimType?: unknown } | undefined)?.scimType;
      if (scimType !== 'invalidFilter') ctx.fail({ expected: 'scimType "invalidFilter"', got: scimType === undefined ? 'no scimType' : JSON.stringify(scimType), exchange });
    },
  }),
];
