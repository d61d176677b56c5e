import { defineCheck, NotApplicable, property } from '../../src/kit/index.ts';

/** The schemas Okta Identity Governance reads entitlements from (fact okta.entitlements). */
const OKTA_ENTITLEMENT_SCHEMAS = ['urn:okta:scim:schemas:core:1.0:Role', 'urn:okta:scim:schemas:core:1.0:Entitlement'].map((s) =>
  s.toLowerCase(),
);

// Okta's Entitlements test: only for a server whose /ResourceTypes lists roles or entitlements; every other server has
// nothing here to judge, and the check is skipped as not applicable.
export default defineCheck({
  id: 'discovery.okta-entitlements',
  title: "Each entitlement type /ResourceTypes lists (Okta's Role or Entitlement schema) serves its values as a ListResponse",
  feature: 'resource types',
  level: 'SHOULD',
  evidence: ['okta.entitlements', 'rfc7643.6.resource-type', 'rfc7644.3.4.2.list-response'],
  mutates: false,
  clients: ['okta'],
  chain: 2,
  covers: ['Okta Entitlements: Read the values of every entitlement type /ResourceTypes lists'],
  fix: 'Serve the endpoint of every resource type you list with a Role or Entitlement schema (e.g. GET /Roles) as a ListResponse of its values, each with an id and a displayName.',
  async run(ctx) {
    const types = await ctx.client.get('/ResourceTypes');
    const listed = property(types.json, 'Resources');
    if (types.status !== 200 || !Array.isArray(listed)) {
      throw new NotApplicable(
        `GET /ResourceTypes answered ${types.status} without a list (discovery.resource-types judges that), so it lists no entitlements`,
      );
    }
    const entitlements = listed.filter((t) => OKTA_ENTITLEMENT_SCHEMAS.includes(String(property(t, 'schema')).toLowerCase()));
    if (!entitlements.length) throw new NotApplicable("/ResourceTypes lists no resource type with Okta's Role or Entitlement schema");
    for (const type of entitlements) {
      const endpoint = String(property(type, 'endpoint') ?? '');
      const path = endpoint.startsWith('/') ? endpoint : `/${endpoint}`;
      const exchange = await ctx.client.get(path, { startIndex: '1', count: '100' });
      const list = ctx.expect.listResponse(
        exchange,
        `200 with a ListResponse of the values of ${String(property(type, 'name'))} (${path})`,
      );
      const unnamed = list.resources.filter((r) => typeof r.id !== 'string' || typeof property(r, 'displayName') !== 'string');
      if (unnamed.length) {
        ctx.fail({
          expected: `every value of ${path} with a string id and displayName (Okta shows them on the Governance tab)`,
          got: `${unnamed.length} of ${list.resources.length} without: ${JSON.stringify(unnamed[0]).slice(0, 200)}`,
          exchange,
        });
      }
    }
  },
});
