// Paging as Entra walks it: the unfiltered list, startIndex and count, until every resource of the run is found.
// The gallery Logic App reads 5 at a time and advances by 5 (startIndex = page * 5 + 1); Account Discovery reads the
// whole unfiltered GET /Users. Other data in the tenant is normal: a walk never assumes the run's resources are the
// only ones, and it stops one page after the last of them. These checks run in the quiet phase, when no other check
// of the run creates or deletes, so the list holds still while it is walked.
import { type Exchange, type CheckContext, NotJudged, expectListResponse, requireGroup, requireUser } from '../../src/kit/index.ts';

export type Endpoint = 'Users' | 'Groups';

/** How many resources of its own a paging check creates: more than two pages of the Logic App's 5. */
export const OWN_RESOURCES = 11;

const RFC_PAGING = 'RFC 7644 §3.4.2.4';

/** The run's own resources for a walk, named with a marker so a filtered walk can find them too. */
export async function createOwn(ctx: CheckContext, endpoint: Endpoint, marker: string): Promise<string[]> {
  const created = await Promise.all(
    Array.from({ length: OWN_RESOURCES }, (_, i) => {
      const name = `${marker}${String(i).padStart(2, '0')}`;
      return endpoint === 'Users'
        ? requireUser(ctx, undefined, (body) => {
            body.userName = `${name}@example.com`;
          })
        : requireGroup(ctx, (body) => {
            body.displayName = name;
          });
    }),
  );
  return created.map((r) => r.id);
}

interface Page {
  exchange: Exchange;
  startIndex: number;
  totalResults: number;
  ids: string[];
}

/** One page, judged on what RFC 7644 requires of every page: a ListResponse, at most count, startIndex and itemsPerPage. */
async function readPage(
  ctx: CheckContext,
  endpoint: Endpoint,
  startIndex: number,
  count: number,
  query: Record<string, string> = {},
): Promise<Page> {
  const exchange = await ctx.client.get(`/${endpoint}`, { ...query, startIndex: String(startIndex), count: String(count) });
  const list = expectListResponse(ctx, exchange, `200 with the page at startIndex=${startIndex}, count=${count}`);
  const body = exchange.json as { startIndex?: unknown; itemsPerPage?: unknown };
  const returned = list.resources.length;
  // startIndex and itemsPerPage are REQUIRED when the results are partial; when present they must be right anyway.
  const partial = list.totalResults > returned;
  if (body.startIndex !== startIndex && (partial || body.startIndex !== undefined)) {
    ctx.fail({
      expected: `startIndex ${startIndex} echoed (${RFC_PAGING}: REQUIRED when results are partial)`,
      got: body.startIndex === undefined ? 'no startIndex' : JSON.stringify(body.startIndex),
      exchange,
      fix: 'Echo the 1-based startIndex the client asked for in every paged ListResponse.',
    });
  }
  if (body.itemsPerPage !== returned && (partial || body.itemsPerPage !== undefined)) {
    ctx.fail({
      expected: `itemsPerPage ${returned}, the number of resources on this page (${RFC_PAGING})`,
      got: body.itemsPerPage === undefined ? 'no itemsPerPage' : JSON.stringify(body.itemsPerPage),
      exchange,
      fix: 'Set itemsPerPage to the number of resources in this response, not to the count asked for or the total.',
    });
  }
  if (returned > count) {
    ctx.fail({
      expected: `at most ${count} resources with count=${count} (${RFC_PAGING}: MUST NOT return more than count)`,
      got: `${returned}`,
      exchange,
      fix: 'Honour count on list requests: return at most that many resources, from startIndex on.',
    });
  }
  if (list.totalResults < startIndex - 1 + returned) {
    ctx.fail({
      expected: `totalResults of every match, at least ${startIndex - 1 + returned} when page ${startIndex}–${startIndex - 1 + returned} exists`,
      got: `totalResults ${list.totalResults}`,
      exchange,
      fix: 'Report totalResults as the number of all resources the list holds, not the number on this page.',
    });
  }
  return { exchange, startIndex, totalResults: list.totalResults, ids: list.resources.map((r) => String(r.id)) };
}

export interface WalkOptions {
  count: number;
  /** 'count': the next startIndex is the last plus count, as the Logic App does; 'returned': plus what came back. */
  advance: 'count' | 'returned';
  /** Pages at most: beyond them the tenant is too large to walk in a conformance run. */
  maxPages: number;
  /** Extra query parameters, e.g. a filter. */
  query?: Record<string, string>;
}

interface Walk {
  pages: Page[];
  /** On which pages each of the run's resources appeared. */
  seenOn: Map<string, number[]>;
  /** The walk reached the end of the list. */
  ended: boolean;
}

async function walkOnce(ctx: CheckContext, endpoint: Endpoint, own: string[], options: WalkOptions): Promise<Walk> {
  const seenOn = new Map<string, number[]>(own.map((id) => [id, []]));
  const pages: Page[] = [];
  let startIndex = 1;
  let oneMore = false;
  while (pages.length < options.maxPages) {
    const page = await readPage(ctx, endpoint, startIndex, options.count, options.query);
    pages.push(page);
    for (const id of page.ids) seenOn.get(id)?.push(pages.length);
    const returned = page.ids.length;
    if (returned === 0 || startIndex - 1 + returned >= page.totalResults) return { pages, seenOn, ended: true };
    if (options.advance === 'count' && returned < options.count) {
      ctx.fail({
        expected: `${options.count} resources on the page at startIndex=${startIndex}: totalResults ${page.totalResults} says more follow`,
        got: `${returned}`,
        exchange: page.exchange,
        fix: `The gallery's test asks for count=${options.count} and reads the next page at startIndex + ${options.count}: a shorter page in the middle makes it skip resources. Return count resources while more remain.`,
      });
    }
    startIndex += options.advance === 'count' ? options.count : returned;
    if (oneMore) break;
    // One page past the last resource of the run: none of them may come back on it.
    if ([...seenOn.values()].every((on) => on.length > 0)) oneMore = true;
  }
  return { pages, seenOn, ended: false };
}

function describePages(pages: Page[]): string {
  return pages.map((p) => p.totalResults).join(', ');
}

/**
 * Walks the list and fails unless each of the run's resources appears exactly once, with a totalResults that does not
 * change during the walk. A list that changes anyway is walked once more: something outside the run may write to the
 * tenant, and that is not the server's fault; if it changes during the second walk too, the check is not judged.
 */
export async function expectWalk(ctx: CheckContext, endpoint: Endpoint, own: string[], options: WalkOptions): Promise<void> {
  const label = `${endpoint === 'Users' ? 'GET /Users' : 'GET /Groups'}${options.query?.filter ? ` with filter ${options.query.filter}` : ''}, count=${options.count}`;
  let walk = await walkOnce(ctx, endpoint, own, options);
  const moving = (w: Walk) => new Set(w.pages.map((p) => p.totalResults)).size > 1;
  if (moving(walk)) {
    await ctx.note(`totalResults changed during the walk (${describePages(walk.pages)}): walking once more`);
    walk = await walkOnce(ctx, endpoint, own, options);
    if (moving(walk)) {
      throw new NotJudged(
        `the list changed during two walks of ${label} (totalResults ${describePages(walk.pages)}): something else writes to this tenant, or the server counts wrongly; run again when the tenant is quiet`,
        walk.pages.at(-1)!.exchange,
      );
    }
  }
  const last = walk.pages.at(-1)!;
  const total = last.totalResults;
  if (total < own.length) {
    ctx.fail({
      expected: `totalResults of every resource in the list: at least the ${own.length} this run created`,
      got: `totalResults ${total}`,
      exchange: last.exchange,
      fix: 'Report totalResults as the number of all resources the list holds, not the number on this page.',
    });
  }
  const twice = [...walk.seenOn].filter(([, on]) => on.length > 1);
  if (twice.length) {
    ctx.fail({
      expected: `each of the run's ${own.length} ${endpoint === 'Users' ? 'users' : 'groups'} exactly once over the walk (${label})`,
      got: twice.map(([id, on]) => `${id} on pages ${on.join(' and ')}`).join('; '),
      exchange: walk.pages[twice[0]![1][1]! - 1]!.exchange,
      fix: 'Page a stable order (sort by a unique, immutable key such as id or creation time) and read startIndex as 1-based: page n starts at resource (n - 1) * count + 1.',
    });
  }
  const missing = [...walk.seenOn].filter(([, on]) => on.length === 0).map(([id]) => id);
  if (missing.length && !walk.ended) {
    throw new NotJudged(
      `${walk.pages.length} pages of ${label} (totalResults ${total}) did not reach ${missing.length} of the run's resources; the tenant is too large to walk here (use \`load --walk\` to time a full walk)`,
      last.exchange,
    );
  }
  if (missing.length) {
    ctx.fail({
      expected: `each of the run's ${own.length} ${endpoint === 'Users' ? 'users' : 'groups'} once over the walk (${label}), which read ${walk.pages.length} pages to the end`,
      got: `${missing.length} never listed: ${missing.join(', ')}`,
      exchange: last.exchange,
      fix:
        endpoint === 'Users'
          ? "List every user on unfiltered GET /Users with startIndex (1-based) and count: Entra's Account Discovery reads the whole list that way, and a resource it never sees is an account it cannot match."
          : 'List every group on unfiltered GET /Groups with startIndex (1-based) and count.',
    });
  }
  // A walk that read to the end has seen the whole list: it must hold as many resources as totalResults says.
  if (walk.ended) {
    const all = walk.pages.flatMap((p) => p.ids);
    const listed = new Set(all).size;
    if (listed !== total) {
      const repeated = all.length - listed;
      ctx.fail({
        expected: `${total} distinct resources over the whole walk, as totalResults says`,
        got: `${listed}${repeated ? ` (and ${repeated} listed again on a later page)` : ''}`,
        exchange: last.exchange,
        fix: 'Count in totalResults exactly the resources the pages list, and list each once.',
      });
    }
  }
  await ctx.note(`walked ${walk.pages.length} page(s) of ${label}: totalResults ${total}, each of the run's ${own.length} found once`);
}

/** A count above the server's own maximum is answered with fewer resources, not with an error. */
export async function expectCountAboveMaximum(ctx: CheckContext, endpoint: Endpoint): Promise<void> {
  const declared = (ctx.discovery.serviceProviderConfig?.filter as { maxResults?: unknown } | undefined)?.maxResults;
  const maximum = typeof declared === 'number' && Number.isInteger(declared) && declared > 0 ? declared : undefined;
  const count = maximum !== undefined ? maximum + 1 : 1000;
  if (maximum === undefined) await ctx.note(`the ServiceProviderConfig declares no filter.maxResults: asking for count=${count}`);
  // readPage judges the page itself: at most count, startIndex, itemsPerPage equal to what came back.
  const page = await readPage(ctx, endpoint, 1, count);
  if (maximum !== undefined && page.ids.length > maximum) {
    ctx.fail({
      expected: `at most ${maximum} resources, the filter.maxResults the ServiceProviderConfig declares`,
      got: `${page.ids.length}`,
      exchange: page.exchange,
      fix: 'Cap every page at the maxResults you declare, or declare the cap you apply.',
    });
  }
}

/** The run's own resources found 5 at a time through a `sw` filter on their marker: not something Entra sends. */
export async function expectFilteredPaging(
  ctx: CheckContext,
  endpoint: Endpoint,
  attribute: string,
  marker: string,
  own: string[],
): Promise<void> {
  const filter = `${attribute} sw ${JSON.stringify(marker)}`;
  const first = await ctx.client.get(`/${endpoint}`, { filter, startIndex: '1', count: '5' });
  if (first.status === 400) {
    ctx.fail({
      expected: `200 for filter=${filter} with startIndex and count`,
      got: '400',
      exchange: first,
      fix: 'Entra never sends sw, so this does not stop provisioning; other clients filter with sw (RFC 7644 §3.4.2.2 defines it). Support it, or leave this warning.',
    });
  }
  const list = expectListResponse(ctx, first, `200 for filter=${filter} with startIndex and count`);
  if (list.totalResults !== own.length) {
    ctx.fail({
      expected: `totalResults ${own.length}: only the run's own resources start with ${JSON.stringify(marker)}`,
      got: `totalResults ${list.totalResults}`,
      exchange: first,
      fix: 'Apply the filter before paging, and count in totalResults the matches of the filter, not every resource.',
    });
  }
  await expectWalk(ctx, endpoint, own, { count: 5, advance: 'count', maxPages: Math.ceil(own.length / 5) + 1, query: { filter } });
}
