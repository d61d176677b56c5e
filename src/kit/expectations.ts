// What a check asserts, as ctx.expect: each expectation fails the check with a failure that explains itself, or
// returns what it verified, typed as far as it verified it.
import type { Exchange } from '../http/client.ts';
import type { ListResponse } from '../generated/index.ts';
import { bodyShapeProblem } from './body-shape.ts';
import type { CheckClient } from './context.ts';
import type { FailureInput } from './failure.ts';
import { validateAgainst, type SchemaName, type SchemaTypes } from './schema-validator.ts';
import { property } from './scim-path.ts';

/** One resource of a ListResponse, as it came. */
export type ListResource = NonNullable<ListResponse['Resources']>[number];

export interface ListResult {
  /** The body as it came, valid against the ListResponse schema. */
  body: ListResponse;
  totalResults: number;
  /** Its Resources, or none. */
  resources: ListResource[];
}

export interface Expectations {
  /** Fails unless a response arrived with one of the statuses; returns its JSON body (undefined without one), not yet validated. */
  status(exchange: Exchange, allowed: readonly number[], expected: string, fix?: string): unknown;
  /**
   * Fails unless the value is valid against the named schema in schemas/; returns it typed as that schema's generated type
   * (src/generated/). The value is returned as it came: the schema reads attribute names in any case (RFC 7643 §2.1).
   */
  schema<N extends SchemaName>(name: N, value: unknown, exchange: Exchange, what: string, fix?: string): SchemaTypes[N];
  /** Fails unless the exchange is a 200 with a valid ListResponse (Entra reads a 404 for no match as a failure). */
  listResponse(exchange: Exchange, expected: string): ListResult;
  /**
   * Entra needs exactly one match for a matching filter; several are an error on its side. Fails unless the list holds
   * exactly the resource with this id (totalResults agreeing); returns that resource.
   */
  exactlyOne(list: ListResult, id: string, exchange: Exchange, what: string, fix?: string): ListResource;
  /** Reads GET /Groups/{id} and fails unless it lists exactly these member ids; `cause` is the PATCH that changed them. */
  members(groupId: string, ids: readonly string[], fix: string, cause?: Exchange): Promise<void>;
}

export function statusText(exchange: Exchange): string {
  if (exchange.error) return exchange.error.startsWith('no response') ? exchange.error : `no response (${exchange.error})`;
  return `${exchange.status}`;
}

export function createExpectations(client: CheckClient, fail: (input: FailureInput) => never): Expectations {
  const expect: Expectations = {
    status(exchange, allowed, expected, fix) {
      if (exchange.error || !allowed.includes(exchange.status ?? -1)) {
        fail({ expected, got: statusText(exchange), exchange, ...(fix ? { fix } : {}) });
      }
      return exchange.json;
    },

    schema<N extends SchemaName>(name: N, value: unknown, exchange: Exchange, what: string, fix?: string): SchemaTypes[N] {
      const result = validateAgainst(name, value);
      if (!result.valid) {
        // A body of the wrong kind altogether (HTML, not JSON, a bare array) gets the fix for that, before any other.
        const shape = bodyShapeProblem(name, value, exchange);
        fail({
          expected: shape
            ? `${what}: a ${name} as one JSON object (RFC 7644)`
            : `${what} valid against the ${name} schema (RFC 7643 attribute types)`,
          got: shape?.got ?? result.errors.slice(0, 8).join('; '),
          exchange,
          fix:
            shape?.fix ??
            fix ??
            `Return ${name} attributes with the types RFC 7643 defines (strings as strings, booleans as JSON true/false, multi-valued attributes as arrays of objects).`,
        });
      }
      // Valid against the schema whose generated type this is.
      return value as SchemaTypes[N];
    },

    listResponse(exchange, expected) {
      const body = expect.status(
        exchange,
        [200],
        expected,
        exchange.status === 404
          ? 'A filter that matches nothing is not an error: answer 200 with a ListResponse whose totalResults is 0 (Entra treats 404 as a failure).'
          : undefined,
      );
      const list = expect.schema('ListResponse', body, exchange, 'the response body');
      return { body: list, totalResults: list.totalResults, resources: list.Resources ?? [] };
    },

    exactlyOne(list, id, exchange, what, fix) {
      const ids = list.resources.map((r) => r.id);
      const [only] = list.resources;
      if (list.totalResults !== 1 || ids.length !== 1 || ids[0] !== id || !only) {
        return fail({
          expected: `exactly ${what} ${id}`,
          got: `totalResults ${list.totalResults}, ids ${JSON.stringify(ids.slice(0, 5))}${ids.length > 5 ? '…' : ''}`,
          exchange,
          ...(fix ? { fix } : {}),
        });
      }
      return only;
    },

    async members(groupId, ids, fix, cause) {
      const exchange = await client.get(`/Groups/${encodeURIComponent(groupId)}`);
      const members = property(expect.status(exchange, [200], '200 with the group'), 'members');
      const actual = (Array.isArray(members) ? members : [])
        .map((m: unknown) => property(m, 'value'))
        .filter((v): v is string => typeof v === 'string')
        .sort();
      const want = [...ids].sort();
      if (JSON.stringify(actual) !== JSON.stringify(want)) {
        fail({
          expected: want.length ? `exactly the members ${want.join(', ')}` : 'no members',
          got: actual.length ? `members ${actual.join(', ')}` : 'no members',
          ...(cause ? { cause } : {}),
          exchange,
          fix,
        });
      }
    },
  };
  return expect;
}
