// Every check can fail and does not fire on a correct server: the whole CLI runs against the reference server,
// once correct (in each accepted PATCH-status variant) and once per fault, and the failing checks must be exactly
// those the fault table names.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULTS, type FaultName } from '../reference/faults.ts';
import { type ReferenceServer, type ReferenceServerOptions, startReferenceServer } from '../reference/server.ts';
import { idMatcher } from '../src/runner/registry.ts';
import type { Summary } from '../src/report/summary.ts';
import { FAULT_TABLE, FAULTS_WITHOUT_CHECKS_YET, MAY_ALSO_FAIL, PROFILE_FAULTS, VERDICT_PRESERVING } from './fault-table.ts';
import { readSummary, runCli, tempDir } from './support/cli.ts';

const TOKEN = 'fault-table-token-0123456789';
const TENANT = { users: 105, groups: 101 };
const dirs: string[] = [];

async function runAgainst(
  options: ReferenceServerOptions,
): Promise<{ summary: Summary; code: number | null; stdout: string; server: ReferenceServer }> {
  // Other data in the tenant is normal: every run meets users and groups that are none of its business.
  const server = await startReferenceServer({ tenantData: TENANT, ...options, auth: { mode: 'bearer', token: TOKEN } });
  const reportDir = await tempDir();
  dirs.push(reportDir);
  try {
    const result = await runCli(['--base-url', server.baseUrl, '--report-dir', reportDir], { env: { SCIM_TOKEN: TOKEN } });
    if (result.code === 2 || result.stderr.includes('unexpected error')) throw new Error(`CLI failed: ${result.stderr}\n${result.stdout}`);
    return { summary: await readSummary(reportDir), code: result.code, stdout: result.stdout, server };
  } finally {
    await server.close();
  }
}

const notPassed = (summary: Summary) =>
  summary.checks
    .filter((c) => c.status === 'failed' || c.status === 'warning')
    .map((c) => c.id)
    .sort();

let correct: Summary;

beforeAll(async () => {
  const run = await runAgainst({});
  correct = run.summary;
  expect(run.code, run.stdout).toBe(0);
});

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('the correct reference server', () => {
  it('passes every check', () => {
    expect(correct.checks.length).toBeGreaterThan(20);
    expect(correct.checks.filter((c) => c.status !== 'passed').map((c) => `${c.id}: ${c.status} ${c.reason ?? ''}`)).toEqual([]);
    expect(correct.errors).toEqual([]);
  });

  it('leaves no resource of the run behind', async () => {
    const server = await startReferenceServer({ auth: { mode: 'bearer', token: TOKEN }, tenantData: TENANT });
    const before = JSON.stringify([...server.users.values(), ...server.groups.values()]);
    const reportDir = await tempDir();
    dirs.push(reportDir);
    const result = await runCli(['--base-url', server.baseUrl, '--report-dir', reportDir], { env: { SCIM_TOKEN: TOKEN } });
    const after = JSON.stringify([...server.users.values(), ...server.groups.values()]);
    await server.close();
    expect(result.code).toBe(0);
    // Exactly the tenant's own resources remain, untouched: the run's are gone, nothing else was changed.
    expect(after).toBe(before);
  });

  it.each([
    ['user PATCH answered with 204', { userPatchStatus: 204 }],
    ['group PATCH answered with 200 and a body', { groupPatchStatus: 200 }],
  ] as const)('still passes every check with %s', async (_name, options) => {
    const { summary, code } = await runAgainst(options);
    expect(notPassed(summary)).toEqual([]);
    expect(code).toBe(0);
  });

  it('fails the run on a SHOULD failure only with --strict', async () => {
    const server = await startReferenceServer({ auth: { mode: 'bearer', token: TOKEN }, faults: ['location-mismatch'] });
    const reportDir = await tempDir();
    dirs.push(reportDir);
    try {
      const args = ['--base-url', server.baseUrl, '--report-dir', reportDir, '--only', 'users.create'];
      const lenient = await runCli(args, { env: { SCIM_TOKEN: TOKEN } });
      expect(lenient.code).toBe(0);
      expect((await readSummary(reportDir)).checks.find((c) => c.id === 'users.create.location-matches')?.status).toBe('warning');
      const strict = await runCli([...args, '--strict'], { env: { SCIM_TOKEN: TOKEN } });
      expect(strict.code).toBe(1);
      expect((await readSummary(reportDir)).checks.find((c) => c.id === 'users.create.location-matches')?.status).toBe('failed');
    } finally {
      await server.close();
    }
  });

  it('has every check named by at least one fault (a check that cannot fail is a defect)', () => {
    const rows = Object.values(FAULT_TABLE).map((patterns) => idMatcher(patterns));
    const uncaught = correct.checks.map((c) => c.id).filter((id) => !rows.some((caught) => caught(id)));
    expect(uncaught).toEqual([]);
  });

  it('has every fault in the table', () => {
    const listed = new Set<string>([
      ...Object.keys(FAULT_TABLE),
      ...FAULTS_WITHOUT_CHECKS_YET,
      ...VERDICT_PRESERVING,
      ...PROFILE_FAULTS.flatMap((r) => (r.fault ? [r.fault] : [])),
    ]);
    expect(Object.keys(FAULTS).filter((f) => !listed.has(f))).toEqual([]);
  });
});

describe.concurrent('each fault is caught by exactly its checks', () => {
  for (const [fault, expected] of Object.entries(FAULT_TABLE) as [FaultName, string[]][]) {
    it(fault, async () => {
      const { summary, code } = await runAgainst({ faults: [fault] });
      const failing = notPassed(summary);
      const mustFail = correct.checks.map((c) => c.id).filter(idMatcher(expected));
      const tolerated = idMatcher([...expected, ...(MAY_ALSO_FAIL[fault] ?? [])]);
      expect(mustFail.length, `the table names no existing check for ${fault}`).toBeGreaterThan(0);
      expect({ missed: mustFail.filter((id) => !failing.includes(id)), unexpected: failing.filter((id) => !tolerated(id)) }).toEqual({
        missed: [],
        unexpected: [],
      });
      // Every fault answers: a check it leaves not judged would be a check that hid it.
      expect(summary.checks.filter((c) => c.status === 'not-judged').map((c) => `${c.id}: ${c.reason}`)).toEqual([]);
      const mustLevelFailure = summary.checks.some((c) => c.status === 'failed');
      expect(code).toBe(mustLevelFailure ? 1 : 0);
    });
  }
});
