// Chapter 4 of the interoperability profile (draft-zollner-scim-interop-profile-01): how a server states conformance.
// Whether the claim matches the verdicts of the other checks is the run's comparison (summary.json, standards.interop).
import { property } from '../../src/kit/index.ts';
import { interopCheck } from '../shared/interop.ts';

export default [
  interopCheck({
    id: 'interop.4.claim-boolean',
    title: 'The ServiceProviderConfig states interopProfileConformant, if at all, as a JSON boolean',
    feature: 'service provider config',
    level: 'MUST',
    evidence: ['interop.4.claim'],
    mutates: false,
    chain: 1,
    fix: 'Say "interopProfileConformant": true in /ServiceProviderConfig when the service meets the profile, false or nothing otherwise; never a string or any other type.',
    async run(ctx) {
      const exchange = await ctx.client.get('/ServiceProviderConfig');
      const body = ctx.expect.status(exchange, [200], '200 with the ServiceProviderConfig');
      const claim = property(body, 'interopProfileConformant');
      if (claim !== undefined && typeof claim !== 'boolean')
        ctx.fail({
          expected: 'interopProfileConformant absent, true or false (a single boolean, readOnly)',
          got: `interopProfileConformant ${JSON.stringify(claim)} (${claim === null ? 'null' : typeof claim})`,
          exchange,
        });
    },
  }),
];
