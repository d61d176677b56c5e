// Paging as the gallery Logic App does it (count=5 over 11+ resources, startIndex = page * 5 + 1), limited to the
// run's own resources with a `sw` filter so that other data and concurrent checks cannot disturb the count.
import type { CheckContext } from '../../src/harness/context.ts';
import type { Exchange } from '../../src/harness/client.ts';
import { expectListResponse } from '../../src/harness/list-response.ts';

const PAGE = 5;

export async function expectPagination(ctx: CheckContext, endpoint: 'Users' | 'Groups', attribute: string, marker: string, ids: string[]) {
  const seen: string[] = [];
  const pages = Math.ceil(ids.length / PAGE);
  let last: Exchange | undefined;
  for (let page = 0; page < pages; page += 1) {
    const startIndex = page * PAGE + 1;
    const exchange = await ctx.client.get(`/${endpoint}`, { filter: `${attribute} sw ${JSON.stringify(marker)}`, startIndex: String(startIndex), count: String(PAGE) });
    last = exchange;
    if (exchange.status === 400 && page === 0) {
      // sw is not something Entra sends: a server may refuse it. Then only the paging mechanics can be judged.
      return expectUnfilteredMechanics(ctx, endpoint);
    }
    const list = expectListResponse(ctx, exchange, `200 with page ${page + 1}`);
    const body = exchange.json as { startIndex?: unknown; itemsPerPage?: unknown };
    const expectedCount = Math.min(PAGE, ids.length - page * PAGE);
    if (list.totalResults !== ids.length) ctx.fail({ expected: `totalResults ${ids.length} (all matches, not the page size)`, got: String(list.totalResults), exchange });
    if (body.startIndex !== startIndex) ctx.fail({ expected: `startIndex ${startIndex} echoed`, got: JSON.stringify(body.startIndex), exchange });
    if (list.resources.length !== expectedCount) ctx.fail({ expected: `${expectedCount} resources on page ${page + 1} (count=${PAGE})`, got: `${list.resources.length}`, exchange });
    if (body.itemsPerPage !== undefined && body.itemsPerPage !== list.resources.length) ctx.fail({ expected: `itemsPerPage ${list.resources.length}`, got: JSON.stringify(body.itemsPerPage), exchange });
    seen.push(...list.resources.map((r) => String(r.id)));
  }
  const duplicates = seen.filter((id, i) => seen.indexOf(id) !== i);
  const missing = ids.filter((id) => !seen.includes(id));
  if (duplicates.length || missing.length) {
    ctx.fail({
      expected: `each of the ${ids.length} resources exactly once over ${pages} pages`,
      got: `${duplicates.length ? `duplicates ${duplicates.join(', ')}` : ''}${duplicates.length && missing.length ? '; ' : ''}${missing.length ? `missing ${missing.join(', ')}` : ''}`,
      ...(last ? { exchange: last } : {}),
      fix: 'startIndex is 1-based (RFC 7644 §3.4.2.4): page n starts at resource (n - 1) * count + 1.',
    });
  }
}

async function expectUnfilteredMechanics(ctx: CheckContext, endpoint: 'Users' | 'Groups') {
  await ctx.note('the target refused the sw filter: judging the paging mechanics on the unfiltered list only');
  const exchange = await ctx.client.get(`/${endpoint}`, { startIndex: '1', count: String(PAGE) });
  const list = expectListResponse(ctx, exchange, '200 with the first page');
  if (list.resources.length > PAGE) ctx.fail({ expected: `at most ${PAGE} resources with count=${PAGE}`, got: String(list.resources.length), exchange });
  if (list.totalResults < list.resources.length) ctx.fail({ expected: 'totalResults of all matches', got: String(list.totalResults), exchange });
}
