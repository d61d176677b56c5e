// npm run bench: what a vendor feels. Prints, from one run of this script (these machines are noisy, so only figures
// measured side by side are compared):
// - fixed cost: wall time of the full suite (entra profile) against the bundled reference server, no added latency,
//   start-up and every report included;
// - latency overlap: the suite against a reference server answering at once (T0) and after 25 ms (T25), interleaved;
//   overlap = (T25 - T0) / (n x 25 ms / 8), n the requests the suite sent: its latency cost against that of n
//   independent requests kept 8 in flight. 1.0 is the limit; the goal is at most 1.3.
// BENCH_RUNS (default 3) sets the runs of each kind. Only servers started here, on 127.0.0.1, are contacted.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startReferenceServer } from '../reference/server.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin', 'scim-conformance.js');
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const LATENCY_MS = 25;
const IN_FLIGHT = 8;
const TOKEN = 'bench-token-not-a-secret';

interface Timed {
  ms: number;
  code: number | null;
  requests?: number;
}

async function runCli(env: Record<string, string>): Promise<Timed> {
  const reportDir = await mkdtemp(join(tmpdir(), 'scimc-bench-'));
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...env };
  for (const key of Object.keys(childEnv)) if (key.startsWith('SCIM_') && !(key in env)) delete childEnv[key];
  const started = performance.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, '--report-dir', reportDir], { cwd: ROOT, env: childEnv, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', resolve);
  });
  const ms = performance.now() - started;
  await rm(reportDir, { recursive: true, force: true });
  return { ms, code };
}

async function againstServer(latencyMs: number): Promise<Timed> {
  const server = await startReferenceServer({ auth: { mode: 'bearer', token: TOKEN }, latencyMs });
  try {
    const timed = await runCli({ SCIM_BASE_URL: server.baseUrl, SCIM_TOKEN: TOKEN });
    return { ...timed, requests: server.requestCount() };
  } finally {
    await server.close();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const fixed: number[] = [];
const t0: number[] = [];
const t25: number[] = [];
const counts: number[] = [];
let failures = 0;
// One untimed run first: the file system cache and the npm-installed modules warm up for every measured run alike.
await runCli({});
for (let round = 1; round <= RUNS; round++) {
  // Interleaved, with the order turned each round, so that a slow spell of the machine hits every kind alike.
  const order: Array<'fixed' | 'L0' | 'L25'> = round % 2 ? ['fixed', 'L0', 'L25'] : ['L25', 'L0', 'fixed'];
  for (const kind of order) {
    const timed = kind === 'fixed' ? await runCli({}) : await againstServer(kind === 'L0' ? 0 : LATENCY_MS);
    if (timed.code !== 0) failures += 1;
    if (kind === 'fixed') fixed.push(timed.ms);
    else if (kind === 'L0') t0.push(timed.ms);
    else {
      t25.push(timed.ms);
      counts.push(timed.requests ?? 0);
    }
    console.log(
      `run ${round} ${kind.padEnd(5)} ${seconds(timed.ms)}${timed.requests !== undefined ? ` (${timed.requests} requests)` : ''}${timed.code !== 0 ? ` exit ${timed.code}` : ''}`,
    );
  }
}

const n = Math.round(median(counts));
const ideal = (n * LATENCY_MS) / IN_FLIGHT;
const overlap = (median(t25) - median(t0)) / ideal;
console.log('');
console.log(`fixed cost, bundled reference server: median ${seconds(median(fixed))} of ${RUNS} (goal <= 1.5 s)`);
console.log(
  `T0 ${seconds(median(t0))}, T25 ${seconds(median(t25))}: latency cost ${seconds(median(t25) - median(t0))} against ${seconds(ideal)} for ${n} requests x ${LATENCY_MS} ms / ${IN_FLIGHT} in flight`,
);
if (failures) console.log(`warning: ${failures} run(s) did not pass (exit code not 0); the figures may not mean much`);
console.log(`fixed ${seconds(median(fixed))} · overlap ${overlap.toFixed(2)} (goal <= 1.3) · n ${n}`);
