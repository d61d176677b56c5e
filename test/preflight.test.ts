// The first probe's verdicts that a loopback test cannot stage (a resolver is not to be asked from tests): the
// wording of each problem and its fix, from the exchange the client would hand back.
import { describe, expect, it } from 'vitest';
import type { Exchange, ScimClient } from '../src/http/client.ts';
import { loadProfile } from '../src/profiles/load-profile.ts';
import { describeProblem, preflight } from '../src/runner/preflight.ts';

const { profile } = loadProfile('entra');

function answering(partial: Partial<Exchange>): ScimClient {
  const exchange: Exchange = {
    method: 'GET',
    url: 'https://app.example.com/scim/v2/Users?filter=userName+eq+%22x%22',
    requestHeaders: {},
    responseHeaders: {},
    responseText: '',
    durationMs: 3,
    ...partial,
  };
  return { get: async () => exchange } as unknown as ScimClient;
}

describe('the first probe', () => {
  it.each([
    [
      'a host name that does not resolve',
      { error: 'host name not found (DNS)', noAnswer: 'x' },
      /the host name is not found \(DNS\)/,
      /Check the host and port of SCIM_BASE_URL/,
    ],
    [
      'an endpoint that never answers',
      { error: 'no response in 30000 ms', noAnswer: 'x' },
      /no response in 30000 ms, on every attempt/,
      /firewall, allow-list of source IPs/,
    ],
    [
      'a certificate it does not trust',
      { error: 'TLS failure (CERT_HAS_EXPIRED): the certificate has expired; renew it', noAnswer: 'x' },
      /the TLS connection failed: .*expired/,
      /--ca/,
    ],
    [
      'a gateway in front of a dead endpoint',
      { status: 504, noAnswer: 'x' },
      /a gateway answered 504 to every attempt/,
      /behind its proxy or load balancer/,
    ],
    [
      'an endpoint that stays throttled',
      { status: 429, noAnswer: 'still throttled (429) after 5 attempts' },
      /answered 429 to every attempt/,
      /--rate/,
    ],
  ] as const)('%s: one problem and its fix', async (_name, partial, problem, fix) => {
    const found = await preflight(answering(partial), profile, { mode: 'bearer', token: 't' });
    expect(found?.problem).toMatch(problem);
    expect(found?.fix).toMatch(fix);
    const block = describeProblem('https://app.example.com/scim/v2', found!);
    expect(block.split('\n')).toHaveLength(5);
    expect(block).toContain('Sent: GET https://app.example.com/scim/v2/Users?filter=userName eq "x"');
  });

  it.each([
    ['200 with a ListResponse', { status: 200, json: { totalResults: 0 }, responseText: '{"totalResults":0}' }],
    [
      '400 with a SCIM Error (the checks judge it)',
      { status: 400, json: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'] }, responseText: '{}' },
    ],
    [
      '404 with a SCIM Error (a filter miss answered 404: Test Connection fails it)',
      { status: 404, json: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'] }, responseText: '{}' },
    ],
    ['500 (a server error is an answer)', { status: 500, json: {}, responseText: '{}' }],
  ] as const)('lets the checks judge %s', async (_name, partial) => {
    const client = answering(partial);
    // The 404 case tries the usual SCIM roots first; the fake answers them the same way.
    expect(await preflight(client, profile, { mode: 'bearer', token: 't' })).toBeUndefined();
  });
});
