import { defineCheck } from '../../src/harness/check.ts';
import { createOwn, expectCountAboveMaximum, expectFilteredPaging, expectWalk } from '../shared/pagination.ts';

/** Account Discovery (preview since April 2026) reads every account of the app through unfiltered, paged GET /Users. */
export const ACCOUNT_DISCOVERY = {
  source: 'Entra',
  topic: 'Account Discovery: lists every account of the app by paging unfiltered GET /Users with startIndex and count; 0 accounts is blamed on missing pagination',
  evidence: 'C',
  url: 'https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/assign-user-or-group-access-portal',
} as const;
const RFC_PAGING = { source: 'RFC7644', section: '3.4.2.4', evidence: 'R' } as const;

export default [
  defineCheck({
    id: 'users.list.pagination',
    title: 'Paging unfiltered GET /Users 5 at a time, as the gallery test does, lists each of the run\'s users exactly once',
    area: 'users',
    feature: 'pagination',
    level: 'MUST',
    spec: [RFC_PAGING, { source: 'Entra', topic: 'gallery Logic App: GET /Users?startIndex=N&count=5 over 11+ users, startIndex = page * 5 + 1', evidence: 'C' }],
    requires: ['users'],
    phase: 'quiet',
    chain: 30,
    mutates: true,
    covers: ['Gallery: Paginate Users (startIndex, count=5)'],
    fix: 'Honour startIndex (1-based) and count on unfiltered GET /Users, in a stable order; echo startIndex, set itemsPerPage to the resources returned and totalResults to all of them.',
    async run(ctx) {
      const own = await createOwn(ctx, 'Users', `${ctx.values.prefix}-pg`);
      await expectWalk(ctx, 'Users', own, { count: 5, advance: 'count', maxPages: 1000 });
    },
  }),
  defineCheck({
    id: 'users.list.discovery-walk',
    title: 'Walking unfiltered GET /Users 100 at a time, as Account Discovery does, lists each of the run\'s users exactly once',
    area: 'users',
    feature: 'pagination',
    level: 'MUST',
    spec: [RFC_PAGING, ACCOUNT_DISCOVERY],
    requires: ['users'],
    phase: 'quiet',
    chain: 20,
    mutates: true,
    fix: 'List every user on unfiltered GET /Users with startIndex (1-based) and count, in a stable order; a page may hold fewer than count (your maximum), and the next one starts after the last resource returned.',
    async run(ctx) {
      const own = await createOwn(ctx, 'Users', `${ctx.values.prefix}-dw`);
      await expectWalk(ctx, 'Users', own, { count: 100, advance: 'returned', maxPages: 500 });
    },
  }),
  defineCheck({
    id: 'users.list.count-above-maximum',
    title: 'A count above the server\'s maximum is answered with fewer users, not an error',
    area: 'users',
    feature: 'pagination',
    level: 'SHOULD',
    spec: [RFC_PAGING, { source: 'Entra', topic: 'the page size Account Discovery asks for is not documented', evidence: 'U' }],
    requires: ['users'],
    mutates: false,
    fix: 'Answer a count larger than you allow with at most your maximum (RFC 7644 §3.4.2.4: the service provider MAY return fewer than requested), not with a 400 or a 500.',
    async run(ctx) {
      await expectCountAboveMaximum(ctx, 'Users');
    },
  }),
  defineCheck({
    id: 'users.list.filtered-pagination',
    title: 'Paging users found by a sw filter on userName lists each exactly once',
    area: 'users',
    feature: 'pagination',
    level: 'SHOULD',
    spec: [RFC_PAGING, { source: 'RFC7644', section: '3.4.2.2', evidence: 'R' }],
    requires: ['users', 'filter'],
    chain: 15,
    mutates: true,
    fix: 'Page filtered results like unfiltered ones: startIndex and count apply to the matches, and totalResults counts all matches.',
    async run(ctx) {
      const marker = `${ctx.values.prefix}-fp`;
      const own = await createOwn(ctx, 'Users', marker);
      await expectFilteredPaging(ctx, 'Users', 'userName', marker, own);
    },
  }),
];
