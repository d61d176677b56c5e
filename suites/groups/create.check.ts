import { defineCheck, property } from '../../src/kit/index.ts';

const ADSCIM = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

export default [
  defineCheck({
    id: 'groups.create.created',
    title: "Creating a group with Entra's body answers 201 Created with the new id",
    feature: 'create',
    level: 'MUST',
    evidence: ['rfc7644.3.3.created', 'entra.groups.create'],
    requires: ['groups'],
    mutates: true,
    covers: ['Validator: Create a new Group'],
    fix: `Accept POST /Groups with schemas ["urn:ietf:params:scim:schemas:core:2.0:Group", "${ADSCIM}"], externalId and displayName, and answer 201 with the group and its id.`,
    async run(ctx) {
      const { exchange } = await ctx.fixtures.postGroup(ctx.fixtures.draftGroup().body);
      const body = ctx.expect.status(
        exchange,
        [201],
        '201 Created',
        exchange.status === 400 ? `Accept (and ignore if you like) Microsoft's extra schema URN ${ADSCIM} in "schemas".` : undefined,
      );
      const id = property(body, 'id');
      if (typeof id !== 'string' || !id) ctx.fail({ expected: 'a non-empty string "id"', got: JSON.stringify(id), exchange });
    },
  }),
  defineCheck({
    id: 'groups.create.core-schema-only',
    title: 'Creating a group with only the core Group schema also answers 201',
    feature: 'create',
    level: 'SHOULD',
    evidence: ['rfc7643.4.2.group-schema', 'entra.validator.group-core-schema'],
    requires: ['groups'],
    mutates: true,
    fix: `Do not require Microsoft's ADSCIM schema URN: a group with schemas ["urn:ietf:params:scim:schemas:core:2.0:Group"] is a valid create.`,
    async run(ctx) {
      const draft = ctx.fixtures.draftGroup();
      draft.body.schemas = ['urn:ietf:params:scim:schemas:core:2.0:Group'];
      const { exchange } = await ctx.fixtures.postGroup(draft.body);
      ctx.expect.status(exchange, [201], '201 Created');
    },
  }),
  defineCheck({
    id: 'groups.create.duplicate-displayname',
    title: 'Creating a second group with the same displayName answers 409',
    feature: 'create',
    level: 'SHOULD',
    evidence: ['entra.validator.group-duplicate', 'rfc7644.3.3.uniqueness'],
    requires: ['groups'],
    mutates: true,
    covers: ['Validator: Create a duplicate Group'],
    fix: 'Reject a group whose displayName already exists with 409 Conflict and scimType "uniqueness": Entra matches groups by displayName, so duplicates make matching ambiguous.',
    async run(ctx) {
      const first = ctx.fixtures.draftGroup();
      const created = await ctx.fixtures.postGroup(first.body);
      if (!created.id)
        return ctx.precondition({
          expected: 'the first group to be created (see groups.create.created)',
          got: `status ${created.exchange.status ?? created.exchange.error}`,
          exchange: created.exchange,
        });
      const second = ctx.fixtures.draftGroup();
      second.body.displayName = first.body.displayName;
      const { exchange } = await ctx.fixtures.postGroup(second.body);
      ctx.expect.status(exchange, [409], '409 Conflict');
    },
  }),
];
