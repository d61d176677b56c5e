// What the load run measures: per operation, how many requests, their status codes (every attempt, so the
// 429s that were retried show too), which answers were not what Entra expects, and latency percentiles.
import type { Exchange } from '../http/client.ts';
import { isThrottled } from '../http/flow-control.ts';

export const OPERATIONS = ['filter', 'create', 'patch', 'group-create', 'group-members', 'soft-delete', 'delete'] as const;
export type Operation = (typeof OPERATIONS)[number];

export const OPERATION_TITLES: Record<Operation, string> = {
  filter: 'GET filter eq on the matching attribute (users, and groups by displayName): 200 with zero results',
  create: 'POST /Users: 201 with an id',
  patch: 'PATCH /Users/{id} changing a mapped attribute: 200 or 204',
  'group-create': 'POST /Groups: 201 with an id',
  'group-members': 'PATCH /Groups/{id} adding a batch of members: 200 or 204',
  'soft-delete': 'PATCH /Users/{id} setting active false: 200 or 204',
  delete: 'DELETE of what the run created, afterwards: 204 (200 and 404 accepted)',
};

/** The status key of an attempt without a response. */
export const NO_RESPONSE = 'no response';

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export interface OperationFigures {
  operation: Operation;
  title: string;
  /** Requests made; each may have taken several attempts when the target throttled. */
  requests: number;
  /** Every attempt's status code (or "no response"), retried 429/503 included. */
  statuses: Record<string, number>;
  /** Requests whose final answer was not the one Entra expects. */
  unexpected: number;
  /** Milliseconds of the final attempt of each request that got a response (waits for Retry-After excluded). */
  latencyMs: Latency | null;
}

export interface PhaseCounts {
  /** Requests made (a request retried after 429 counts once). */
  requests: number;
  /** Attempts that got any response, throttled ones included. */
  responses: number;
  /** Requests whose final answer was neither 429 nor 503. */
  answered: number;
  /** Attempts answered 429 or 503. */
  throttled: number;
  /** Requests that got no response at all. */
  noResponse: number;
  /** Responses 500-599 other than 503. */
  serverErrors: number;
}

const emptyCounts = (): PhaseCounts => ({ requests: 0, responses: 0, answered: 0, throttled: 0, noResponse: 0, serverErrors: 0 });

export class Figures {
  private readonly latencies = new Map<Operation, number[]>();
  private readonly statuses = new Map<Operation, Map<string, number>>();
  private readonly requests = new Map<Operation, number>();
  private readonly unexpected = new Map<Operation, number>();
  readonly load = emptyCounts();
  readonly cleanup = emptyCounts();
  /** The first unexpected answers, described, for the report. */
  readonly problems: string[] = [];

  /** One request's final exchange (its earlier throttled attempts ride along in exchange.throttled). */
  record(operation: Operation, exchange: Exchange, expected: boolean, what: string): void {
    const phase = operation === 'delete' ? this.cleanup : this.load;
    phase.requests += 1;
    this.requests.set(operation, (this.requests.get(operation) ?? 0) + 1);
    const statuses = this.statuses.get(operation) ?? new Map<string, number>();
    this.statuses.set(operation, statuses);
    for (const attempt of exchange.throttled ?? []) {
      statuses.set(String(attempt.status), (statuses.get(String(attempt.status)) ?? 0) + 1);
      phase.responses += 1;
      phase.throttled += 1;
    }
    const key = exchange.status === undefined ? NO_RESPONSE : String(exchange.status);
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
    if (exchange.status === undefined) phase.noResponse += 1;
    else {
      phase.responses += 1;
      if (isThrottled(exchange.status)) phase.throttled += 1;
      else phase.answered += 1;
      if (exchange.status >= 500 && exchange.status !== 503) phase.serverErrors += 1;
      const list = this.latencies.get(operation) ?? [];
      list.push(exchange.durationMs);
      this.latencies.set(operation, list);
    }
    if (!expected) {
      this.unexpected.set(operation, (this.unexpected.get(operation) ?? 0) + 1);
      if (this.problems.length < 20)
        this.problems.push(`${operation}: ${exchange.method} ${exchange.url}: expected ${what}, got ${describe(exchange)}`);
    }
  }

  /** A problem that is not an answer (e.g. the run refused to send a request). */
  note(problem: string): void {
    if (this.problems.length < 20) this.problems.push(problem);
  }

  count(operation: Operation): number {
    return this.requests.get(operation) ?? 0;
  }

  unexpectedCount(operation: Operation): number {
    return this.unexpected.get(operation) ?? 0;
  }

  operations(): OperationFigures[] {
    return OPERATIONS.map((operation) => ({
      operation,
      title: OPERATION_TITLES[operation],
      requests: this.count(operation),
      statuses: Object.fromEntries([...(this.statuses.get(operation) ?? new Map<string, number>())].sort(([a], [b]) => a.localeCompare(b))),
      unexpected: this.unexpectedCount(operation),
      latencyMs: latency(this.latencies.get(operation) ?? []),
    }));
  }

  /** Every attempt's status over all operations. */
  statusCounts(): Record<string, number> {
    const all = new Map<string, number>();
    for (const statuses of this.statuses.values()) for (const [key, n] of statuses) all.set(key, (all.get(key) ?? 0) + n);
    return Object.fromEntries([...all].sort(([a], [b]) => a.localeCompare(b)));
  }
}

function describe(exchange: Exchange): string {
  if (exchange.error) return exchange.error;
  const detail = (exchange.json as { detail?: unknown } | undefined)?.detail;
  return `${exchange.status}${typeof detail === 'string' ? ` (${detail.slice(0, 200)})` : ''}`;
}

/** Nearest-rank percentiles. */
export function latency(values: readonly number[]): Latency | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
  const mean = sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  return { p50: rank(50), p95: rank(95), p99: rank(99), max: sorted[sorted.length - 1]!, mean: Math.round(mean * 10) / 10 };
}
