import { randomUUID } from 'node:crypto';
import { defineCheck, matchingAttribute, eqFilter } from '../../src/kit/index.ts';

// Entra's "Test Connection" button: a filter on the first matching attribute with a random GUID.
export default defineCheck({
  id: 'connection.test-connection',
  title: 'Test Connection: a filter on a random value answers 200 with an empty ListResponse',
  feature: 'test connection',
  level: 'MUST',
  evidence: ['entra.test-connection', 'rfc7644.3.4.2.list-response'],
  requires: ['filter'],
  mutates: false,
  phase: 'first',
  covers: ['Gallery: Test Connection returns 200 with zero results'],
  fix: 'Answer GET /Users?filter=userName eq "<unknown>" with 200 and {"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"Resources":[]}.',
  async run(ctx) {
    const attribute = matchingAttribute(ctx.profile);
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
      ctx.fail({
        expected: '200 with an empty ListResponse',
        got: '404 for a filter that matches nothing',
        exchange,
        fix: 'Answer a filter that matches nothing with 200 and totalResults 0; Entra treats that 404 as a failed connection.',
      });
    }
    const list = ctx.expect.listResponse(exchange, '200 with a ListResponse');
    if (list.totalResults !== 0 || list.resources.length !== 0) {
      ctx.fail({
        expected: 'totalResults 0 and no Resources for a value nobody has',
        got: `totalResults ${list.totalResults}, ${list.resources.length} resources`,
        exchange,
      });
    }
  },
});
