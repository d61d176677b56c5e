// The paging checks, the same for users and groups: the gallery's walk (count=5), Account Discovery's (count=100),
// a count above the server's maximum, and the sw-filtered form Entra never sends.
import { defineCheck, type CoverageItem, type FactId, type Requirement } from '../../src/kit/index.ts';
import { createOwn, type Endpoint, expectCountAboveMaximum, expectFilteredPaging, expectWalk } from './pagination.ts';

interface Kind {
  endpoint: Endpoint;
  /** Plural, as in "each of the run's users". */
  nouns: string;
  /** The attribute the sw filter names, and the marker each created resource's name starts with. */
  nameAttribute: 'userName' | 'displayName';
  /** Users are what Entra pages (MUST); the gallery's group paging is optional and Account Discovery reads users only. */
  level: 'MUST' | 'SHOULD';
  /** The gallery's paging test: the fact it rests on, and the item it stands for. */
  gallery: { fact: FactId; covers: CoverageItem };
  /** Account Discovery's walk, for the endpoint it reads (users). */
  discovery?: FactId;
}

export function pagingChecks(kind: Kind) {
  const area = kind.endpoint === 'Users' ? 'users' : 'groups';
  // Only groups can be missing from a profile (every profile maps users): a group check is skipped without them.
  const requires: Requirement[] = area === 'groups' ? ['groups'] : [];
  const list = `GET /${kind.endpoint}`;
  // Entra reads groups without their members; a tenant's large groups would make every page heavy for nothing.
  const query = area === 'groups' ? { query: { excludedAttributes: 'members' } } : {};
  return [
    defineCheck({
      id: `${area}.list.pagination`,
      title: `Paging unfiltered ${list} 5 at a time, as the gallery test does, lists each of the run's ${kind.nouns} exactly once`,
      feature: 'pagination',
      level: kind.level,
      evidence: ['rfc7644.3.4.2.4.pagination', kind.gallery.fact],
      requires,
      phase: 'quiet',
      chain: 30,
      mutates: true,
      covers: [kind.gallery.covers],
      fix: `Honour startIndex (1-based) and count on unfiltered ${list}, in a stable order; echo startIndex, set itemsPerPage to the resources returned and totalResults to all of them.`,
      async run(ctx) {
        const own = await createOwn(ctx, kind.endpoint, `${ctx.values.prefix}-p5`);
        await expectWalk(ctx, kind.endpoint, own, { count: 5, advance: 'count', maxPages: 1000, ...query });
      },
    }),
    defineCheck({
      id: `${area}.list.discovery-walk`,
      title: `Walking unfiltered ${list} 100 at a time${kind.discovery ? ', as Account Discovery does,' : ''} lists each of the run's ${kind.nouns} exactly once`,
      feature: 'pagination',
      level: kind.level,
      evidence: ['rfc7644.3.4.2.4.pagination', ...(kind.discovery ? [kind.discovery] : [])],
      requires,
      phase: 'quiet',
      chain: 20,
      mutates: true,
      fix: `List every one on unfiltered ${list} with startIndex (1-based) and count, in a stable order; a page may hold fewer than count (your maximum), and the next one starts after the last resource returned.`,
      async run(ctx) {
        const own = await createOwn(ctx, kind.endpoint, `${ctx.values.prefix}-p100`);
        await expectWalk(ctx, kind.endpoint, own, { count: 100, advance: 'returned', maxPages: 500, ...query });
      },
    }),
    defineCheck({
      id: `${area}.list.count-above-maximum`,
      title: `A count above the server's maximum is answered with fewer ${kind.nouns}, not an error`,
      feature: 'pagination',
      level: 'SHOULD',
      evidence: ['rfc7644.3.4.2.4.pagination', ...(kind.discovery ? (['entra.account-discovery.page-size'] as const) : [])],
      requires,
      mutates: false,
      fix: 'Answer a count larger than you allow with at most your maximum (RFC 7644 §3.4.2.4: the service provider MAY return fewer than requested), not with a 400 or a 500.',
      async run(ctx) {
        await expectCountAboveMaximum(ctx, kind.endpoint);
      },
    }),
    defineCheck({
      id: `${area}.list.filtered-pagination`,
      title: `Paging ${kind.nouns} found by a sw filter on ${kind.nameAttribute} lists each exactly once`,
      feature: 'pagination',
      level: 'SHOULD',
      evidence: ['rfc7644.3.4.2.4.pagination', 'rfc7644.3.4.2.2.filter'],
      requires: [...requires, 'filter'],
      chain: 15,
      mutates: true,
      fix: 'Page filtered results like unfiltered ones: startIndex and count apply to the matches, and totalResults counts all matches.',
      async run(ctx) {
        const marker = `${ctx.values.prefix}-psw`;
        const own = await createOwn(ctx, kind.endpoint, marker);
        await expectFilteredPaging(ctx, kind.endpoint, kind.nameAttribute, marker, own);
      },
    }),
  ];
}
