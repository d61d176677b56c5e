import { type CheckContext, defineCheck, type Exchange, NotApplicable, type Variant } from '../../src/kit/index.ts';

interface Read {
  endpoint: 'Users' | 'Groups';
  count: number;
}

const reads = (): Variant<Read>[] => [
  {
    key: 'users',
    title: 'GET /Users?startIndex=1&count=2',
    value: { endpoint: 'Users', count: 2 },
    covers: ['Okta SPEC: Read a page of users (startIndex, count)'],
  },
  {
    key: 'groups',
    title: 'GET /Groups?startIndex=1&count=100',
    value: { endpoint: 'Groups', count: 100 },
    covers: ['Okta SPEC: Read a page of groups (startIndex, count)'],
  },
];

/** Fails unless the page carries startIndex, itemsPerPage and totalResults as JSON numbers, and honours count. */
function expectPage(ctx: CheckContext, exchange: Exchange, count: number) {
  const list = ctx.expect.listResponse(exchange, '200 with a ListResponse');
  const notNumbers = (['totalResults', 'startIndex', 'itemsPerPage'] as const).filter((k) => typeof list.body[k] !== 'number');
  if (notNumbers.length) {
    ctx.fail({
      expected: 'totalResults, startIndex and itemsPerPage, each a JSON number, on a page asked for with startIndex and count',
      got: notNumbers.map((k) => `${k} ${list.body[k] === undefined ? 'missing' : JSON.stringify(list.body[k])}`).join(', '),
      exchange,
      fix: 'Give every paged list startIndex and itemsPerPage besides totalResults (RFC 7644 §3.4.2.4), as integers: Okta reads them to page.',
    });
  }
  if (list.body.startIndex !== 1 || list.resources.length > count || list.body.itemsPerPage !== list.resources.length) {
    ctx.fail({
      expected: `startIndex 1, at most ${count} resources, itemsPerPage their number`,
      got: `startIndex ${JSON.stringify(list.body.startIndex)}, ${list.resources.length} resources, itemsPerPage ${JSON.stringify(list.body.itemsPerPage)}`,
      exchange,
    });
  }
}

// Okta's connection check when provisioning is saved: two fixed reads, a page of users and a page of groups.
export default defineCheck<Read>({
  id: 'connection.okta-test-connection',
  title: "Okta's connection check: a first page of users and of groups answers 200 with a paged ListResponse",
  feature: 'test connection',
  level: 'MUST',
  evidence: ['okta.test-connection', 'okta.spec-test.lists', 'rfc7644.3.4.2.4.pagination'],
  mutates: false,
  clients: ['okta'],
  phase: 'first',
  chain: 1,
  fix: 'Answer GET /Users?startIndex=1&count=2 and GET /Groups?startIndex=1&count=100 with 200 and a ListResponse holding totalResults, startIndex and itemsPerPage as numbers, and no more resources than count.',
  variants: reads,
  async run(ctx, { endpoint, count }) {
    // Okta reads /Groups only to push groups.
    if (endpoint === 'Groups' && !(ctx.profile.groups && ctx.profile.groups.enabled !== false))
      throw new NotApplicable('the profile provisions no groups, and Okta reads /Groups only to push groups');
    const exchange = await ctx.client.get(`/${endpoint}`, { startIndex: '1', count: String(count) });
    if (exchange.status === 401 || exchange.status === 403) {
      ctx.fail({
        expected: '200 with a ListResponse',
        got: `${exchange.status}: the target refused the credentials`,
        exchange,
        fix: 'Check SCIM_TOKEN and SCIM_AUTH: the suite sends the token as "Authorization: Bearer <token>", the way Okta sends an HTTP header token.',
      });
    }
    expectPage(ctx, exchange, count);
  },
});
