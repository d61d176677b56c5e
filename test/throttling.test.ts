// The adaptive client end to end: a target that answers 429 above a set rate gets the same verdict as one that
// never throttles; no check fails because of the throttling, and the report names the rate the target sustained.
import { describe, expect, it } from 'vitest';
import { startReferenceServer } from '../reference/server.ts';
import { readSummary, runCli, tempDir } from './support/cli.ts';

const TOKEN = 'throttling-test-token-5e2d';

async function runAgainst(rateLimit?: { perSecond: number }, args: string[] = []) {
  const server = await startReferenceServer({ auth: { mode: 'bearer', token: TOKEN }, ...(rateLimit ? { rateLimit } : {}) });
  const dir = await tempDir();
  try {
    const result = await runCli(['--base-url', server.baseUrl, '--report-dir', dir, ...args], { env: { SCIM_TOKEN: TOKEN } });
    return { result, summary: await readSummary(dir), throttled: server.rateLimitedCount() };
  } finally {
    await server.close();
  }
}

describe('a target that throttles above a set rate', () => {
  it('gets the verdict of an unthrottled one, and the report names the rate it sustained', async () => {
    const [free, limited] = await Promise.all([runAgainst(), runAgainst({ perSecond: 40 })]);
    expect(limited.throttled, 'the limiter never answered 429: the test proves nothing').toBeGreaterThan(0);
    const verdicts = (s: typeof free.summary) => s.checks.map((c) => `${c.id} ${c.status}`);
    expect(verdicts(limited.summary)).toEqual(verdicts(free.summary));
    expect(limited.result.code, limited.result.stdout).toBe(0);
    expect(free.summary.throughput?.throttled).toBe(false);
    const flow = limited.summary.throughput!;
    expect(flow.throttled).toBe(true);
    expect(flow.status429).toBeGreaterThan(0);
    expect(flow.sustainedRps).toBeGreaterThan(0);
    // The limiter counts per clock second; a 2 s window can take the end of one second and the start of the next.
    expect(flow.sustainedRps).toBeLessThanOrEqual(60);
    expect(flow.lowestLimit).toBeLessThan(flow.concurrency);
    expect(limited.result.stdout).toMatch(
      /Throughput: the endpoint throttled \(\d+ × 429 of \d+ requests\) and the run paced itself at [\d.]+ requests\/s \(estimated from its throttling\); requests in flight went down to \d+ of 8 .*highest sustained rate [\d.]+ requests\/s/,
    );
  }, 120_000);

  it('below 25 requests per second, says that the Entra gallery requires 25', async () => {
    const limited = await runAgainst({ perSecond: 8 }, ['--only', 'users.create']);
    expect(limited.result.code, limited.result.stdout).toBe(0);
    expect(limited.summary.throughput!.sustainedRps).toBeLessThan(25);
    expect(limited.result.stdout).toMatch(/Entra's gallery requires 25 requests per second per tenant/);
  }, 120_000);

  it('--rate caps the requests per second of a target that would take more (a production tenant)', async () => {
    const capped = await runAgainst(undefined, ['--rate', '40', '--only', 'users.create']);
    expect(capped.result.code, capped.result.stdout).toBe(0);
    const flow = capped.summary.throughput!;
    expect(flow.maxRate).toBe(40);
    expect(flow.throttled).toBe(false);
    // Sustained over a 2 s window: a cap of 40 per second shows as at most 40, give or take the first burst.
    expect(flow.sustainedRps).toBeLessThanOrEqual(42);
    expect(capped.result.stdout).toMatch(/capped at 40 requests\/s \(--rate\)/);
  }, 120_000);
});
