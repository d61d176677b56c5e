import { defineCheck } from '../../src/harness/check.ts';
import { requireGroup } from '../../src/harness/required-resources.ts';
import { expectPagination } from '../shared/pagination.ts';

export default defineCheck({
  id: 'groups.list.pagination',
  title: 'Paging through groups with startIndex and count=5 returns each exactly once, with correct totals',
  area: 'groups',
  feature: 'pagination',
  level: 'SHOULD',
  spec: [{ source: 'RFC7644', section: '3.4.2.4', evidence: 'R' }, { source: 'Entra', topic: 'gallery Logic App: optional group pagination test', evidence: 'C' }],
  requires: ['groups'],
  chain: 15,
  mutates: true,
  covers: ['Gallery: Paginate Groups'],
  fix: 'Honour startIndex (1-based) and count on GET /Groups, report totalResults as the number of all matches and echo startIndex.',
  async run(ctx) {
    const marker = `${ctx.values.prefix}-gp`;
    const groups = await Promise.all(
      Array.from({ length: 11 }, (_, i) =>
        requireGroup(ctx, (body) => {
          body.displayName = `${marker}${String(i).padStart(2, '0')}`;
        }),
      ),
    );
    await expectPagination(ctx, 'Groups', 'displayName', marker, groups.map((g) => g.id));
  },
});
