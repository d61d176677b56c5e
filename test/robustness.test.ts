// A broken target gets clear failing checks, never a crash or a stack trace, and the run always ends.
import { readFile, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from '../reference/server.ts';
import { readSummary, runCli, tempDir } from './support/cli.ts';

const TOKEN = 'robustness-token-31f0';
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function reportDir() {
  const dir = await tempDir();
  dirs.push(dir);
  return dir;
}

function noStackTrace(text: string) {
  expect(text).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
}

describe('a broken or difficult target', () => {
  it('that throttles every few requests (429 with Retry-After, 503 without) still gets the correct verdict', async () => {
    const server = await startReferenceServer({ auth: { mode: 'bearer', token: TOKEN }, faults: ['rate-limited'] });
    const dir = await reportDir();
    try {
      const result = await runCli(['--base-url', server.baseUrl, '--report-dir', dir], { env: { SCIM_TOKEN: TOKEN } });
      const summary = await readSummary(dir);
      expect(summary.checks.filter((c) => c.status !== 'passed').map((c) => c.id)).toEqual([]);
      expect(result.code).toBe(0);
      const results = (await readdir(join(dir, 'allure-results'))).filter((f) => f.endsWith('-result.json'));
      const texts = await Promise.all(results.map((f) => readFile(join(dir, 'allure-results', f), 'utf8')));
      expect(texts.some((t) => /after 429 and a retry/.test(t))).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('that hangs fails the affected checks with "no response in N ms", and the run ends', async () => {
    const server = await startReferenceServer({ auth: { mode: 'bearer', token: TOKEN }, latencyMs: 3_000 });
    const dir = await reportDir();
    const started = Date.now();
    try {
      const result = await runCli(['--base-url', server.baseUrl, '--report-dir', dir, '--timeout', '300', '--only', 'connection.test-connection'], { env: { SCIM_TOKEN: TOKEN } });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/Got: +no response in 300 ms/);
      expect(Date.now() - started).toBeLessThan(20_000);
      noStackTrace(result.stdout + result.stderr);
    } finally {
      await server.close();
    }
  });

  it('addressed without its SCIM root gets a Test Connection failure that names the right Tenant URL', async () => {
    const server = await startReferenceServer({ auth: { mode: 'bearer', token: TOKEN } });
    const dir = await reportDir();
    try {
      const origin = new URL(server.baseUrl).origin;
      const result = await runCli(['--base-url', origin, '--report-dir', dir, '--only', 'connection.test-connection'], { env: { SCIM_TOKEN: TOKEN } });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`Set SCIM_BASE_URL=${origin}/scim/v2`);
    } finally {
      await server.close();
    }
  });

  it('with a self-signed certificate fails with a TLS message and the fix; --ca trusts it; --insecure warns loudly', async () => {
    const fixtures = join(import.meta.dirname, 'fixtures', 'tls');
    const cert = await readFile(join(fixtures, 'cert.pem'), 'utf8');
    const { createServer: createHttpsServer } = await import('node:https');
    const server = createHttpsServer({ cert, key: await readFile(join(fixtures, 'key.pem'), 'utf8') }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/scim+json' });
      res.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const dir = await reportDir();
    try {
      const { port } = server.address() as { port: number };
      const args = ['--base-url', `https://127.0.0.1:${port}/scim/v2`, '--report-dir', dir, '--only', 'connection.test-connection'];
      const refused = await runCli(args, { env: { SCIM_TOKEN: TOKEN } });
      expect(refused.code).toBe(1);
      expect(refused.stdout).toMatch(/TLS failure \(DEPTH_ZERO_SELF_SIGNED_CERT\): .*pass --ca/);
      noStackTrace(refused.stdout + refused.stderr);
      const trusted = await runCli([...args, '--ca', join(fixtures, 'cert.pem')], { env: { SCIM_TOKEN: TOKEN } });
      expect(trusted.code, trusted.stdout).toBe(0);
      const insecure = await runCli([...args, '--insecure'], { env: { SCIM_TOKEN: TOKEN } });
      expect(insecure.code).toBe(0);
      expect(insecure.stdout).toMatch(/INSECURE: TLS certificates are NOT verified/);
      const missing = await runCli([...args, '--ca', join(fixtures, 'nope.pem')], { env: { SCIM_TOKEN: TOKEN } });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/SCIM_CA_FILE \/ --ca: .*nope\.pem does not exist/);
    } finally {
      server.close();
    }
  });

  it('that redirects elsewhere is reported with where it pointed, and the redirect is not followed with the token', async () => {
    let elsewhereHits = 0;
    const elsewhere: Server = createServer((_req, res) => {
      elsewhereHits += 1;
      res.end('{}');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    const other = `http://127.0.0.1:${(elsewhere.address() as { port: number }).port}/scim/v2/Users`;
    const redirecting: Server = createServer((_req, res) => {
      res.writeHead(302, { location: other });
      res.end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    const dir = await reportDir();
    try {
      const { port } = redirecting.address() as { port: number };
      const result = await runCli(['--base-url', `http://127.0.0.1:${port}/scim/v2`, '--report-dir', dir, '--only', 'connection.test-connection'], { env: { SCIM_TOKEN: TOKEN } });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`redirected to ${other} (not followed`);
      expect(elsewhereHits).toBe(0);
    } finally {
      redirecting.close();
      elsewhere.close();
    }
  });

  it.each([
    ['resets the connection', (_req: unknown, res: { socket: { destroy(): void } | null }) => res.socket?.destroy(), /connection reset by the target/],
    ['answers malformed JSON', (_req: unknown, res: { writeHead(s: number, h: object): void; end(b: string): void }) => {
      res.writeHead(200, { 'content-type': 'application/scim+json' });
      res.end('{"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": ');
    }, /Response: 200 \(application\/scim\+json\)[\s\S]*"totalResults": /],
    ['answers a body over the size cap', (_req: unknown, res: { writeHead(s: number, h: object): void; end(b: string): void }) => {
      res.writeHead(200, { 'content-type': 'application/scim+json' });
      res.end(`{"padding": "${'x'.repeat(6_000_000)}"}`);
    }, /body cut at 5000000 bytes/],
  ] as const)('that %s fails the check with what happened, and no stack trace', async (_name, handler, message) => {
    const server: Server = createServer(handler as never);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const dir = await reportDir();
    try {
      const { port } = server.address() as { port: number };
      const result = await runCli(['--base-url', `http://127.0.0.1:${port}/scim/v2`, '--report-dir', dir, '--only', 'connection.test-connection'], { env: { SCIM_TOKEN: TOKEN } });
      expect(result.code).toBe(1);
      expect(result.stdout + (await readFile(join(dir, 'summary.json'), 'utf8'))).toMatch(message);
      noStackTrace(result.stdout + result.stderr);
    } finally {
      server.close();
    }
  });

  it('that is unreachable fails with "connection refused" and no stack trace', async () => {
    const dir = await reportDir();
    const result = await runCli(['--base-url', 'http://127.0.0.1:9/scim/v2', '--report-dir', dir, '--only', 'connection.test-connection'], { env: { SCIM_TOKEN: TOKEN } });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/connection refused/);
    noStackTrace(result.stdout + result.stderr);
  });

  it('that answers an HTML login page where JSON is due fails the check with what came back', async () => {
    const page = '<!doctype html><html><head><title>Sign in</title></head><body><form action="/login"></form></body></html>';
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(page);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const dir = await reportDir();
    try {
      const { port } = server.address() as { port: number };
      const result = await runCli(['--base-url', `http://127.0.0.1:${port}/scim/v2`, '--report-dir', dir, '--only', 'connection.test-connection'], { env: { SCIM_TOKEN: TOKEN } });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/Response: 200 \(text\/html\)/);
      expect(result.stdout).toMatch(/Sign in/);
      noStackTrace(result.stdout + result.stderr);
    } finally {
      server.close();
    }
  });
});
