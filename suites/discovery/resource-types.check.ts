import { defineCheck } from '../../src/kit/index.ts';
import { USER, GROUP, groupsProvisioned, fetchList, listedIds, segment, expectEachById } from '../shared/discovery.ts';

export default [
  defineCheck({
    id: 'discovery.resource-types',
    title: 'GET /ResourceTypes lists valid resource types for User (and Group when groups are provisioned)',
    feature: 'resource types',
    level: 'SHOULD',
    evidence: ['rfc7643.6.resource-type', 'rfc7644.4.discovery', 'okta.entitlements'],
    mutates: false,
    // The same GET /ResourceTypes for both: Okta reads it first when it discovers entitlements and schema extensions.
    clients: ['entra', 'okta'],
    fix: 'Serve /ResourceTypes as a ListResponse with one ResourceType per endpoint (name, endpoint, schema, schemaExtensions).',
    async run(ctx) {
      const { exchange, resources } = await fetchList(ctx, '/ResourceTypes');
      for (const [i, type] of resources.entries()) ctx.expect.schema('ResourceType', type, exchange, `Resources[${i}]`);
      const schemas = resources.map((r) => String(r.schema).toLowerCase());
      const wanted = [USER, ...(groupsProvisioned(ctx) ? [GROUP] : [])].filter((s) => !schemas.includes(s.toLowerCase()));
      if (wanted.length)
        ctx.fail({ expected: `resource types for ${wanted.join(' and ')}`, got: `schemas ${JSON.stringify(schemas)}`, exchange });
    },
  }),
  defineCheck({
    id: 'discovery.resource-types.by-id',
    title: 'GET /ResourceTypes/{id} answers that one resource type for each id /ResourceTypes lists',
    feature: 'resource types',
    level: 'SHOULD',
    evidence: ['rfc7644.4.discovery', 'rfc7643.6.resource-type'],
    mutates: false,
    chain: 3,
    fix: 'Serve GET /ResourceTypes/{id} with that single ResourceType (its id, name, endpoint, schema), not a ListResponse, for every id /ResourceTypes lists.',
    async run(ctx) {
      const { resources } = await fetchList(ctx, '/ResourceTypes');
      const ids = listedIds(resources);
      if (!ids.length) return ctx.note('No resource type carries an id (RFC 7643 §6 makes it optional): there is nothing to read by id.');
      await expectEachById(ctx, 'ResourceTypes', ids, 'resource type');
    },
  }),
  defineCheck({
    id: 'discovery.resource-types.unknown-id',
    title: 'GET /ResourceTypes/{id} of an unknown id answers 404',
    feature: 'resource types',
    level: 'SHOULD',
    evidence: ['rfc7644.3.12.errors', 'rfc7644.4.discovery'],
    mutates: false,
    chain: 1,
    fix: 'Answer 404 with a SCIM Error to GET /ResourceTypes/{id} when no resource type has that id, not 200 with an empty list or another resource type.',
    async run(ctx) {
      const id = `${ctx.values.prefix}-no-such-resource-type`;
      const exchange = await ctx.client.get(`/ResourceTypes/${segment(id)}`);
      ctx.expect.status(
        exchange,
        [404],
        `404 for the resource type id ${id}, which the target does not have (RFC 7644 §3.12: the resource does not exist)`,
      );
    },
  }),
];
