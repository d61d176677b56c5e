// Paging of list responses (RFC 7644 section 3.4.2.4), and the two ways a faulty server gets it wrong.
import { MAX_RESULTS } from './discovery-documents.ts';

export interface PagingFaults {
  /** pagination-zero-based */
  zeroBased: boolean;
  /** pagination-count-ignored */
  ignoreCount: boolean;
}

export interface Page<T> {
  /** What the response echoes as startIndex. */
  startIndex: number;
  items: T[];
}

const DEFAULT_COUNT = 100;

function integerParameter(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || !/^\s*-?\d+\s*$/.test(raw)) return undefined;
  return Number.parseInt(raw, 10);
}

export function pageOf<T>(matches: T[], query: URLSearchParams, faults: PagingFaults): Page<T> {
  const requested = integerParameter(query, 'startIndex');
  // Below 1 means 1; a negative count means 0.
  const startIndex = Math.max(1, requested ?? 1);
  // The zero-based server still echoes the 1-based value, so only the slice gives it away. Without a startIndex
  // it starts at the first match, as Entra's filter queries (which send none) would otherwise all break.
  const offset = faults.zeroBased && requested !== undefined ? Math.max(0, requested) : startIndex - 1;
  const count = Math.min(MAX_RESULTS, Math.max(0, integerParameter(query, 'count') ?? DEFAULT_COUNT));
  const items = faults.ignoreCount ? matches.slice(offset) : matches.slice(offset, offset + count);
  return { startIndex, items };
}
