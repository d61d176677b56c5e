import { defineCheck, property } from '../../src/kit/index.ts';
import { asOktaUser, requireOktaUser } from '../shared/okta.ts';

export default [
  defineCheck({
    id: 'users.okta-create.created',
    title: "Creating a user with Okta's body (password and groups [] included) answers 201 with the user in the body",
    feature: 'create',
    level: 'MUST',
    evidence: ['okta.users.create', 'rfc7644.3.3.created', 'okta.users.extras-ignored'],
    mutates: true,
    clients: ['okta'],
    covers: ['Okta SPEC: Create a user', 'Okta CRUD: Create the user assigned in Okta'],
    fix: 'Answer POST /Users with 201 Created and the user as stored, its id included; accept the password and the empty groups list Okta sends (ignore what you do not store).',
    async run(ctx) {
      const draft = ctx.fixtures.draftUser();
      asOktaUser(draft.body, ctx.values.password);
      const { exchange } = await ctx.fixtures.postUser(draft.body);
      const body = ctx.expect.status(
        exchange,
        [201],
        '201 Created with the user',
        exchange.status === 400
          ? 'Accept the body Okta sends: ignore "password" if you do not set passwords, and "groups" (read-only, RFC 7643 §4.1.2) instead of refusing the user.'
          : exchange.status === 200
            ? 'Answer a successful create with 201 Created (RFC 7644 §3.3), as Okta expects.'
            : undefined,
      );
      const id = property(body, 'id');
      const userName = property(body, 'userName');
      if (typeof id !== 'string' || !id || typeof userName !== 'string') {
        return ctx.fail({
          expected: 'the created user in the body: a non-empty "id" and its userName',
          got: exchange.responseText.trim() === '' ? 'an empty body' : `id ${JSON.stringify(id)}, userName ${JSON.stringify(userName)}`,
          exchange,
          fix: 'Return the stored user with its id in the 201 body: Okta reports an empty body as a failed create and cannot link the user.',
        });
      }
      if (userName.toLowerCase() !== String(draft.body.userName).toLowerCase()) {
        ctx.fail({ expected: `userName ${JSON.stringify(draft.body.userName)}`, got: JSON.stringify(userName), exchange });
      }
    },
  }),
  defineCheck({
    id: 'users.okta-create.duplicate',
    title: "Creating a user whose userName exists already, with Okta's body, answers 409 Conflict",
    feature: 'create',
    level: 'MUST',
    evidence: ['okta.users.duplicate', 'rfc7644.3.3.uniqueness'],
    mutates: true,
    clients: ['okta'],
    covers: ['Okta SPEC: Refuse the same user again with 409'],
    fix: 'Refuse a create whose userName exists (compared without regard to case) with 409 Conflict: Okta then knows the user exists and links it.',
    async run(ctx) {
      const { draft: first } = await requireOktaUser(ctx);
      const second = ctx.fixtures.draftUser();
      asOktaUser(second.body, ctx.values.password);
      second.body.userName = first.body.userName;
      const { exchange } = await ctx.fixtures.postUser(second.body);
      ctx.expect.status(
        exchange,
        [409],
        '409 Conflict',
        exchange.status === 201 || exchange.status === 200
          ? 'userName must be unique: refuse the second user with 409 instead of creating it.'
          : undefined,
      );
    },
  }),
];
