import { defineCheck, property } from '../../src/kit/index.ts';

export default [
  defineCheck({
    id: 'discovery.entra-capabilities',
    title: 'The ServiceProviderConfig declares PATCH and filter supported, which Entra needs',
    feature: 'service provider config',
    level: 'SHOULD',
    evidence: ['rfc7643.5.service-provider-config', 'entra.needs-patch-and-filter'],
    mutates: false,
    fix: 'Declare "patch": {"supported": true} and "filter": {"supported": true, "maxResults": ...}: Entra cannot provision without them, and the suite tests them whatever the declaration says.',
    async run(ctx) {
      const exchange = await ctx.client.get('/ServiceProviderConfig');
      const body = ctx.expect.status(exchange, [200], '200 with the ServiceProviderConfig');
      const supported = (feature: string) => property(property(body, feature), 'supported');
      const missing = ['patch', 'filter'].filter((f) => supported(f) !== true);
      if (missing.length)
        ctx.fail({
          expected: 'patch.supported and filter.supported true',
          got: missing.map((f) => `${f}.supported ${JSON.stringify(supported(f))}`).join(', '),
          exchange,
        });
    },
  }),
];
