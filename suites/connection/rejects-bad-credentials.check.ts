import { randomUUID } from 'node:crypto';
import { defineCheck, type Variant, matchingAttribute, eqFilter } from '../../src/kit/index.ts';

type Probe = 'omit' | 'wrong';

const probes = (): Variant<Probe>[] => [
  { key: 'missing', title: 'no credentials', value: 'omit' },
  { key: 'wrong', title: 'wrong credentials', value: 'wrong' },
];

export default defineCheck<Probe>({
  id: 'connection.rejects-bad-credentials',
  title: 'A request with missing or wrong credentials is refused with 401 (or 403)',
  feature: 'authentication',
  // An endpoint that answers without valid credentials hands its directory to anyone with the URL, and Microsoft's
  // gallery requires the app's authentication to be validated: that is a failure, not a warning.
  level: 'MUST',
  evidence: ['rfc7644.2.authentication', 'rfc7644.3.12.errors', 'entra.gallery.authentication-validated', 'okta.authentication'],
  requires: ['authentication'],
  mutates: false,
  // A request without (or with wrong) credentials is the same whoever's client it imitates.
  clients: ['entra', 'okta'],
  fix: 'Authenticate every SCIM request and answer 401 (with a SCIM Error) when the credentials are missing or wrong: an endpoint that answers without them exposes your users to anyone who finds the URL.',
  variants: probes,
  async run(ctx, probe) {
    const attribute = matchingAttribute(ctx.profile);
    const exchange = await ctx.client.getWith(probe, '/Users', { filter: eqFilter(attribute.path, randomUUID()) });
    // 403 is also an honest refusal; what must not happen is an answer with data.
    ctx.expect.status(
      exchange,
      [401, 403],
      '401 Unauthorized',
      exchange.status === 200
        ? 'The endpoint answered without valid credentials: require the secret token (or your configured authentication) on every request.'
        : undefined,
    );
  },
});
