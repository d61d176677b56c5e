// npm run bench:throttle: the full suite (entra profile) against a target that limits requests per second, as a
// vendor runs it (the CLI in a child process, every report written). The bundled reference server limits with a
// token bucket at 30 requests/s (bursts of 10) and at 5 requests/s (bursts of 2), sending Retry-After only and
// also the IETF draft's RateLimit-Policy / RateLimit headers, and once not at all. For each run it prints:
// - requests: HTTP attempts the run sent, retries included (summary.json throughput.requests);
// - wall time, and the ideal time: requests / rate (what a client that never wastes a slot needs);
// - ratio = wall / ideal (goal <= 1.25), and the share of requests answered 429 (goal <= 5%);
// - whether the verdicts (check id and status) equal the unthrottled run's (goal: exactly).
// The last line holds every figure. One run of each, measured side by side: these machines are noisy, and a
// 5 requests/s run takes over a minute. Only servers started here, on 127.0.0.1, are contacted.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startReferenceServer, type RateLimitOptions } from '../reference/server.ts';
import type { Summary } from '../src/report/summary.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin', 'scim-conformance.js');
const TOKEN = 'bench-token-not-a-secret';
/** A run that takes longer than this has gone wrong; it is stopped and reported as such. */
const RUN_TIMEOUT_MS = 10 * 60_000;
const GOAL_RATIO = 1.25;
const GOAL_SHARE = 0.05;

interface Config {
  name: string;
  rateLimit?: RateLimitOptions;
}

const CONFIGS: Config[] = [
  { name: 'unthrottled' },
  { name: '30/s burst 10', rateLimit: { perSecond: 30, burst: 10 } },
  { name: '30/s burst 10 +headers', rateLimit: { perSecond: 30, burst: 10, headers: 'draft' } },
  { name: '5/s burst 2', rateLimit: { perSecond: 5, burst: 2 } },
  { name: '5/s burst 2 +headers', rateLimit: { perSecond: 5, burst: 2, headers: 'draft' } },
];

interface Measured {
  config: Config;
  code: number | null;
  ms: number;
  requests: number;
  status429: number;
  refusedByServer: number;
  pacedRps: number | null | undefined;
  verdicts: string[];
}

async function runOnce(config: Config): Promise<Measured> {
  const server = await startReferenceServer({
    auth: { mode: 'bearer', token: TOKEN },
    ...(config.rateLimit ? { rateLimit: config.rateLimit } : {}),
  });
  const reportDir = await mkdtemp(join(tmpdir(), 'scimc-bench-throttle-'));
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', SCIM_TOKEN: TOKEN };
  for (const key of Object.keys(env))
    if ((key.startsWith('SCIM_') && key !== 'SCIM_TOKEN') || key.startsWith('VITEST') || key === 'NODE_OPTIONS') delete env[key];
  try {
    const started = performance.now();
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, '--base-url', server.baseUrl, '--report-dir', reportDir], {
        cwd: ROOT,
        env,
        stdio: 'ignore',
      });
      const timer = setTimeout(() => child.kill('SIGTERM'), RUN_TIMEOUT_MS);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on('close', (exit) => {
        clearTimeout(timer);
        resolve(exit);
      });
    });
    const ms = performance.now() - started;
    const summary = JSON.parse(await readFile(join(reportDir, 'summary.json'), 'utf8')) as Summary;
    const flow = summary.throughput;
    return {
      config,
      code,
      ms,
      requests: flow?.requests ?? 0,
      status429: flow?.status429 ?? 0,
      refusedByServer: server.rateLimitedCount(),
      pacedRps: flow?.pacedRps,
      verdicts: summary.checks.map((c) => `${c.id} ${c.status}`),
    };
  } finally {
    await server.close();
    await rm(reportDir, { recursive: true, force: true });
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

// One untimed run first: the file system cache and the modules warm up for every measured run alike.
await runOnce(CONFIGS[0]!);
const results: Measured[] = [];
for (const config of CONFIGS) {
  const measured = await runOnce(config);
  results.push(measured);
  const rate = config.rateLimit?.perSecond;
  const parts = [`${config.name.padEnd(24)} ${String(measured.requests).padStart(4)} requests, wall ${seconds(measured.ms)}`];
  if (rate !== undefined) {
    const idealMs = (measured.requests / rate) * 1000;
    parts.push(
      `ideal ${seconds(idealMs)}, ratio ${(measured.ms / idealMs).toFixed(2)}, 429 ${measured.status429} (${percent(measured.status429 / Math.max(1, measured.requests))})`,
    );
    if (measured.status429 !== measured.refusedByServer) parts.push(`server refused ${measured.refusedByServer}`);
    parts.push(`paced at ${measured.pacedRps ?? '-'} requests/s`);
  }
  if (measured.code !== 0) parts.push(`exit ${measured.code}`);
  console.log(parts.join(', '));
}

const baseline = results[0]!;
const summaryParts: string[] = [];
let allMet = true;
for (const measured of results.slice(1)) {
  const rate = measured.config.rateLimit!.perSecond;
  const ratio = measured.ms / ((measured.requests / rate) * 1000);
  const share = measured.status429 / Math.max(1, measured.requests);
  const equal = JSON.stringify(measured.verdicts) === JSON.stringify(baseline.verdicts);
  if (!equal) {
    const differing = measured.verdicts.filter((v, i) => v !== baseline.verdicts[i]);
    console.log(
      `${measured.config.name}: verdicts differ from the unthrottled run: ${differing.slice(0, 5).join('; ')}${differing.length > 5 ? ' ...' : ''}`,
    );
  }
  allMet &&= ratio <= GOAL_RATIO && share <= GOAL_SHARE && equal;
  summaryParts.push(
    `${measured.config.name}: ${measured.requests} req ${seconds(measured.ms)} ratio ${ratio.toFixed(2)} 429 ${percent(share)} verdicts ${equal ? 'equal' : 'DIFFER'}`,
  );
}
console.log('');
console.log(
  `unthrottled ${baseline.requests} req ${seconds(baseline.ms)} · ${summaryParts.join(' · ')} · goals (ratio <= ${GOAL_RATIO}, 429 <= ${GOAL_SHARE * 100}%, verdicts equal) ${allMet ? 'met' : 'NOT met'}`,
);
