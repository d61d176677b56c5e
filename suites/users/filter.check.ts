import {
  type AttributeMapping,
  defineCheck,
  pathKey,
  type CheckContext,
  expectExactlyOne,
  expectListResponse,
  filterAttributes,
  hasLetterCase,
  requireUser,
  eqFilter,
  swapCase,
} from '../../src/kit/index.ts';

const MATCHING = {
  source: 'Entra',
  topic: 'matching: GET /Users?filter=<attribute> eq "<value>", one attribute at a time',
  evidence: 'C',
} as const;
const EQ = { source: 'RFC7644', section: '3.4.2.2', evidence: 'R' } as const;

const perMatchingAttribute = (profile: { users: { attributes: AttributeMapping[] } }) =>
  filterAttributes(profile.users).map((attribute) => ({ key: pathKey(attribute.path), title: attribute.path, value: attribute }));

/** The user to find, and a second one so that a server ignoring the filter cannot pass. */
async function createTwo(ctx: CheckContext, attribute: AttributeMapping) {
  const target = await requireUser(ctx);
  await requireUser(ctx);
  const value = target.draft.values.get(attribute.path);
  if (typeof value !== 'string') return ctx.precondition({ expected: `a string value for ${attribute.path}`, got: JSON.stringify(value) });
  return { id: target.id, value };
}

export default [
  defineCheck<AttributeMapping>({
    id: 'users.filter.eq-hit',
    title: 'A filter eq on a matching attribute returns exactly that user',
    feature: 'filter',
    level: 'MUST',
    spec: [EQ, MATCHING],
    requires: ['users', 'filter'],
    mutates: true,
    fix: 'Support filter=<attribute> eq "<value>" on every matching attribute, and return only the resources that match.',
    covers: ['Validator: Filter an existing User'],
    variants: perMatchingAttribute,
    async run(ctx, attribute) {
      const { id, value } = await createTwo(ctx, attribute);
      const exchange = await ctx.client.get('/Users', { filter: eqFilter(attribute.path, value) });
      const list = expectListResponse(ctx, exchange, '200 with a ListResponse');
      expectExactlyOne(ctx, list, id, exchange, 'the user');
    },
  }),
  defineCheck<AttributeMapping>({
    id: 'users.filter.eq-miss',
    title: 'A filter eq on a matching attribute with an unknown value answers 200 with zero results',
    feature: 'filter',
    level: 'MUST',
    spec: [MATCHING, { source: 'Entra', topic: 'no match is 200 with totalResults 0, never 404', evidence: 'C' }],
    requires: ['users', 'filter'],
    mutates: true,
    fix: 'A filter that matches nothing is not an error: answer 200 with {"totalResults":0,"Resources":[]}.',
    covers: ['Validator: Filter a non-existing User'],
    variants: perMatchingAttribute,
    async run(ctx, attribute) {
      // With a user present, a server that ignores the filter cannot pass by accident on an empty tenant.
      await createTwo(ctx, attribute);
      const exchange = await ctx.client.get('/Users', { filter: eqFilter(attribute.path, ctx.values.missingValue(attribute)) });
      const list = expectListResponse(ctx, exchange, '200 with an empty ListResponse');
      if (list.totalResults !== 0 || list.resources.length)
        ctx.fail({ expected: 'totalResults 0', got: `totalResults ${list.totalResults}, ${list.resources.length} resources`, exchange });
    },
  }),
  defineCheck<AttributeMapping>({
    id: 'users.filter.eq-case-insensitive',
    title: 'A filter eq in a different letter case finds the user when the attribute is not case-exact',
    feature: 'filter',
    level: 'MUST',
    spec: [
      { source: 'RFC7643', section: '2.2', evidence: 'R' },
      EQ,
      { source: 'Entra', topic: 'SCIM Validator: filter in a different case', evidence: 'S' },
    ],
    requires: ['users', 'filter'],
    mutates: true,
    fix: 'Compare values of attributes with caseExact false (userName, emails) case-insensitively in filters: userName eq "ADA@EXAMPLE.COM" must find ada@example.com.',
    covers: ['Validator: Filter an existing User in a different case'],
    variants: (profile) => perMatchingAttribute(profile).filter((v) => v.value.caseExact === false && hasLetterCase(v.value)),
    async run(ctx, attribute) {
      const { id, value } = await createTwo(ctx, attribute);
      const exchange = await ctx.client.get('/Users', { filter: eqFilter(attribute.path, swapCase(value)) });
      const list = expectListResponse(ctx, exchange, '200 with a ListResponse');
      expectExactlyOne(ctx, list, id, exchange, 'the user (found despite the different case)');
    },
  }),
  defineCheck({
    id: 'users.filter.invalid-syntax',
    title: 'A filter with bad syntax answers 400 with scimType invalidFilter',
    feature: 'filter',
    level: 'SHOULD',
    spec: [EQ, { source: 'RFC7644', section: '3.12', evidence: 'R' }],
    requires: ['users', 'filter'],
    mutates: false,
    fix: 'Reject a filter you cannot parse with 400 and a SCIM Error whose scimType is "invalidFilter", rather than a 500 or an empty result.',
    async run(ctx) {
      const exchange = await ctx.client.get('/Users', { filter: 'userName eq' });
      const body = ctx.expectStatus(exchange, [400], '400 Bad Request');
      const scimType = (body as { scimType?: unknown } | undefined)?.scimType;
      if (scimType !== 'invalidFilter')
        ctx.fail({
          expected: 'scimType "invalidFilter"',
          got: scimType === undefined ? 'no scimType' : JSON.stringify(scimType),
          exchange,
        });
    },
  }),
];
