import { defineCheck } from '../../src/kit/index.ts';

export default [
  defineCheck({
    id: 'discovery.entra-capabilities',
    title: 'The ServiceProviderConfig declares PATCH and filter supported, which Entra needs',
    feature: 'service provider config',
    level: 'SHOULD',
    spec: [
      { source: 'RFC7643', section: '5', evidence: 'R' },
      { source: 'Entra', topic: 'Entra updates with PATCH and matches with filters', evidence: 'C' },
    ],
    mutates: false,
    fix: 'Declare "patch": {"supported": true} and "filter": {"supported": true, "maxResults": ...}: Entra cannot provision without them, and the suite tests them whatever the declaration says.',
    async run(ctx) {
      const exchange = await ctx.client.get('/ServiceProviderConfig');
      const body = ctx.expectStatus(exchange, [200], '200 with the ServiceProviderConfig') as Record<
        string,
        { supported?: unknown } | undefined
      >;
      const missing = (['patch', 'filter'] as const).filter((f) => body?.[f]?.supported !== true);
      if (missing.length)
        ctx.fail({
          expected: 'patch.supported and filter.supported true',
          got: missing.map((f) => `${f}.supported ${JSON.stringify(body?.[f]?.supported)}`).join(', '),
          exchange,
        });
    },
  }),
];
