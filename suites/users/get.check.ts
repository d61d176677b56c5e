import { randomUUID } from 'node:crypto';
import { defineCheck, describeMismatches, eqFilter, matchingAttribute, mismatches } from '../../src/kit/index.ts';

export default [
  defineCheck({
    id: 'users.get.by-id',
    title: 'GET /Users/{id} returns every mapped attribute exactly as sent',
    feature: 'read',
    level: 'MUST',
    evidence: ['rfc7644.3.4.1.get', 'entra.values-as-sent'],
    mutates: true,
    fix: 'Store every attribute Entra sends and return it unchanged (no reformatting of phone numbers, no case changes); otherwise Entra sees a difference on every cycle and updates the user again and again.',
    async run(ctx) {
      const { draft, id } = await ctx.require.user();
      const exchange = await ctx.client.get(`/Users/${encodeURIComponent(id)}`);
      const body = ctx.expect.status(exchange, [200], '200 with the user');
      const user = ctx.expect.schema('User', body, exchange, 'the user');
      if (user.id !== id) ctx.fail({ expected: `id ${id}`, got: JSON.stringify(user.id), exchange });
      const wrong = mismatches(user, draft.values, ctx.profile.users.attributes);
      if (wrong.length) ctx.fail({ expected: 'every mapped attribute returned exactly as sent', got: describeMismatches(wrong), exchange });
    },
  }),
  defineCheck({
    id: 'users.get.unknown-id',
    title: 'GET /Users/{unknown id} answers 404 with a SCIM Error whose status is a string',
    feature: 'read',
    level: 'MUST',
    evidence: ['rfc7644.3.12.errors', 'okta.spec-test.unknown-id'],
    mutates: false,
    // Entra and Okta read an unknown id the same way (Okta's SPEC test does it on purpose).
    clients: ['entra', 'okta'],
    covers: ['Okta SPEC: Answer 404 for a user id that does not exist'],
    fix: 'Answer a request for an id you do not have with 404 and {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"404","detail":"..."} (status is a JSON string).',
    async run(ctx) {
      const exchange = await ctx.client.get(`/Users/${randomUUID()}`);
      const body = ctx.expect.status(exchange, [404], '404 Not Found');
      const { status } = ctx.expect.schema(
        'ScimError',
        body,
        exchange,
        'the error body',
        'Return a SCIM Error body: schemas ["urn:ietf:params:scim:api:messages:2.0:Error"] and "status" as a JSON string such as "404".',
      );
      if (status !== '404') ctx.fail({ expected: 'status "404" (a string)', got: JSON.stringify(status), exchange });
    },
  }),
  defineCheck({
    id: 'users.get.content-type',
    title: 'Responses carry Content-Type application/scim+json',
    feature: 'read',
    level: 'SHOULD',
    evidence: ['rfc7644.3.1.media-type', 'entra.validator.content-type'],
    mutates: false,
    fix: 'Send "Content-Type: application/scim+json" (a charset parameter is fine) on SCIM responses with a body.',
    async run(ctx) {
      // The request Entra sends most: a filter on the matching attribute (some servers refuse unfiltered lists).
      const attribute = matchingAttribute(ctx.profile);
      const exchange = await ctx.client.get('/Users', { filter: eqFilter(attribute.path, randomUUID()) });
      ctx.expect.status(exchange, [200], '200 with a ListResponse');
      const type = exchange.responseHeaders['content-type'] ?? '';
      if ((type.split(';')[0] ?? '').trim().toLowerCase() !== 'application/scim+json') {
        ctx.fail({ expected: 'Content-Type application/scim+json', got: type ? `Content-Type ${type}` : 'no Content-Type', exchange });
      }
    },
  }),
];
