// OAuth client credentials end to end: the suite's token source against the reference server's token endpoint
// (one fetch shared by concurrent checks, refresh before expiry and after a 401, every credential style), clear
// one-line failures, and no secret or token in anything captured.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { type AuthConfig, type Exchange, OAuthError, ScimClient } from '../src/http/client.ts';
import { Redactor } from '../src/http/redactor.ts';
import { startReferenceServer, type OAuthAuthOptions, type ReferenceServer } from '../reference/server.ts';

const CLIENT_ID = 'scim suite';
// Characters that change under form encoding, so the Basic value and the body must both encode correctly.
const SECRET = 'S3cr+t/with=odd&chars:%41';
const WRONG_SECRET = 'not-the-right-secret-42';

const formEncode = (value: string) => new URLSearchParams([['', value]]).toString().slice(1);
const basicValue = (id: string, secret: string) => Buffer.from(`${formEncode(id)}:${formEncode(secret)}`).toString('base64');

interface Harness {
  server: ReferenceServer;
  client: ScimClient;
  exchanges: Exchange[];
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function startServer(auth: Partial<OAuthAuthOptions> = {}): Promise<ReferenceServer> {
  const server = await startReferenceServer({
    host: '127.0.0.1',
    auth: { mode: 'oauth', clientId: CLIENT_ID, clientSecret: SECRET, ...auth },
  });
  cleanups.push(() => server.close());
  return server;
}

function startClient(
  server: ReferenceServer,
  auth: Partial<Extract<AuthConfig, { mode: 'oauth' }>> = {},
): { client: ScimClient; exchanges: Exchange[] } {
  const client = new ScimClient({
    baseUrl: server.baseUrl,
    auth: { mode: 'oauth', tokenUrl: server.tokenUrl!, clientId: CLIENT_ID, clientSecret: SECRET, ...auth },
    timeoutMs: 5_000,
    redactor: new Redactor([]),
  });
  const exchanges: Exchange[] = [];
  client.onExchange((exchange) => exchanges.push(exchange));
  cleanups.push(() => client.close());
  return { client, exchanges };
}

async function harness(
  serverAuth: Partial<OAuthAuthOptions> = {},
  clientAuth: Partial<Extract<AuthConfig, { mode: 'oauth' }>> = {},
): Promise<Harness> {
  const server = await startServer(serverAuth);
  return { server, ...startClient(server, clientAuth) };
}

const isTokenRequest = (exchange: Exchange) => exchange.url.endsWith('/oauth2/token');

/** Every captured exchange (with its refused first attempt) and every error message, searched for each credential. */
function expectNothingLeaked(texts: Array<Exchange | string>, server: ReferenceServer, extraSecrets: string[] = []): void {
  const forbidden = [
    SECRET,
    formEncode(SECRET),
    basicValue(CLIENT_ID, SECRET),
    ...extraSecrets,
    ...extraSecrets.map((s) => basicValue(CLIENT_ID, s)),
    ...server.issuedTokens(),
  ];
  expect(server.issuedTokens().length + extraSecrets.length).toBeGreaterThan(0);
  for (const item of texts) {
    const text = typeof item === 'string' ? item : JSON.stringify(item);
    for (const secret of forbidden) expect(text.includes(secret), `captured text contains a credential: ${text.slice(0, 200)}`).toBe(false);
  }
}

async function rejection(promise: Promise<unknown>): Promise<OAuthError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OAuthError);
  return error as OAuthError;
}

describe('OAuth client credentials against the reference server', () => {
  it('fetches one token for many concurrent requests and sends it as a bearer token', async () => {
    const { server, client, exchanges } = await harness();
    const answers = await Promise.all(Array.from({ length: 12 }, () => client.get('/Users')));
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
    expect(server.tokenRequestCount()).toBe(1);
    expect(client.tokenRequestCount).toBe(1);

    const tokenExchanges = exchanges.filter(isTokenRequest);
    expect(tokenExchanges).toHaveLength(1);
    const [tokenExchange] = tokenExchanges;
    expect(tokenExchange).toMatchObject({
      method: 'POST',
      url: server.tokenUrl,
      status: 200,
      requestBody: 'grant_type=client_credentials',
    });
    expect(tokenExchange!.requestHeaders.authorization).toBe('Basic [redacted]');
    expect(tokenExchange!.json).toEqual({ access_token: '[redacted]', token_type: 'Bearer', expires_in: 3600 });
    expect(tokenExchange!.durationMs).toBeGreaterThanOrEqual(0);
    for (const answer of answers) expect(answer.requestHeaders.authorization).toBe('Bearer [redacted]');
    expectNothingLeaked(exchanges, server);
  });

  it('gets a new token when the target answers 401 and sends the request once more', async () => {
    const { server, client, exchanges } = await harness();
    expect((await client.get('/Users')).status).toBe(200);
    server.expireTokens();

    const retried = await client.get('/Users');
    expect(retried.status).toBe(200);
    expect(retried.refusedAttempt?.status).toBe(401);
    expect(server.tokenRequestCount()).toBe(2);
    expect(exchanges.map((e) => `${isTokenRequest(e) ? 'token' : 'scim'} ${e.status}`)).toEqual([
      'token 200',
      'scim 200',
      'scim 401',
      'token 200',
      'scim 200',
    ]);

    // Several requests refused at once share one new token.
    server.expireTokens();
    const together = await Promise.all(Array.from({ length: 6 }, () => client.get('/Users')));
    expect(together.map((a) => a.status)).toEqual(Array(6).fill(200));
    expect(server.tokenRequestCount()).toBe(3);
    expectNothingLeaked(exchanges, server);
  });

  it('retries a refused request only once', async () => {
    const server = await startServer();
    // A target that refuses every token, behind the reference token endpoint.
    // It echoes the Authorization header, so only a redactor that learnt each issued token keeps it out of the capture.
    const target = createServer((req, res) => {
      res.writeHead(401, {
        'Content-Type': 'application/scim+json',
        'WWW-Authenticate': 'Bearer error="invalid_token"',
        'X-Echo': req.headers.authorization ?? '',
      });
      res.end(
        JSON.stringify({
          schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
          status: '401',
          detail: `refused ${req.headers.authorization}`,
        }),
      );
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => target.close(() => resolve())));
    const client = new ScimClient({
      baseUrl: `http://127.0.0.1:${(target.address() as AddressInfo).port}/scim`,
      auth: { mode: 'oauth', tokenUrl: server.tokenUrl!, clientId: CLIENT_ID, clientSecret: SECRET },
      timeoutMs: 5_000,
      redactor: new Redactor([]),
    });
    cleanups.push(() => client.close());
    const exchanges: Exchange[] = [];
    client.onExchange((exchange) => exchanges.push(exchange));

    const refused = await client.get('/Users');
    expect(refused.status).toBe(401);
    expect(refused.refusedAttempt?.status).toBe(401);
    expect(exchanges.map((e) => `${isTokenRequest(e) ? 'token' : 'scim'} ${e.status}`)).toEqual([
      'token 200',
      'scim 401',
      'token 200',
      'scim 401',
    ]);
    expect(refused.json).toMatchObject({ detail: 'refused Bearer [redacted]' });
    expect(refused.responseHeaders['x-echo']).toBe('Bearer [redacted]');
    expectNothingLeaked(exchanges, server);
  });

  it('refreshes a short-lived token before it expires, without a 401', async () => {
    const { server, client, exchanges } = await harness({ tokenLifetimeSeconds: 2 });
    expect((await client.get('/Users')).status).toBe(200);
    expect(server.tokenRequestCount()).toBe(1);
    // With a 2 s lifetime the client refreshes after half of it.
    await delay(1_100);
    const later = await client.get('/Users');
    expect(later.status).toBe(200);
    expect(later.refusedAttempt).toBeUndefined();
    expect(server.tokenRequestCount()).toBe(2);
    expect(exchanges.some((e) => e.status === 401)).toBe(false);
    expectNothingLeaked(exchanges, server);
  });

  it.each([
    ['basic', true, false],
    ['post', false, true],
    ['both', true, true],
  ] as const)('sends the client credentials with credential style %s', async (style, inHeader, inBody) => {
    const { server, client, exchanges } = await harness({}, { credentialStyle: style, scope: 'scim.provision' });
    expect((await client.get('/Users')).status).toBe(200);
    const token = exchanges.find(isTokenRequest)!;
    expect(token.requestHeaders.authorization).toBe(inHeader ? 'Basic [redacted]' : undefined);
    const body = new URLSearchParams(token.requestBody);
    expect(body.get('grant_type')).toBe('client_credentials');
    expect(body.get('scope')).toBe('scim.provision');
    expect(body.get('client_id')).toBe(inBody ? CLIENT_ID : null);
    expect(body.get('client_secret')).toBe(inBody ? '[redacted]' : null);
    expectNothingLeaked(exchanges, server);
  });

  it('explains a token endpoint that wants the credentials somewhere else', async () => {
    const server = await startServer({ credentialStyle: 'post' });
    const basicOnly = startClient(server, { credentialStyle: 'basic' });
    const error = await rejection(basicOnly.client.authenticate());
    expect(error.message).not.toContain('\n');
    expect(error.message).toMatch(/401 invalid_client .*client_secret_post.*this run sent them in the Authorization header/);

    // The request that needed the token is recorded as not sent, and the refusal is not asked again for every check.
    const unsent = await basicOnly.client.get('/Users');
    expect(unsent.status).toBeUndefined();
    expect(unsent.error).toMatch(/^not sent, no access token: OAuth token request to .* failed: .*invalid_client/);
    await basicOnly.client.get('/Groups');
    expect(server.tokenRequestCount()).toBe(1);

    const both = startClient(server, { credentialStyle: 'both' });
    expect((await both.client.get('/Users')).status).toBe(200);

    const headerServer = await startServer({ credentialStyle: 'basic' });
    const postOnly = startClient(headerServer, { credentialStyle: 'post' });
    expect((await rejection(postOnly.client.authenticate())).message).toMatch(/invalid_client .*client_secret_basic/);
    expectNothingLeaked([...basicOnly.exchanges, ...both.exchanges, ...postOnly.exchanges, error.message, unsent.error!], server);
  });

  it('reports a wrong secret in one line with invalid_client and without the secret', async () => {
    const server = await startServer();
    const { client, exchanges } = startClient(server, { clientSecret: WRONG_SECRET });
    const error = await rejection(client.authenticate());
    expect(error.permanent).toBe(true);
    expect(error.message).not.toContain('\n');
    expect(error.message).toContain('invalid_client');
    expect(error.message).toContain('check the client id and secret');
    expect(error.message).not.toContain(WRONG_SECRET);
    expect(exchanges.filter(isTokenRequest).map((e) => e.status)).toEqual([401]);
    expectNothingLeaked([...exchanges, error.message], server, [WRONG_SECRET]);
  });

  it('keeps bearer, basic and none as they were', async () => {
    const server = await startReferenceServer({ host: '127.0.0.1', auth: { mode: 'bearer', token: 'plain-bearer-token' } });
    cleanups.push(() => server.close());
    const client = new ScimClient({
      baseUrl: server.baseUrl,
      auth: { mode: 'bearer', token: 'plain-bearer-token' },
      timeoutMs: 5_000,
      redactor: new Redactor(['plain-bearer-token']),
    });
    cleanups.push(() => client.close());
    await client.authenticate();
    const answer = await client.get('/Users');
    expect(answer.status).toBe(200);
    expect(answer.requestHeaders.authorization).toBe('Bearer [redacted]');
    expect(client.tokenRequestCount).toBe(0);
    expect(server.tokenUrl).toBeUndefined();
    expect(server.tokenRequestCount()).toBe(0);
  });
});

describe('reference token endpoint', () => {
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const post = (server: ReferenceServer, body: string, headers: Record<string, string> = {}) =>
    fetch(server.tokenUrl!, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body });
  const basic = { Authorization: `Basic ${basicValue(CLIENT_ID, SECRET)}` };

  it('issues bearer tokens by RFC 6749 section 4.4 and refuses everything else', async () => {
    const server = await startServer();
    expect(server.tokenUrl).toBe(server.baseUrl.replace('/scim/v2', '/oauth2/token'));

    const issued = await post(server, form({ grant_type: 'client_credentials' }), basic);
    expect(issued.status).toBe(200);
    expect(issued.headers.get('cache-control')).toBe('no-store');
    expect(issued.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await issued.json()) as Record<string, unknown>;
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600 });

    const scim = (token?: string) => fetch(`${server.baseUrl}/Users`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
    expect((await scim(body.access_token as string)).status).toBe(200);
    const missing = await scim();
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401' });
    const unknown = await scim('made-up-token');
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('www-authenticate')).toContain('error="invalid_token"');
    server.expireTokens();
    expect((await scim(body.access_token as string)).status).toBe(401);

    const wrongGrant = await post(server, form({ grant_type: 'password' }), basic);
    expect(wrongGrant.status).toBe(400);
    expect(await wrongGrant.json()).toMatchObject({ error: 'unsupported_grant_type' });
    const noGrant = await post(server, '', basic);
    expect([noGrant.status, ((await noGrant.json()) as { error: string }).error]).toEqual([400, 'invalid_request']);
    const wrongClient = await post(server, form({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: 'nope' }));
    expect(wrongClient.status).toBe(401);
    expect(wrongClient.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(await wrongClient.json()).toMatchObject({ error: 'invalid_client' });
    const noClient = await post(server, form({ grant_type: 'client_credentials' }));
    expect([noClient.status, ((await noClient.json()) as { error: string }).error]).toEqual([401, 'invalid_client']);
    const json = await fetch(server.tokenUrl!, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...basic },
      body: '{"grant_type":"client_credentials"}',
    });
    expect(json.status).toBe(400);
    const get = await fetch(server.tokenUrl!);
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    const twice = await post(server, 'grant_type=client_credentials&grant_type=client_credentials', basic);
    expect(twice.status).toBe(400);

    // Credentials sent both ways must agree; a Basic value without form encoding (as many clients send it) is taken.
    const disagreeing = await post(server, form({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: 'other' }), basic);
    expect(disagreeing.status).toBe(401);
    const unencoded = await post(server, form({ grant_type: 'client_credentials' }), {
      Authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${SECRET}`).toString('base64')}`,
    });
    expect(unencoded.status).toBe(200);
  });

  it('lets issued tokens expire after their lifetime and advertises bearer tokens', async () => {
    const server = await startServer({ tokenLifetimeSeconds: 1 });
    const { access_token: token, expires_in } = (await (await post(server, form({ grant_type: 'client_credentials' }), basic)).json()) as {
      access_token: string;
      expires_in: number;
    };
    expect(expires_in).toBe(1);
    const spc = await fetch(`${server.baseUrl}/ServiceProviderConfig`, { headers: { Authorization: `Bearer ${token}` } });
    expect(((await spc.json()) as { authenticationSchemes: Array<{ type: string }> }).authenticationSchemes[0]!.type).toBe(
      'oauthbearertoken',
    );
    await delay(1_050);
    expect((await fetch(`${server.baseUrl}/Users`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401);
  });

  it('rejects unusable oauth options when starting', async () => {
    await expect(
      startReferenceServer({ auth: { mode: 'oauth', clientId: 'a', clientSecret: 'b', tokenLifetimeSeconds: 0 } }),
    ).rejects.toThrow(/tokenLifetimeSeconds/);
    await expect(startReferenceServer({ auth: { mode: 'oauth', clientId: '', clientSecret: 'b' } })).rejects.toThrow(/clientId/);
  });
});

describe('token responses the client must not accept', () => {
  let fake: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (fake ? fake.close(() => resolve()) : resolve()));
    fake = undefined;
  });

  /** A token endpoint answering with a fixed status and body. */
  async function fakeTokenEndpoint(status: number, body: string, contentType = 'application/json'): Promise<string> {
    fake = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(status, { 'Content-Type': contentType });
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => fake!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(fake.address() as AddressInfo).port}/token`;
  }

  function clientFor(tokenUrl: string) {
    const client = new ScimClient({
      baseUrl: 'http://127.0.0.1:9/scim',
      auth: { mode: 'oauth', tokenUrl, clientId: CLIENT_ID, clientSecret: SECRET },
      timeoutMs: 2_000,
      redactor: new Redactor([]),
    });
    const exchanges: Exchange[] = [];
    client.onExchange((exchange) => exchanges.push(exchange));
    cleanups.push(() => client.close());
    return { client, exchanges };
  }

  it.each([
    ['HTML', 200, '<html>login</html>', 'text/html', /answered 200 \(text\/html\) without a JSON object/],
    ['no access_token', 200, '{"token_type":"Bearer"}', 'application/json', /without an access_token/],
    ['a MAC token', 200, '{"access_token":"abcd1234","token_type":"mac"}', 'application/json', /"mac" token, not a Bearer token/],
    ['no token_type', 200, '{"access_token":"abcd1234"}', 'application/json', /no token_type/],
    [
      'a 400 error',
      400,
      '{"error":"invalid_scope","error_description":"scope\\nnot allowed"}',
      'application/json',
      /answered 400 invalid_scope \("scope not allowed"\); the token endpoint wants a scope/,
    ],
    ['a 404 page', 404, 'Not Found', 'text/plain', /answered 404; nothing takes a token request at that address; check the token URL/],
  ])('fails clearly on %s', async (_name, status, body, type, message) => {
    const { client, exchanges } = clientFor(await fakeTokenEndpoint(status, body, type));
    const error = await rejection(client.authenticate());
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
    for (const text of [error.message, JSON.stringify(exchanges)]) {
      for (const secret of [SECRET, basicValue(CLIENT_ID, SECRET), 'abcd1234']) expect(text).not.toContain(secret);
    }
  });

  it('hides a token written with JSON escapes, and accepts expires_in as a string', async () => {
    const { client, exchanges } = clientFor(
      await fakeTokenEndpoint(200, '{"access_token":"tok\\/en-5678","token_type":"bearer","expires_in":"3600"}'),
    );
    await client.authenticate();
    const text = JSON.stringify(exchanges);
    expect(text).not.toContain('tok/en-5678');
    expect(text).not.toContain('tok\\\\/en-5678');
    expect(exchanges[0]!.json).toMatchObject({ access_token: '[redacted]', expires_in: '3600' });
    const scim = await client.get('/Users');
    expect(JSON.stringify(scim)).not.toContain('tok/en-5678');
  });

  it('names an unreachable token endpoint and tries again on the next request', async () => {
    const url = await fakeTokenEndpoint(200, '{}');
    await new Promise<void>((resolve) => fake!.close(() => resolve()));
    fake = undefined;
    const { client } = clientFor(url);
    const error = await rejection(client.authenticate());
    expect(error.message).toMatch(
      /^OAuth token request to http:\/\/127\.0\.0\.1:\d+\/token failed: token endpoint unreachable, connection refused .*check the token URL/,
    );
    expect(error.permanent).toBe(false);
    await rejection(client.authenticate());
    expect(client.tokenRequestCount).toBe(2);
  });
});
