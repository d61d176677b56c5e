import { type AttributeMapping, defineCheck, pathKey, type CheckContext, filterAttributes, property } from '../../src/kit/index.ts';
import { filterChecks } from '../shared/filter-checks.ts';

const perMatchingAttribute = (profile: { users: { attributes: AttributeMapping[] } }) =>
  filterAttributes(profile.users).map((attribute) => ({ key: pathKey(attribute.path), title: attribute.path, value: attribute }));

/** The user to find, and a second one so that a server ignoring the filter cannot pass. */
async function createTwo(ctx: CheckContext, attribute: AttributeMapping) {
  const target = await ctx.require.user();
  await ctx.require.user();
  const value = target.draft.values.get(attribute.path);
  if (typeof value !== 'string') return ctx.precondition({ expected: `a string value for ${attribute.path}`, got: JSON.stringify(value) });
  return { id: target.id, value };
}

export default [
  ...filterChecks({
    endpoint: 'Users',
    noun: 'user',
    variants: perMatchingAttribute,
    found: createTwo,
    // With a user present, a server that ignores the filter cannot pass by accident on an empty tenant.
    present: createTwo,
    hit: {
      title: 'A filter eq on a matching attribute returns exactly that user',
      level: 'MUST',
      evidence: ['rfc7644.3.4.2.2.filter', 'entra.matching.filter'],
      fix: 'Support filter=<attribute> eq "<value>" on every matching attribute, and return only the resources that match.',
      covers: ['Validator: Filter an existing User'],
    },
    miss: {
      title: 'A filter eq on a matching attribute with an unknown value answers 200 with zero results',
      level: 'MUST',
      evidence: ['entra.matching.filter', 'entra.matching.no-match'],
      fix: 'A filter that matches nothing is not an error: answer 200 with {"totalResults":0,"Resources":[]}.',
      covers: ['Validator: Filter a non-existing User'],
    },
    caseInsensitive: {
      title: 'A filter eq in a different letter case finds the user when the attribute is not case-exact',
      level: 'MUST',
      evidence: ['rfc7643.2.2.case-exact', 'rfc7644.3.4.2.2.filter', 'entra.validator.filter-case'],
      fix: 'Compare values of attributes with caseExact false (userName, emails) case-insensitively in filters: userName eq "ADA@EXAMPLE.COM" must find ada@example.com.',
      covers: ['Validator: Filter an existing User in a different case'],
    },
  }),
  defineCheck({
    id: 'users.filter.invalid-syntax',
    title: 'A filter with bad syntax answers 400 with scimType invalidFilter',
    feature: 'filter',
    level: 'SHOULD',
    evidence: ['rfc7644.3.4.2.2.filter', 'rfc7644.3.12.errors'],
    requires: ['filter'],
    mutates: false,
    fix: 'Reject a filter you cannot parse with 400 and a SCIM Error whose scimType is "invalidFilter", rather than a 500 or an empty result.',
    async run(ctx) {
      const exchange = await ctx.client.get('/Users', { filter: 'userName eq' });
      const scimType = property(ctx.expect.status(exchange, [400], '400 Bad Request'), 'scimType');
      if (scimType !== 'invalidFilter')
        ctx.fail({
          expected: 'scimType "invalidFilter"',
          got: scimType === undefined ? 'no scimType' : JSON.stringify(scimType),
          exchange,
        });
    },
  }),
];
