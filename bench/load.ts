// npm run bench:load: is the client the bottleneck of `scim-conformance load`? Against one reference server (its
// own process on 127.0.0.1, as a real endpoint would be), it measures
//   (a) the load mode at --rate max with concurrency 8 (ScimClient, FlowControl, ledger, figures), and
//   (b) a bare undici loop with 8 workers sending the same requests (filter, create, update, some soft deletes,
//       groups filled in batches of 50), reading only what it needs,
// twice each, alternating, and prints both throughputs (requests per second of the provisioning phase, cleanup
// left out), the client's own CPU time per request (cleanup included) and, last, the ratio of the best (a) to the
// best (b). The goal is 0.8 or more. BENCH_USERS sets the users per measurement (default 1000).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { loadProfile } from '../src/profiles/load-profile.ts';
import { ValueFactory } from '../src/kit/values.ts';
import { runLoad } from '../src/load/run-load.ts';
import { type UserPlan, Workload } from '../src/load/workload.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const USERS = Number(process.env.BENCH_USERS ?? 1000);
const CONCURRENCY = 8;
const TOKEN = randomBytes(16).toString('hex');
const profile = loadProfile('entra').profile;

async function startServer(): Promise<{ baseUrl: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(ROOT, 'reference', 'main.ts'), '--token', TOKEN], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const line = text.split('\n')[0];
      if (text.includes('\n') && line) resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`reference server exited with ${code}`)));
  });
  return { baseUrl, child };
}

/** (a): the load mode itself; its provisioning-phase responses per second. */
async function loadMode(baseUrl: string, users: number): Promise<{ rps: number; requests: number; cpuUs: number }> {
  const reportDir = await mkdtemp(join(tmpdir(), 'scimc-bench-'));
  const cpu = process.cpuUsage();
  try {
    const { report } = await runLoad({
      baseUrl,
      auth: { mode: 'bearer', token: TOKEN },
      timeoutMs: 30_000,
      profile,
      secrets: [TOKEN],
      reportDir,
      users,
      rate: 'max',
      concurrency: CONCURRENCY,
      durationSeconds: 600,
    });
    if (report.verdict.result === 'fail' || report.cleanup.left.length) throw new Error(`load run went wrong: ${report.verdict.summary}`);
    return {
      rps: report.load.requestsPerSecond,
      requests: report.load.requests,
      cpuUs: cpuPerRequest(cpu, report.load.requests + report.cleanup.requests),
    };
  } finally {
    await rm(reportDir, { recursive: true, force: true });
  }
}

/** (b): the same requests from a bare undici loop; its requests per second, and then it removes what it made. */
async function bareLoop(baseUrl: string, users: number): Promise<{ rps: number; requests: number; cpuUs: number }> {
  const cpu = process.cpuUsage();
  const agent = new Agent({ connections: 16 });
  const headers = { authorization: `Bearer ${TOKEN}`, accept: 'application/scim+json', 'content-type': 'application/scim+json' };
  let requests = 0;
  const send = async (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    want?: 'json',
  ): Promise<{ status: number; json?: { id?: string } }> => {
    requests += 1;
    const response = await request(`${baseUrl}${path}`, {
      method,
      headers,
      dispatcher: agent,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (want === 'json') return { status: response.statusCode, json: (await response.body.json()) as { id?: string } };
    await response.body.dump();
    return { status: response.statusCode };
  };
  const expect = (status: number, allowed: number[], what: string) => {
    if (!allowed.includes(status)) throw new Error(`bare loop: ${what} answered ${status}`);
  };
  const workload = new Workload(profile, new ValueFactory(`scimc-${randomBytes(4).toString('hex')}`), {
    users,
    dialect: 'aadOptscim062020',
    groupSize: 100,
    softDeleteEvery: 10,
  });
  const userIds: string[] = [];
  const groupIds: string[] = [];
  const members = new Map<number, string[]>();

  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < users) {
        const plan: UserPlan = workload.user(next);
        next += 1;
        expect((await send('GET', `/Users?filter=${encodeURIComponent(plan.filter)}`)).status, [200], 'filter');
        const created = await send('POST', '/Users', plan.body, 'json');
        expect(created.status, [201], 'create');
        const id = created.json!.id!;
        userIds.push(id);
        if (plan.group !== undefined) members.set(plan.group, [...(members.get(plan.group) ?? []), id]);
        if (plan.update) expect((await send('PATCH', `/Users/${id}`, plan.update)).status, [200, 204], 'patch');
        if (plan.softDelete) expect((await send('PATCH', `/Users/${id}`, plan.softDelete)).status, [200, 204], 'soft delete');
      }
    }),
  );
  const groups = [...members.keys()];
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, groups.length) }, async () => {
      for (let g = groups.shift(); g !== undefined; g = groups.shift()) {
        const plan = workload.group(g);
        expect(
          (await send('GET', `/Groups?filter=${encodeURIComponent(plan.filter)}&excludedAttributes=members`)).status,
          [200],
          'group filter',
        );
        const created = await send('POST', '/Groups', plan.body, 'json');
        expect(created.status, [201], 'group create');
        groupIds.push(created.json!.id!);
        const ids = members.get(g)!;
        for (let i = 0; i < ids.length; i += 50) {
          expect(
            (await send('PATCH', `/Groups/${created.json!.id}`, workload.membersPatch(ids.slice(i, i + 50)))).status,
            [200, 204],
            'members',
          );
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const measured = requests;
  const rps = Math.round((requests / seconds) * 10) / 10;

  const doomed = [...groupIds.map((id) => `/Groups/${id}`), ...userIds.map((id) => `/Users/${id}`)];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let path = doomed.shift(); path !== undefined; path = doomed.shift())
        expect((await send('DELETE', path)).status, [204], 'delete');
    }),
  );
  await agent.close();
  return { rps, requests: measured, cpuUs: cpuPerRequest(cpu, requests) };
}

/** Microseconds of this process's CPU (user and system) per request since `since`. */
function cpuPerRequest(since: NodeJS.CpuUsage, requests: number): number {
  const used = process.cpuUsage(since);
  return Math.round((used.user + used.system) / requests);
}

const { baseUrl, child } = await startServer();
try {
  console.log(`reference server ${baseUrl} (own process); ${USERS} users, concurrency ${CONCURRENCY}, rate max`);
  await loadMode(baseUrl, 100);
  await bareLoop(baseUrl, 100);
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 1; round <= 2; round += 1) {
    const bare = await bareLoop(baseUrl, USERS);
    b.push(bare.rps);
    console.log(
      `round ${round} (b) bare undici loop: ${bare.rps} requests/s (${bare.requests} requests; client CPU ${bare.cpuUs} µs per request)`,
    );
    const mode = await loadMode(baseUrl, USERS);
    a.push(mode.rps);
    console.log(
      `round ${round} (a) load mode:        ${mode.rps} requests/s (${mode.requests} requests; client CPU ${mode.cpuUs} µs per request)`,
    );
  }
  const bestA = Math.max(...a);
  const bestB = Math.max(...b);
  console.log(`(a) load mode, best:        ${bestA} requests/s`);
  console.log(`(b) bare undici loop, best: ${bestB} requests/s`);
  console.log(`ratio (a)/(b): ${(bestA / bestB).toFixed(2)}`);
} finally {
  child.kill('SIGTERM');
}
