import { defineCheck } from '../../src/harness/check.ts';
import { createOwn, expectCountAboveMaximum, expectFilteredPaging, expectWalk } from '../shared/pagination.ts';

const RFC_PAGING = { source: 'RFC7644', section: '3.4.2.4', evidence: 'R' } as const;

// Account Discovery reads user accounts only, and the gallery's group pagination test is optional: SHOULD for groups.
export default [
  defineCheck({
    id: 'groups.list.pagination',
    title: 'Paging unfiltered GET /Groups 5 at a time, as the gallery test does, lists each of the run\'s groups exactly once',
    area: 'groups',
    feature: 'pagination',
    level: 'SHOULD',
    spec: [RFC_PAGING, { source: 'Entra', topic: 'gallery Logic App: optional group pagination test', evidence: 'C' }],
    requires: ['groups'],
    phase: 'quiet',
    chain: 30,
    mutates: true,
    covers: ['Gallery: Paginate Groups'],
    fix: 'Honour startIndex (1-based) and count on unfiltered GET /Groups, in a stable order; echo startIndex, set itemsPerPage to the resources returned and totalResults to all of them.',
    async run(ctx) {
      const own = await createOwn(ctx, 'Groups', `${ctx.values.prefix}-gp`);
      await expectWalk(ctx, 'Groups', own, { count: 5, advance: 'count', maxPages: 1000 });
    },
  }),
  defineCheck({
    id: 'groups.list.discovery-walk',
    title: 'Walking unfiltered GET /Groups 100 at a time lists each of the run\'s groups exactly once',
    area: 'groups',
    feature: 'pagination',
    level: 'SHOULD',
    spec: [RFC_PAGING],
    requires: ['groups'],
    phase: 'quiet',
    chain: 20,
    mutates: true,
    fix: 'List every group on unfiltered GET /Groups with startIndex (1-based) and count, in a stable order; a page may hold fewer than count, and the next one starts after the last resource returned.',
    async run(ctx) {
      const own = await createOwn(ctx, 'Groups', `${ctx.values.prefix}-gw`);
      await expectWalk(ctx, 'Groups', own, { count: 100, advance: 'returned', maxPages: 500 });
    },
  }),
  defineCheck({
    id: 'groups.list.count-above-maximum',
    title: 'A count above the server\'s maximum is answered with fewer groups, not an error',
    area: 'groups',
    feature: 'pagination',
    level: 'SHOULD',
    spec: [RFC_PAGING],
    requires: ['groups'],
    mutates: false,
    fix: 'Answer a count larger than you allow with at most your maximum (RFC 7644 §3.4.2.4: the service provider MAY return fewer than requested), not with a 400 or a 500.',
    async run(ctx) {
      await expectCountAboveMaximum(ctx, 'Groups');
    },
  }),
  defineCheck({
    id: 'groups.list.filtered-pagination',
    title: 'Paging groups found by a sw filter on displayName lists each exactly once',
    area: 'groups',
    feature: 'pagination',
    level: 'SHOULD',
    spec: [RFC_PAGING, { source: 'RFC7644', section: '3.4.2.2', evidence: 'R' }],
    requires: ['groups', 'filter'],
    chain: 15,
    mutates: true,
    fix: 'Page filtered results like unfiltered ones: startIndex and count apply to the matches, and totalResults counts all matches.',
    async run(ctx) {
      const marker = `${ctx.values.prefix}-fg`;
      const own = await createOwn(ctx, 'Groups', marker);
      await expectFilteredPaging(ctx, 'Groups', 'displayName', marker, own);
    },
  }),
];
