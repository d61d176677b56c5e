import { randomUUID } from 'node:crypto';
import { type CheckContext, defineCheck } from '../../src/kit/index.ts';
import { oktaLookup, requireOktaUser, userNameOf } from '../shared/okta.ts';

/** Okta's lookup must find exactly the user with this id: Okta links its user to what the lookup returns. */
async function expectFound(ctx: CheckContext, userName: string, id: string, fix: string) {
  const exchange = await oktaLookup(ctx, userName);
  if (exchange.status === 404) ctx.fail({ expected: `200 with the user ${id}`, got: '404: the lookup found nobody', exchange, fix });
  const list = ctx.expect.listResponse(exchange, `200 with the user ${id}`);
  ctx.expect.exactlyOne(list, id, exchange, 'the user', fix);
}

export default [
  defineCheck({
    id: 'users.okta-match.hit',
    title: "Okta's lookup (userName eq, startIndex=1, count=100) finds exactly the user, with the id its create returned",
    feature: 'filter',
    level: 'MUST',
    evidence: ['okta.users.match', 'okta.unique-id', 'rfc7644.3.4.2.2.filter'],
    requires: ['filter'],
    mutates: true,
    clients: ['okta'],
    covers: ['Okta CRUD: Create the user assigned in Okta'],
    fix: 'Apply the filter userName eq "<value>" together with startIndex and count, and return only the user it names, with the id your create answered (Okta links on that id).',
    async run(ctx) {
      const { draft, id } = await requireOktaUser(ctx);
      await expectFound(
        ctx,
        userNameOf(draft),
        id,
        'Return the user whose userName the filter names, and no other, also when startIndex and count come with it.',
      );
    },
  }),
  defineCheck({
    id: 'users.okta-match.miss',
    title: "Okta's lookup of a userName nobody has answers 200 with no users, or 404 with a SCIM error",
    feature: 'filter',
    level: 'MUST',
    evidence: ['okta.users.no-match', 'rfc7644.3.4.2.2.filter'],
    requires: ['filter'],
    mutates: false,
    clients: ['okta'],
    chain: 1,
    covers: ['Okta SPEC: Look up a userName nobody has'],
    fix: 'Answer a filter that matches nobody with 200 and totalResults 0 (or, as Okta also accepts, 404 with a SCIM Error body); never with other users.',
    async run(ctx) {
      const exchange = await oktaLookup(ctx, `${ctx.values.prefix}-missing-${randomUUID().slice(0, 8)}@example.com`);
      if (exchange.status === 404) {
        ctx.expect.schema(
          'ScimError',
          exchange.json,
          exchange,
          'the 404 body',
          'Okta accepts a 404 for "no such user" only as a SCIM Error (schemas urn:ietf:params:scim:api:messages:2.0:Error, status "404"); better still, answer 200 with totalResults 0.',
        );
        return;
      }
      const list = ctx.expect.listResponse(exchange, '200 with totalResults 0 (or 404 with a SCIM error)');
      if (list.totalResults !== 0 || list.resources.length !== 0) {
        ctx.fail({
          expected: 'totalResults 0 and no Resources for a userName nobody has',
          got: `totalResults ${list.totalResults}, ${list.resources.length} resources`,
          exchange,
          fix: 'Apply the filter: Okta links the user it finds, so returning other users links the wrong account.',
        });
      }
    },
  }),
  defineCheck({
    id: 'users.okta-match.other-case',
    title: "Okta's lookup with the userName in capital letters finds the user (userName is not case-exact)",
    feature: 'filter',
    level: 'MUST',
    evidence: ['okta.spec-test.username-case', 'rfc7643.2.2.case-exact'],
    requires: ['filter'],
    mutates: true,
    clients: ['okta'],
    covers: ['Okta SPEC: Find the user by its userName in capitals'],
    fix: 'Compare userName without regard to case in filters (RFC 7643: userName has caseExact false): Okta finds an existing user by its userName however it is written.',
    async run(ctx) {
      const { draft, id } = await requireOktaUser(ctx);
      await expectFound(ctx, userNameOf(draft).toUpperCase(), id, 'Compare userName case-insensitively in an eq filter.');
    },
  }),
];
