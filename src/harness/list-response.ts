// Reading ListResponses the way Entra does, with the failures worded for the vendor.
import type { CheckContext } from './context.ts';
import type { Exchange } from './client.ts';

export interface ListResult {
  totalResults: number;
  resources: Array<Record<string, unknown>>;
}

/** Fails unless the exchange is a 200 ListResponse; returns its resources. */
export function expectListResponse(ctx: CheckContext, exchange: Exchange, expected: string): ListResult {
  const body = ctx.expectStatus(exchange, [200], expected, exchange.status === 404
    ? 'A filter that matches nothing is not an error: answer 200 with a ListResponse whose totalResults is 0 (Entra treats 404 as a failure).'
    : undefined);
  ctx.expectSchema('ListResponse', body, exchange, 'the response body');
  const list = body as { totalResults: number; Resources?: Array<Record<string, unknown>> };
  return { totalResults: list.totalResults, resources: list.Resources ?? [] };
}
