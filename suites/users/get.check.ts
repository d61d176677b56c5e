import { randomUUID } from 'node:crypto';
import { defineCheck, describeMismatches, eqFilter, matchingAttributes, mismatches, requireUser } from '../../src/kit/index.ts';

export default [
  defineCheck({
    id: 'users.get.by-id',
    title: 'GET /Users/{id} returns every mapped attribute exactly as sent',
    feature: 'read',
    level: 'MUST',
    spec: [
      { source: 'RFC7644', section: '3.4.1', evidence: 'R' },
      { source: 'Entra', topic: 'values are compared with what Entra sent; store and return them unchanged', evidence: 'C' },
    ],
    requires: ['users'],
    mutates: true,
    fix: 'Store every attribute Entra sends and return it unchanged (no reformatting of phone numbers, no case changes); otherwise Entra sees a difference on every cycle and updates the user again and again.',
    async run(ctx) {
      const { draft, id } = await requireUser(ctx);
      const exchange = await ctx.client.get(`/Users/${encodeURIComponent(id)}`);
      const body = ctx.expectStatus(exchange, [200], '200 with the user');
      ctx.expectSchema('User', body, exchange, 'the user');
      if ((body as { id?: unknown }).id !== id)
        ctx.fail({ expected: `id ${id}`, got: JSON.stringify((body as { id?: unknown }).id), exchange });
      const wrong = mismatches(body, draft.values, ctx.profile.users.attributes);
      if (wrong.length) ctx.fail({ expected: 'every mapped attribute returned exactly as sent', got: describeMismatches(wrong), exchange });
    },
  }),
  defineCheck({
    id: 'users.get.unknown-id',
    title: 'GET /Users/{unknown id} answers 404 with a SCIM Error whose status is a string',
    feature: 'read',
    level: 'MUST',
    spec: [{ source: 'RFC7644', section: '3.12', evidence: 'R' }],
    requires: ['users'],
    mutates: false,
    fix: 'Answer a request for an id you do not have with 404 and {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"404","detail":"..."} (status is a JSON string).',
    async run(ctx) {
      const exchange = await ctx.client.get(`/Users/${randomUUID()}`);
      const body = ctx.expectStatus(exchange, [404], '404 Not Found');
      ctx.expectSchema(
        'ScimError',
        body,
        exchange,
        'the error body',
        'Return a SCIM Error body: schemas ["urn:ietf:params:scim:api:messages:2.0:Error"] and "status" as a JSON string such as "404".',
      );
      const status = (body as { status?: unknown }).status;
      if (status !== '404') ctx.fail({ expected: 'status "404" (a string)', got: JSON.stringify(status), exchange });
    },
  }),
  defineCheck({
    id: 'users.get.content-type',
    title: 'Responses carry Content-Type application/scim+json',
    feature: 'read',
    level: 'SHOULD',
    spec: [
      { source: 'RFC7644', section: '3.1', evidence: 'R' },
      { source: 'Entra', topic: 'SCIM Validator warns on any other Content-Type', evidence: 'S' },
    ],
    requires: ['users'],
    mutates: false,
    fix: 'Send "Content-Type: application/scim+json" (a charset parameter is fine) on SCIM responses with a body.',
    async run(ctx) {
      // The request Entra sends most: a filter on the matching attribute (some servers refuse unfiltered lists).
      const attribute = matchingAttributes(ctx.profile.users)[0]!;
      const exchange = await ctx.client.get('/Users', { filter: eqFilter(attribute.path, randomUUID()) });
      ctx.expectStatus(exchange, [200], '200 with a ListResponse');
      const type = exchange.responseHeaders['content-type'] ?? '';
      if (type.split(';')[0]!.trim().toLowerCase() !== 'application/scim+json') {
        ctx.fail({ expected: 'Content-Type application/scim+json', got: type ? `Content-Type ${type}` : 'no Content-Type', exchange });
      }
    },
  }),
];
