import { randomUUID } from 'node:crypto';
import { defineCheck } from '../../src/harness/check.ts';
import type { CheckContext } from '../../src/harness/context.ts';
import { expectListResponse } from '../../src/harness/list-response.ts';
import { matchingAttributes } from '../../src/harness/profile.ts';
import { eqFilter } from '../../src/harness/scim-path.ts';

// Entra's "Test Connection" button: a filter on the first matching attribute with a random GUID.
export default defineCheck({
  id: 'connection.test-connection',
  title: 'Test Connection: a filter on a random value answers 200 with an empty ListResponse',
  area: 'connection',
  feature: 'test connection',
  level: 'MUST',
  spec: [
    { source: 'Entra', topic: 'Test Connection sends GET /Users?filter=<matching attribute> eq "<random GUID>"', evidence: 'C' },
    { source: 'RFC7644', section: '3.4.2', evidence: 'R' },
  ],
  requires: ['users', 'filter'],
  mutates: false,
  covers: ['Gallery: Test Connection returns 200 with zero results'],
  fix: 'Answer GET /Users?filter=userName eq "<unknown>" with 200 and {"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"Resources":[]}.',
  async run(ctx) {
    const attribute = matchingAttributes(ctx.profile.users)[0]!;
    const exchange = await ctx.client.get('/Users', { filter: eqFilter(attribute.path, randomUUID()) });
    if (exchange.status === 401 || exchange.status === 403) {
      ctx.fail({
        expected: '200 with an empty ListResponse',
        got: `${exchange.status}: the target refused the credentials`,
        exchange,
        fix: 'Check SCIM_TOKEN (the secret token you would paste into Entra) and SCIM_AUTH; the suite sends it as "Authorization: Bearer <token>", as Entra does.',
      });
    }
    if (exchange.status === 404) {
      const likely = await likelyScimRoot(ctx, exchange.url);
      ctx.fail({
        expected: '200 with an empty ListResponse',
        got: likely ? `404: ${likely} answers where this Tenant URL does not` : '404 for GET /Users',
        exchange,
        fix: likely
          ? `Set SCIM_BASE_URL=${likely}: the Tenant URL must end at the SCIM root, where /Users lives.`
          : 'Either the Tenant URL does not end at the SCIM root (check that <url>/Users exists, often …/scim/v2), or the server answers 404 when a filter matches nothing; Entra treats that 404 as a failed connection: answer 200 with totalResults 0.',
      });
    }
    const list = expectListResponse(ctx, exchange, '200 with a ListResponse');
    if (list.totalResults !== 0 || list.resources.length !== 0) {
      ctx.fail({ expected: 'totalResults 0 and no Resources for a value nobody has', got: `totalResults ${list.totalResults}, ${list.resources.length} resources`, exchange });
    }
  },
});

/** A wrong Tenant URL is the commonest cause of a 404 here: try the usual SCIM roots with the same read-only probe. */
async function likelyScimRoot(ctx: CheckContext, failedUrl: string): Promise<string | undefined> {
  const url = new URL(failedUrl);
  const base = url.pathname.replace(/\/Users$/i, '').replace(/\/+$/, '');
  const candidates = [...new Set([ctx.profile.basePathHint, '/scim/v2', '/scim', '/api/scim/v2', '/v2'])]
    .filter((hint): hint is string => !!hint && /^\/[\w/.-]*$/.test(hint) && !base.endsWith(hint))
    .map((hint) => `${url.origin}${base}${hint}`);
  for (const root of candidates) {
    const probe = new URL(`${root}/Users`);
    probe.search = url.search;
    const answer = await ctx.client.get(probe.href);
    if (answer.status === 200 || answer.status === 401 || answer.status === 403) return root;
  }
  return undefined;
}
