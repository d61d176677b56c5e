import { defineCheck, describeMismatches, mismatches, swapCase } from '../../src/kit/index.ts';
import { requireOktaUser } from '../shared/okta.ts';

/** The attributes Okta needs stored (its basic user schema): userName, the two names, the email. */
const BASIC = /^(userName|name\.givenName|name\.familyName|emails(\[.*\])?(\.value)?)$/;

export default [
  defineCheck({
    id: 'users.okta-read.by-id',
    title: 'GET /Users/{id} of a user Okta created returns it with the same id, userName, names and email',
    feature: 'read',
    level: 'MUST',
    evidence: ['okta.users.basic-schema', 'okta.unique-id', 'rfc7644.3.4.1.get'],
    mutates: true,
    clients: ['okta'],
    covers: ['Okta SPEC: Read the user by id'],
    fix: 'Return the user at /Users/{id} with the id your create answered and the userName, name.givenName, name.familyName and emails Okta sent: Okta reads them back on every import.',
    async run(ctx) {
      const { draft, id } = await requireOktaUser(ctx);
      const exchange = await ctx.client.get(`/Users/${encodeURIComponent(id)}`);
      const body = ctx.expect.status(exchange, [200], '200 with the user');
      const user = ctx.expect.schema('User', body, exchange, 'the user');
      if (user.id !== id)
        ctx.fail({ expected: `id ${id}, the one the create answered (a stable id)`, got: JSON.stringify(user.id), exchange });
      const basic = new Map([...draft.values].filter(([path]) => BASIC.test(path)));
      const wrong = mismatches(user, basic, ctx.profile.users.attributes);
      if (wrong.length) ctx.fail({ expected: "Okta's basic attributes returned as sent", got: describeMismatches(wrong), exchange });
    },
  }),
  defineCheck({
    id: 'users.okta-read.id-case-sensitive',
    title: 'GET /Users/{id} with the id in another letter case does not return the user (id is case-exact)',
    feature: 'read',
    level: 'SHOULD',
    evidence: ['okta.unique-id', 'rfc7643.3.1.id'],
    mutates: true,
    clients: ['okta'],
    fix: "Compare ids exactly, letter case included (RFC 7643 §3.1: id is case-exact): answer 404 for an id that differs from a user's only in case (a case-insensitive uuid column or collation lets it through).",
    async run(ctx) {
      const { id } = await requireOktaUser(ctx);
      const other = swapCase(id);
      if (other === id) return ctx.note(`the id ${id} has no letters: there is no other letter case to read it in`);
      const exchange = await ctx.client.get(`/Users/${encodeURIComponent(other)}`);
      if (exchange.status !== undefined && exchange.status >= 200 && exchange.status < 300) {
        ctx.fail({
          expected: `no user at /Users/${other}: it differs from ${id} in letter case, so it names no user (404)`,
          got: `${exchange.status}${(exchange.json as { id?: unknown } | undefined)?.id === id ? ' with the user' : ''}`,
          exchange,
        });
      }
    },
  }),
];
