// Paging of list responses (RFC 7644 section 3.4.2.4), and the ways a faulty server gets it wrong.
import { MAX_RESULTS } from './discovery-documents.ts';
import { ScimHttpError } from './scim-error.ts';

export interface PagingFaults {
  /** pagination-zero-based */
  zeroBased: boolean;
  /** pagination-count-ignored */
  ignoreCount: boolean;
  /** pagination-total-is-page */
  totalIsPage: boolean;
  /** pagination-count-above-max-400 */
  rejectAboveMax: boolean;
  /** pagination-unstable-order: the order list requests see moves on by one with every request. */
  rotateBy?: number;
  /** unfiltered-list-empty */
  emptyUnlessFiltered: boolean;
  /** interop-page-maximum-50: a smaller page maximum than MAX_RESULTS. */
  maxResults?: number;
  /** interop-default-page-10: a smaller page than DEFAULT_COUNT when count is not given. */
  defaultCount?: number;
}

export interface Page<T> {
  /** What the response echoes as startIndex. */
  startIndex: number;
  items: T[];
  /** What the response says as totalResults. */
  totalResults: number;
}

const DEFAULT_COUNT = 100;

function integerParameter(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || !/^\s*-?\d+\s*$/.test(raw)) return undefined;
  return Number.parseInt(raw, 10);
}

export function pageOf<T>(all: T[], query: URLSearchParams, faults: PagingFaults, filtered: boolean): Page<T> {
  const requested = integerParameter(query, 'startIndex');
  const requestedCount = integerParameter(query, 'count');
  const maxResults = faults.maxResults ?? MAX_RESULTS;
  if (faults.rejectAboveMax && requestedCount !== undefined && requestedCount > maxResults) {
    throw new ScimHttpError(400, `count ${requestedCount} is above the maximum of ${maxResults}`, 'tooMany');
  }
  const shift = faults.rotateBy === undefined || all.length === 0 ? 0 : faults.rotateBy % all.length;
  let matches = shift ? [...all.slice(shift), ...all.slice(0, shift)] : all;
  if (faults.emptyUnlessFiltered && !filtered) matches = [];
  const total = faults.emptyUnlessFiltered && !filtered ? all.length : matches.length;
  // Below 1 means 1; a negative count means 0.
  const startIndex = Math.max(1, requested ?? 1);
  // The zero-based server still echoes the 1-based value, so only the slice gives it away. Without a startIndex
  // it starts at the first match, as Entra's filter queries (which send none) would otherwise all break.
  const offset = faults.zeroBased && requested !== undefined ? Math.max(0, requested) : startIndex - 1;
  const count = Math.min(maxResults, Math.max(0, requestedCount ?? faults.defaultCount ?? DEFAULT_COUNT));
  const items = faults.ignoreCount ? matches.slice(offset) : matches.slice(offset, offset + count);
  return { startIndex, items, totalResults: faults.totalIsPage ? items.length : total };
}
