// Reading ListResponses the way Entra does, with the failures worded for the vendor.
import type { CheckContext } from './context.ts';
import type { Exchange } from '../http/client.ts';

export interface ListResult {
  totalResults: number;
  resources: Array<Record<string, unknown>>;
}

/** Fails unless the exchange is a 200 ListResponse; returns its resources. */
export function expectListResponse(ctx: CheckContext, exchange: Exchange, expected: string): ListResult {
  const body = ctx.expectStatus(
    exchange,
    [200],
    expected,
    exchange.status === 404
      ? 'A filter that matches nothing is not an error: answer 200 with a ListResponse whose totalResults is 0 (Entra treats 404 as a failure).'
      : undefined,
  );
  ctx.expectSchema('ListResponse', body, exchange, 'the response body');
  const list = body as { totalResults: number; Resources?: Array<Record<string, unknown>> };
  return { totalResults: list.totalResults, resources: list.Resources ?? [] };
}

/**
 * Entra needs exactly one match for a matching filter; several are an error on its side. Fails unless the list
 * holds exactly the resource with this id (totalResults agreeing).
 */
export function expectExactlyOne(ctx: CheckContext, list: ListResult, id: string, exchange: Exchange, what: string, fix?: string): void {
  const ids = list.resources.map((r) => r.id);
  if (list.totalResults !== 1 || ids.length !== 1 || ids[0] !== id) {
    ctx.fail({
      expected: `exactly ${what} ${id}`,
      got: `totalResults ${list.totalResults}, ids ${JSON.stringify(ids.slice(0, 5))}${ids.length > 5 ? '…' : ''}`,
      exchange,
      ...(fix ? { fix } : {}),
    });
  }
}
