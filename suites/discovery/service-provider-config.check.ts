import { defineCheck } from '../../src/kit/index.ts';

export default [
  defineCheck({
    id: 'discovery.service-provider-config',
    title: 'GET /ServiceProviderConfig answers a valid ServiceProviderConfig',
    feature: 'service provider config',
    level: 'SHOULD',
    evidence: ['rfc7643.5.service-provider-config', 'rfc7644.4.discovery'],
    mutates: false,
    fix: 'Serve /ServiceProviderConfig with the blocks RFC 7643 §5 requires (patch, bulk, filter, changePassword, sort, etag, authenticationSchemes); Entra does not read it, but other clients and validators do.',
    async run(ctx) {
      const exchange = await ctx.client.get('/ServiceProviderConfig');
      const body = ctx.expect.status(exchange, [200], '200 with the ServiceProviderConfig');
      ctx.expect.schema('ServiceProviderConfig', body, exchange, 'the ServiceProviderConfig');
    },
  }),
];
