// --walk: Entra's Account Discovery (preview) lists every account of the app by paging the unfiltered GET /Users
// with startIndex and count (RFC 7644 §3.4.2.4). After the load has created its users, and before they are removed,
// the walk reads that whole list once, one page after another, and projects how long 250,000 accounts would take.
// It only reads, it judges nothing: its figures never reach the 25 rps verdict, and an unanswered page leaves it
// not judged. Microsoft does not document the page size Account Discovery asks for; --walk-count tries others.
import type { Exchange, ScimClient } from '../http/client.ts';
import { isThrottled } from '../http/flow-control.ts';
import { type Latency, latency, NO_RESPONSE } from './figures.ts';
import type { Pacer } from './pacer.ts';

/** The tenant size Microsoft names: 250,000 accounts can take 12 hours or more. */
export const PROJECTED_ACCOUNTS = 250_000;
/** Pages the walk may read beyond totalResults divided by the page size, before it takes the paging as broken. */
export const EXTRA_PAGES = 5;
/** Pages averaged at each end of the walk, to show latency growing with the offset. */
const END_PAGES = 5;

export interface WalkReport {
  /**
   * complete: read to the end, every user of the run listed exactly once; incomplete: read, but the list lost or
   * repeated accounts, stopped early, or answered something other than a ListResponse; not judged: a page got no
   * answer (after the client's retries); interrupted: Ctrl-C.
   */
  result: 'complete' | 'incomplete' | 'not judged' | 'interrupted';
  /** Why it is not complete; empty when it is. */
  reasons: string[];
  /** What else the walk noticed (a page larger than the count asked for: RFC 7644 §3.4.2.4 forbids it). */
  notes: string[];
  /** The count asked for on every page. */
  count: number;
  /** Pages answered 200 with a ListResponse. */
  pages: number;
  /** Resources returned over all pages. */
  listed: number;
  /** Distinct ids among them. */
  distinct: number;
  /** Listings of an id beyond its first. */
  duplicates: number;
  /** Resources listed without an id. */
  withoutId: number;
  /** The last page's totalResults; null when no page carried one. */
  totalResults: number | null;
  /** totalResults less the distinct ids listed, when positive: accounts the walk never saw. */
  unlisted: number;
  /** Users this run created (and had not removed yet). */
  ownUsers: number;
  /** Of them, listed at least once. */
  ownFound: number;
  /** Listings of the run's users beyond their first. */
  ownDuplicates: number;
  /** Of the run's users, never listed. */
  ownMissing: number;
  /** Of those missing, users the load had soft-deleted (active false): a server that lists only active users. */
  ownMissingSoftDeleted: number;
  /** From the first page sent to the last page answered, waits for the rate and for throttling included. */
  durationMs: number;
  resourcesPerSecond: number;
  /** Per page answered (its final attempt). */
  latencyMs: Latency | null;
  /** Mean latency of the first and of the last few pages: growth with the offset shows here. */
  firstPagesMs: { pages: number; mean: number } | null;
  lastPagesMs: { pages: number; mean: number } | null;
  /** Every attempt's status code, retried 429/503 included. */
  statuses: Record<string, number>;
  /** Attempts answered 429 or 503. */
  throttled: number;
  /** Sequential, at the measured mean page latency; null when no page was read. */
  projection: WalkProjection | null;
}

export interface WalkProjection {
  accounts: number;
  /** The page size the server returned (the first page's), or the count asked for when it never filled a page. */
  pageSize: number;
  /** True when the walk never saw a full page, so pageSize is the count asked for, not one observed. */
  pageSizeAssumed: boolean;
  pages: number;
  msPerPage: number;
  ms: number;
}

export interface WalkOptions {
  client: ScimClient;
  /** The run's own pacer at the load's rate: one page at a time, never faster than --rate. */
  pacer: Pacer;
  count: number;
  /** Ids of the users this run created, and of those it soft-deleted. */
  ownUsers: ReadonlySet<string>;
  softDeleted: ReadonlySet<string>;
  /** Ctrl-C: no further page. */
  signal: AbortSignal;
  progress?: (text: string) => void;
}

interface ListPage {
  totalResults: number;
  resources: unknown[];
}

function listPage(exchange: Exchange): ListPage | undefined {
  const body = exchange.json as { totalResults?: unknown; Resources?: unknown } | undefined;
  if (typeof body?.totalResults !== 'number' || !Number.isInteger(body.totalResults) || body.totalResults < 0) return undefined;
  if (body.Resources !== undefined && !Array.isArray(body.Resources)) return undefined;
  return { totalResults: body.totalResults, resources: (body.Resources as unknown[] | undefined) ?? [] };
}

function mean(values: readonly number[]): number {
  return Math.round((values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length)) * 10) / 10;
}

/** Walks the unfiltered GET /Users to its end; never throws for what the target answers. */
export async function walkUsers(options: WalkOptions): Promise<WalkReport> {
  const { client, pacer, count, ownUsers, signal } = options;
  const seen = new Map<string, number>();
  const latencies: number[] = [];
  const statuses = new Map<string, number>();
  const reasons: string[] = [];
  const notes: string[] = [];
  let result: WalkReport['result'] = 'complete';
  let listed = 0;
  let withoutId = 0;
  let throttled = 0;
  let totalResults: number | null = null;
  let firstPageSize: number | undefined;
  let maxPages = Number.POSITIVE_INFINITY;
  let startIndex = 1;
  let oversized = false;
  let started: number | undefined;
  let ended: number | undefined;
  const tally = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);

  for (;;) {
    if (latencies.length >= maxPages) {
      result = 'incomplete';
      reasons.push(
        `stopped after ${latencies.length} pages, ${EXTRA_PAGES} more than totalResults ${totalResults} needs at ${firstPageSize} per page: ` +
          'the paging does not come to an end',
      );
      break;
    }
    if (!(await pacer.take(signal))) {
      result = 'interrupted';
      reasons.push(`interrupted after ${latencies.length} page(s)`);
      break;
    }
    started ??= performance.now();
    const exchange = await client.get('/Users', { startIndex: String(startIndex), count: String(count) });
    ended = performance.now();
    for (const attempt of exchange.throttled ?? []) {
      tally(String(attempt.status));
      throttled += 1;
    }
    tally(exchange.status === undefined ? NO_RESPONSE : String(exchange.status));
    if (isThrottled(exchange.status)) throttled += 1;
    const where = `page ${latencies.length + 1} (startIndex ${startIndex}, count ${count})`;
    if (exchange.noAnswer !== undefined || exchange.status === undefined) {
      result = 'not judged';
      reasons.push(`${where} got no answer: ${exchange.noAnswer ?? exchange.error ?? 'no response'}`);
      break;
    }
    const page = exchange.status === 200 ? listPage(exchange) : undefined;
    if (!page) {
      result = 'incomplete';
      const what = exchange.status === 200 ? ' without a ListResponse (a whole-number totalResults and a Resources array)' : '';
      reasons.push(`${where} answered ${exchange.status}${what}; the walk stopped there`);
      break;
    }
    latencies.push(exchange.durationMs);
    totalResults = page.totalResults;
    const returned = page.resources.length;
    if (firstPageSize === undefined) {
      firstPageSize = returned;
      maxPages = Math.ceil(page.totalResults / Math.max(1, returned)) + EXTRA_PAGES;
    }
    if (returned > count && !oversized) notes.push(`${where} returned ${returned} resources, more than the count of ${count} asked for`);
    oversized ||= returned > count;
    listed += returned;
    for (const resource of page.resources) {
      const id = (resource as { id?: unknown } | null)?.id;
      if (typeof id === 'string' && id !== '') seen.set(id, (seen.get(id) ?? 0) + 1);
      else withoutId += 1;
    }
    options.progress?.(
      `walk: ${latencies.length} page(s), ${listed} of ${page.totalResults} listed · ${(((ended ?? 0) - started) / 1000).toFixed(0)} s`,
    );
    if (returned === 0) {
      if (startIndex <= page.totalResults) {
        result = 'incomplete';
        reasons.push(`${where} came back empty, though totalResults is ${page.totalResults}`);
      }
      break;
    }
    startIndex += returned;
    if (startIndex > page.totalResults) break;
  }

  let duplicates = 0;
  for (const n of seen.values()) duplicates += n - 1;
  let ownFound = 0;
  let ownDuplicates = 0;
  let ownMissingSoftDeleted = 0;
  for (const id of ownUsers) {
    const n = seen.get(id) ?? 0;
    if (n > 0) ownFound += 1;
    else if (options.softDeleted.has(id)) ownMissingSoftDeleted += 1;
    ownDuplicates += Math.max(0, n - 1);
  }
  const ownMissing = ownUsers.size - ownFound;
  const unlisted = totalResults === null ? 0 : Math.max(0, totalResults - seen.size - withoutId);
  if (result !== 'not judged' && result !== 'interrupted') {
    if (ownMissing) {
      const inactive = ownMissingSoftDeleted
        ? ` (${ownMissingSoftDeleted} of them soft-deleted: does the list leave out inactive users?)`
        : '';
      reasons.push(`${ownMissing} of the run's ${ownUsers.size} users never listed${inactive}`);
    }
    if (ownDuplicates) reasons.push(`the run's users were listed ${ownDuplicates} time(s) more than once`);
    if (duplicates > ownDuplicates) reasons.push(`other accounts were listed ${duplicates - ownDuplicates} time(s) more than once`);
    if (unlisted) reasons.push(`${unlisted} of totalResults ${totalResults} never listed`);
    if (reasons.length) result = 'incomplete';
  }

  const durationMs = started !== undefined && ended !== undefined ? Math.round(ended - started) : 0;
  const ends = Math.max(1, Math.min(END_PAGES, Math.floor(latencies.length / 2)));
  return {
    result,
    reasons,
    notes,
    count,
    pages: latencies.length,
    listed,
    distinct: seen.size,
    duplicates,
    withoutId,
    totalResults,
    unlisted,
    ownUsers: ownUsers.size,
    ownFound,
    ownDuplicates,
    ownMissing,
    ownMissingSoftDeleted,
    durationMs,
    resourcesPerSecond: durationMs > 0 ? Math.round((listed / (durationMs / 1000)) * 10) / 10 : 0,
    latencyMs: latency(latencies),
    firstPagesMs: latencies.length ? { pages: ends, mean: mean(latencies.slice(0, ends)) } : null,
    lastPagesMs: latencies.length ? { pages: ends, mean: mean(latencies.slice(-ends)) } : null,
    statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a.localeCompare(b))),
    throttled,
    projection: project(latencies, firstPageSize, count),
  };
}

/** Pages of the page size returned, one after another, each at the mean page latency measured. */
export function project(
  latencies: readonly number[],
  firstPageSize: number | undefined,
  count: number,
  accounts = PROJECTED_ACCOUNTS,
): WalkProjection | null {
  if (latencies.length === 0 || firstPageSize === undefined) return null;
  // A single short page is all the server had; it says nothing about the size of a full one.
  const pageSizeAssumed = latencies.length === 1 && firstPageSize < count;
  const pageSize = pageSizeAssumed || firstPageSize === 0 ? count : firstPageSize;
  const pages = Math.ceil(accounts / pageSize);
  const msPerPage = mean(latencies);
  return { accounts, pageSize, pageSizeAssumed, pages, msPerPage, ms: Math.round(pages * msPerPage) };
}

/** 41 min, 12 h 5 min, 40 s. */
export function hoursAndMinutes(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return `${Math.max(1, Math.round(ms / 1000))} s`;
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}

function pageTime(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(2)} s`;
}

const number = (n: number) => n.toLocaleString('en-US');

/** The walk's closing lines on the console. */
export function walkLines(walk: WalkReport): string[] {
  const l = walk.latencyMs;
  const total = walk.totalResults === null ? '-' : number(walk.totalResults);
  const others = walk.duplicates > walk.ownDuplicates || walk.unlisted;
  const lines = [
    `Walk (unfiltered GET /Users, count ${walk.count}; not part of the verdict): ${walk.result}; ${number(walk.pages)} page(s), ` +
      `${number(walk.listed)} resources listed of totalResults ${total} in ${(walk.durationMs / 1000).toFixed(1)} s (${walk.resourcesPerSecond} per second)` +
      (l ? `; page latency mean ${l.mean} ms, p95 ${l.p95} ms` : ''),
    `  the run's ${number(walk.ownUsers)} users: ${number(walk.ownFound)} found, ${number(walk.ownMissing)} missing, ` +
      `${number(walk.ownDuplicates)} duplicate listing(s)` +
      (others ? `; all accounts: ${number(walk.duplicates)} duplicate listing(s), ${number(walk.unlisted)} never listed` : ''),
  ];
  if (walk.firstPagesMs && walk.lastPagesMs && walk.pages > 1) {
    lines.push(
      `  first ${walk.firstPagesMs.pages} page(s) ${walk.firstPagesMs.mean} ms on average, last ${walk.lastPagesMs.pages} ${walk.lastPagesMs.mean} ms`,
    );
  }
  for (const reason of [...walk.reasons, ...walk.notes].slice(0, 5)) lines.push(`  ${reason}`);
  const p = walk.projection;
  if (p) {
    const assumed = p.pageSizeAssumed ? ' (the count asked for: no full page was seen)' : '';
    lines.push(
      `Projected Account Discovery walk of ${number(p.accounts)} accounts: ${number(p.pages)} pages of ${number(p.pageSize)}${assumed}, ` +
        `about ${hoursAndMinutes(p.ms)} at ${pageTime(p.msPerPage)} per page`,
      `  a projection from ${number(walk.totalResults ?? walk.listed)} accounts, one page after another; on a real database a page usually takes ` +
        'longer the further in it starts, so take it as a lower bound (compare the first and last pages above)',
    );
  }
  return lines;
}
