// A verdict needs an answer. Behind a network that resets, loses and 502s some requests (a seeded, loopback-only
// proxy), a correct server is never reported as failing: what got no answer is retried where that is safe, and
// otherwise not judged; every lost create is settled (found and removed, or shown never made); nothing is left.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from '../reference/server.ts';
import { startFaultProxy } from './support/fault-proxy.ts';
import { readSummary, runCli, startCli, tempDir } from './support/cli.ts';

const TOKEN = 'flaky-network-token-70d2';
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' };

async function seedForeignData(baseUrl: string): Promise<void> {
  for (const [i, active] of [true, false].entries()) {
    await fetch(`${baseUrl}/Users`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `existing-${i}@customer.example`, active }),
    });
  }
}

/** Everything on the server that a run of the suite made (its names start scimc-). */
function runResources(server: Awaited<ReturnType<typeof startReferenceServer>>): string[] {
  const names: string[] = [];
  for (const user of server.users.values() as Iterable<{ userName?: string }>)
    if (user.userName?.startsWith('scimc-')) names.push(user.userName);
  for (const group of server.groups.values() as Iterable<{ displayName?: string }>)
    if (group.displayName?.startsWith('scimc-')) names.push(group.displayName);
  return names;
}

describe('behind a flaky network', () => {
  // Each seed is a different 3% of requests reset before forwarding, answered and then lost, or answered 502.
  const SEEDS = [11, 23, 37, 41, 59, 67];

  it.each(SEEDS)(
    'seed %i: no false failure, no leftover, each lost create settled',
    async (seed) => {
      const server = await startReferenceServer({ auth: { mode: 'bearer', token: TOKEN } });
      await seedForeignData(server.baseUrl);
      const foreign = server.users.size;
      const proxy = await startFaultProxy({ target: server.baseUrl, seed, resetBeforeForward: 0.01, loseResponse: 0.01, badGateway: 0.01 });
      const dir = await tempDir();
      dirs.push(dir);
      try {
        const result = await runCli(['--base-url', proxy.url, '--report-dir', dir], { env: { SCIM_TOKEN: TOKEN } });
        const summary = await readSummary(dir);
        const faults = proxy.stats();
        const context = `seed ${seed}: ${JSON.stringify(faults)}\n${result.stdout.slice(-3000)}`;
        expect(
          faults.resetBeforeForward + faults.loseResponse + faults.badGateway,
          'the proxy injected nothing: the test proves nothing',
        ).toBeGreaterThan(0);
        // Every check that was judged passed, as it does without the proxy; the others say why they were not judged.
        const judgedWrong = summary.checks.filter((c) => c.status !== 'passed' && c.status !== 'not-judged');
        expect(
          judgedWrong.map((c) => `${c.id}: ${c.status} ${c.reason}`),
          context,
        ).toEqual([]);
        // Not judged is said as such in every report: the reason in summary.json and in JUnit's <skipped message>.
        const junit = await readFile(join(dir, 'junit.xml'), 'utf8');
        for (const c of summary.checks.filter((c) => c.status === 'not-judged')) {
          expect(c.reason, c.id).toMatch(/no answer|not started/);
          expect(junit).toMatch(
            new RegExp(`name="${c.id.replace(/\./g, '\\.')} [^"]*"[^>]*>\\s*<properties>.*</properties>\\s*<skipped message="not judged: `),
          );
        }
        expect(summary.totals.failed).toBe(0);
        const mustNotJudged = summary.checks.some((c) => c.status === 'not-judged' && c.level === 'MUST');
        expect(result.code, context).toBe(mustNotJudged ? 3 : 0);
        // Nothing of the run is left, and nothing else was touched.
        expect(summary.leftovers, context).toEqual([]);
        expect(runResources(server), context).toEqual([]);
        expect(server.users.size).toBe(foreign);
        // Each create whose answer was lost made a resource on the server; each was found by its name and removed.
        for (const lost of proxy.lostCreates().filter((l) => l.status === 201)) {
          const id = (lost.body as { id?: string } | undefined)?.id;
          expect(id && (server.users.has(id) || server.groups.has(id)), `lost create ${lost.path} #${lost.n} still there`).toBe(false);
        }
        expect(summary.unverified ?? [], context).toEqual([]);
      } finally {
        await proxy.close();
        await server.close();
      }
    },
    120_000,
  );

  it('a target that stops answering mid-run: the run says when, starts no more checks, marks the rest not judged', async () => {
    const server = await startReferenceServer({ auth: { mode: 'bearer', token: TOKEN } });
    // Test Connection and the first requests go through; from request 60 on every connection is reset.
    const proxy = await startFaultProxy({ target: server.baseUrl, seed: 5, outage: { answer: 'reset', fromRequest: 60 } });
    const dir = await tempDir();
    dirs.push(dir);
    try {
      const started = Date.now();
      const result = await runCli(['--base-url', proxy.url, '--report-dir', dir, '--timeout', '2000'], { env: { SCIM_TOKEN: TOKEN } });
      const summary = await readSummary(dir);
      expect(summary.totals.failed, result.stdout.slice(-3000)).toBe(0);
      expect(summary.totals.notJudged).toBeGreaterThan(30);
      expect(
        summary.checks.some((c) =>
          /^not started: the target stopped answering at \d\d:\d\d:\d\d UTC after \d+ requests/.test(c.reason ?? ''),
        ),
      ).toBe(true);
      expect(result.stdout).toMatch(/the target stopped answering at \d\d:\d\d:\d\d UTC after \d+ requests/);
      expect(result.code).toBe(3);
      // Bounded: the run does not wait out every check's retries once the target is gone.
      expect(Date.now() - started).toBeLessThan(90_000);
      // What could not be removed is not claimed to be left (nothing confirmed it): it is listed as unverified.
      expect(summary.leftovers).toEqual([]);
    } finally {
      await proxy.close();
      await server.close();
    }
  }, 120_000);
});

/** Nothing of the run left, nothing else touched, and each check that finished counted once. */
async function expectCleanInterrupt(
  server: Awaited<ReturnType<typeof startReferenceServer>>,
  foreign: number,
  dir: string,
  stdout: string,
) {
  expect(runResources(server), stdout).toEqual([]);
  expect(server.users.size).toBe(foreign);
  const summary = await readSummary(dir).catch(() => undefined);
  if (summary) {
    const ids = summary.checks.map((c) => c.id);
    expect(ids.length).toBe(new Set(ids).size);
    const t = summary.totals;
    expect(t.passed + t.failed + t.warnings + t.skipped + t.notJudged).toBe(ids.length);
    expect(t.failed, stdout).toBe(0);
    expect(summary.leftovers).toEqual([]);
  }
  return summary;
}

describe('a Ctrl-C at any moment', () => {
  // After n ms: the first 200 ms included, where the CLI is still starting.
  it.each([0, 60, 150, 400, 900])(
    'after %i ms: no new check, each finished check once, nothing left, exit 130',
    async (delay) => {
      const server = await startReferenceServer({ auth: { mode: 'bearer', token: TOKEN }, latencyMs: 15 });
      await seedForeignData(server.baseUrl);
      const foreign = server.users.size;
      const dir = await tempDir();
      dirs.push(dir);
      try {
        const run = startCli(['--base-url', server.baseUrl, '--report-dir', dir], { env: { SCIM_TOKEN: TOKEN } });
        // Sent once the process exists; the CLI listens for it from its first line on.
        await new Promise((resolve) => setTimeout(resolve, delay));
        run.child.kill('SIGINT');
        const result = await run.done;
        // A signal that comes before Node has run a line of the CLI ends the process as signals do (a shell shows 130
        // too); from the launcher's first line on, the CLI handles it and exits 130 itself.
        if (result.signal === 'SIGINT') expect(result.stdout).toBe('');
        else expect(result.code, result.stdout + result.stderr).toBe(130);
        await expectCleanInterrupt(server, foreign, dir, result.stdout);
      } finally {
        await server.close();
      }
    },
    60_000,
  );
});

describe('a Ctrl-C at a given request', () => {
  // The signal goes out when the proxy sees the nth request: during Test Connection, discovery, the first creates,
  // and deep in the run.
  it.each([1, 2, 9, 40, 150])(
    'at request %i: exit 130, each finished check once, nothing left',
    async (n) => {
      const server = await startReferenceServer({ auth: { mode: 'bearer', token: TOKEN }, latencyMs: 5 });
      await seedForeignData(server.baseUrl);
      const foreign = server.users.size;
      let stop: (() => void) | undefined;
      const proxy = await startFaultProxy({
        target: server.baseUrl,
        seed: n,
        interceptor: (_req, count) => {
          if (count === n) stop?.();
          return 'forward';
        },
      });
      const dir = await tempDir();
      dirs.push(dir);
      try {
        const run = startCli(['--base-url', proxy.url, '--report-dir', dir], { env: { SCIM_TOKEN: TOKEN } });
        stop = () => run.child.kill('SIGINT');
        const result = await run.done;
        expect(result.code, result.stdout + result.stderr).toBe(130);
        expect(result.stdout).toMatch(/SIGINT: no new checks; removing what this run created/);
        const summary = await expectCleanInterrupt(server, foreign, dir, result.stdout);
        if (summary) expect(summary.errors.join(' ')).toMatch(/interrupted \(SIGINT\)/);
      } finally {
        await proxy.close();
        await server.close();
      }
    },
    60_000,
  );
});
