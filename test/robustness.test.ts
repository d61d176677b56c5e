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

  // A target that cannot be judged at all: one block on stderr, first, naming the problem and the fix; no check runs.
  async function firstContact(baseUrl: string, extra: string[] = [], env: Record<string, string> = { SCIM_TOKEN: TOKEN }) {
    const dir = await reportDir();
    const started = Date.now();
    const result = await runCli(['--base-url', baseUrl, '--report-dir', dir, ...extra], { env });
    const elapsed = Date.now() - started;
    expect(result.code, result.stdout + result.stderr).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^scim-conformance: cannot test /);
    expect(lines.length, result.stderr).toBeLessThanOrEqual(6);
    expect(result.stdout.trim().split('\n').length, result.stdout).toBeLessThanOrEqual(3);
    expect(lines.at(-1)).toBe('No check ran (exit code 2).');
    noStackTrace(result.stdout + result.stderr);
    // Nothing was created, so nothing is reported as left behind; no summary claims a verdict.
    expect(await readdir(dir)).not.toContain('summary.json');
    return { ...result, elapsed, first: lines[0]!, fix: lines.find((l) => l.startsWith('  Fix:')) ?? '' };
  }

  async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
    const server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
  }

  it('that hangs: one block, "no response in N ms" on every attempt, within seconds', async () => {
    const server = await startReferenceServer({ auth: { mode: 'bearer', token: TOKEN }, latencyMs: 3_000 });
    try {
      const result = await firstContact(server.baseUrl, ['--timeout', '300']);
      expect(result.first).toMatch(/no response in 300 ms, on every attempt/);
      expect(result.elapsed).toBeLessThan(20_000);
    } finally {
      await server.close();
    }
  });

  it('addressed without its SCIM root: one block that names the right Tenant URL', async () => {
    const server = await startReferenceServer({ auth: { mode: 'bearer', token: TOKEN } });
    try {
      const origin = new URL(server.baseUrl).origin;
      for (const url of [origin, `${origin}/`]) {
        const result = await firstContact(url);
        expect(result.first).toContain(`${origin}/scim/v2/Users answers: the Tenant URL does not end at the SCIM root`);
        expect(result.fix).toContain(`Set SCIM_BASE_URL=${origin}/scim/v2`);
        // A Tenant URL at the host root, with or without its slash, never sends //Users.
        expect(result.stderr).toContain(`GET ${origin}/Users?filter=`);
      }
    } finally {
      await server.close();
    }
  });

  it('with a trailing slash or without, at a path or at the host root, sends the same requests', async () => {
    const seen: string[] = [];
    const { url, server } = await listen((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(404);
      res.end();
    });
    try {
      for (const base of [`${url}/scim/v2`, `${url}/scim/v2/`, url, `${url}/`]) {
        seen.length = 0;
        await firstContact(base);
        expect(
          seen.every((p) => !p.includes('//')),
          seen.join(' '),
        ).toBe(true);
        expect(seen[0]).toMatch(base.replace(url, '').replace(/\/$/, '') === '' ? /^\/Users\?filter=/ : /^\/scim\/v2\/Users\?filter=/);
      }
    } finally {
      server.close();
    }
  });

  it('with a self-signed certificate: one block with the TLS failure and the fix; --ca trusts it; --insecure warns loudly', async () => {
    const fixtures = join(import.meta.dirname, 'fixtures', 'tls');
    const cert = await readFile(join(fixtures, 'cert.pem'), 'utf8');
    const { createServer: createHttpsServer } = await import('node:https');
    const server = createHttpsServer({ cert, key: await readFile(join(fixtures, 'key.pem'), 'utf8') }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/scim+json' });
      res.end(
        JSON.stringify({
          schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
          totalResults: 0,
          startIndex: 1,
          itemsPerPage: 0,
          Resources: [],
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const base = `https://127.0.0.1:${port}/scim/v2`;
      const args = ['--only', 'connection.test-connection'];
      const refused = await firstContact(base, args);
      expect(refused.first).toMatch(/TLS failure \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
      expect(refused.fix).toMatch(/--ca/);
      // A certificate does not become trusted by asking again.
      expect(refused.stderr).toContain('one attempt');
      const dir = await reportDir();
      const trusted = await runCli(['--base-url', base, '--report-dir', dir, ...args, '--ca', join(fixtures, 'cert.pem')], {
        env: { SCIM_TOKEN: TOKEN },
      });
      expect(trusted.code, trusted.stdout).toBe(0);
      const insecure = await runCli(['--base-url', base, '--report-dir', dir, ...args, '--insecure'], { env: { SCIM_TOKEN: TOKEN } });
      expect(insecure.code).toBe(0);
      expect(insecure.stdout).toMatch(/INSECURE: TLS certificates are NOT verified/);
      const missing = await runCli(['--base-url', base, '--report-dir', dir, ...args, '--ca', join(fixtures, 'nope.pem')], {
        env: { SCIM_TOKEN: TOKEN },
      });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/SCIM_CA_FILE \/ --ca: .*nope\.pem does not exist/);
    } finally {
      server.close();
    }
  });

  it('that redirects elsewhere: one block with where it pointed, and the redirect is not followed with the token', async () => {
    let elsewhereHits = 0;
    const elsewhere = await listen((_req, res) => {
      elsewhereHits += 1;
      res.end('{}');
    });
    const other = `${elsewhere.url}/scim/v2/Users`;
    const redirecting = await listen((_req, res) => {
      res.writeHead(302, { location: other });
      res.end();
    });
    try {
      const result = await firstContact(`${redirecting.url}/scim/v2`);
      expect(result.first).toContain(`the Tenant URL redirects (302 to ${other})`);
      expect(result.fix).toContain(`Set SCIM_BASE_URL to the URL it redirects to, without /Users: ${elsewhere.url}/scim/v2`);
      expect(elsewhereHits).toBe(0);
    } finally {
      redirecting.server.close();
      elsewhere.server.close();
    }
  });

  it('that is unreachable: one block, "nothing listens", within seconds; the load command says the same', async () => {
    const result = await firstContact('http://127.0.0.1:9/scim/v2');
    expect(result.first).toMatch(/nothing listens at that host and port \(connection refused\)/);
    expect(result.elapsed).toBeLessThan(15_000);
    const dir = await reportDir();
    const load = await runCli(['load', '--base-url', 'http://127.0.0.1:9/scim/v2', '--report-dir', dir], { env: { SCIM_TOKEN: TOKEN } });
    expect(load.code, load.stdout + load.stderr).toBe(2);
    expect(load.stderr).toMatch(/^scim-conformance: cannot test http:\/\/127\.0\.0\.1:9\/scim\/v2: nothing listens/);
    expect(load.stderr.trim().split('\n').at(-1)).toBe('Nothing was sent for the load (exit code 2).');
  });

  it.each([
    ['bearer', { SCIM_TOKEN: 'wrong-token' }, /the endpoint refused the secret token \(401\)/, /Check SCIM_TOKEN/],
    ['none', { SCIM_AUTH: 'none' }, /answered 401 to a request without credentials: it requires authentication/, /Set SCIM_TOKEN/],
  ] as const)('that refuses the credentials (auth %s): one block naming them', async (_mode, env, first, fix) => {
    const server = await startReferenceServer({ auth: { mode: 'bearer', token: TOKEN } });
    try {
      const result = await firstContact(server.baseUrl, [], { ...env });
      expect(result.first).toMatch(first);
      expect(result.fix).toMatch(fix);
      expect(result.stdout + result.stderr).not.toContain(TOKEN);
    } finally {
      await server.close();
    }
  });

  it.each([
    [
      'an HTML login page',
      'text/html',
      '<!doctype html><html><head><title>Sign in</title></head><body><form action="/login"></form></body></html>',
      /with an HTML page \("Sign in"\): this is not a SCIM endpoint/,
    ],
    ['plain text', 'text/plain', 'It works!', /with text\/plain that is not JSON: this is not a SCIM endpoint/],
  ] as const)('that answers %s at the SCIM root: one block, not a SCIM endpoint', async (_name, type, body, first) => {
    const { url, server } = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    });
    try {
      const result = await firstContact(`${url}/scim/v2`);
      expect(result.first).toMatch(first);
    } finally {
      server.close();
    }
  });

  it('behind a gateway whose endpoint is down: one block naming the gateway', async () => {
    const { url, server } = await listen((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body>Bad Gateway</body></html>');
    });
    try {
      const result = await firstContact(`${url}/scim/v2`);
      expect(result.first).toMatch(/a gateway answered 502 to every attempt/);
      expect(result.stderr).toContain('5 attempts');
    } finally {
      server.close();
    }
  });

  it.each([
    ['resets the connection mid-run', 'reset'],
    ['answers malformed JSON', 'malformed'],
    ['answers a body over the size cap', 'oversized'],
  ] as const)('that %s after Test Connection gets a verdict only on what it answered, and no stack trace', async (_name, kind) => {
    // Test Connection goes through; the next request is answered the broken way.
    let n = 0;
    const { url, server } = await listen((req, res) => {
      n += 1;
      if (n === 1) {
        res.writeHead(200, { 'content-type': 'application/scim+json' });
        res.end(
          JSON.stringify({
            schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
            totalResults: 0,
            startIndex: 1,
            itemsPerPage: 0,
            Resources: [],
          }),
        );
        return;
      }
      if (kind === 'reset') return req.socket.destroy();
      res.writeHead(200, { 'content-type': 'application/scim+json' });
      res.end(
        kind === 'malformed'
          ? '{"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": '
          : `{"padding": "${'x'.repeat(6_000_000)}"}`,
      );
    });
    const dir = await reportDir();
    try {
      const result = await runCli(['--base-url', `${url}/scim/v2`, '--report-dir', dir, '--only', 'connection.test-connection'], {
        env: { SCIM_TOKEN: TOKEN },
      });
      const summary = await readSummary(dir);
      const check = summary.checks.find((c) => c.id === 'connection.test-connection')!;
      if (kind === 'reset') {
        // The check's GET got no answer after its retries: not judged, never failed; the run is incomplete.
        expect(check.status).toBe('not-judged');
        expect(check.reason).toMatch(/got no answer from the target: no response \(connection reset by the target\) \(5 attempts\)/);
        expect(result.code).toBe(3);
      } else {
        expect(check.status).toBe('failed');
        expect(result.code).toBe(1);
        expect(result.stdout).toMatch(
          kind === 'malformed' ? /Response: 200 \(application\/scim\+json\)[\s\S]*"totalResults": / : /body cut at 5000000 bytes/,
        );
      }
      noStackTrace(result.stdout + result.stderr);
    } finally {
      server.close();
    }
  });
});
