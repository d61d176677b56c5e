// Every check can fail and does not fire on a correct server: the whole CLI runs against the reference server,
// once correct (in each accepted PATCH-status variant) and once per fault, and the failing checks must be exactly
// those the fault's record (reference/faults.ts) names. Each record is complete: it says what catches the fault.
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_RECORDS } from '../reference/faults.ts';
import { type ReferenceServer, type ReferenceServerOptions, startReferenceServer } from '../reference/server.ts';
import { loadProfile } from '../src/profiles/load-profile.ts';
import { idMatcher, loadPlan } from '../src/runner/registry.ts';
import type { Summary } from '../src/report/summary.ts';
import { readSummary, runCli, tempDir } from './support/cli.ts';

const TOKEN = 'fault-table-token-0123456789';
const TENANT = { users: 105, groups: 101 };
const dirs: string[] = [];

// The faults run under the entra profile: those whose record names the checks that must fail.
const ENTRA_ROWS = FAULT_RECORDS.flatMap(([fault, { mustFail, mayFail = [] }]) => (mustFail ? [{ fault, mustFail, mayFail }] : []));

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
let correctRun: Promise<Summary> | undefined;
// Run once, for the tests that compare with it (the records' own tests need no run).
const againstCorrect = () =>
  beforeAll(async () => {
    correctRun ??= runAgainst({}).then((run) => {
      expect(run.code, run.stdout).toBe(0);
      return run.summary;
    });
    correct = await correctRun;
  });

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('the correct reference server', () => {
  againstCorrect();

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
    const rows = ENTRA_ROWS.map(({ mustFail }) => idMatcher([...mustFail]));
    const uncaught = correct.checks.map((c) => c.id).filter((id) => !rows.some((caught) => caught(id)));
    expect(uncaught).toEqual([]);
  });
});

describe.concurrent('each fault is caught by exactly its checks', () => {
  againstCorrect();

  for (const { fault, mustFail: expected, mayFail } of ENTRA_ROWS) {
    it(fault, async () => {
      const { summary, code } = await runAgainst({ faults: [fault] });
      const failing = notPassed(summary);
      const mustFail = correct.checks.map((c) => c.id).filter(idMatcher([...expected]));
      const tolerated = idMatcher([...expected, ...mayFail]);
      expect(mustFail.length, `the record names no existing check for ${fault}`).toBeGreaterThan(0);
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

// A record says which checks catch its fault, or why none does; every glob in it names a check that exists.
const plans = new Map<string, string[]>();
async function planned(profile: string): Promise<string[]> {
  const ids = plans.get(profile) ?? (await loadPlan(loadProfile(profile).profile)).map((c) => c.id);
  plans.set(profile, ids);
  return ids;
}
const otherTests = await Promise.all(
  (await readdir(import.meta.dirname))
    .filter((name) => name.endsWith('.test.ts') && name !== 'faults.test.ts')
    .map((name) => readFile(join(import.meta.dirname, name), 'utf8')),
);

describe('each fault record is complete', () => {
  it.each(FAULT_RECORDS)('%s', async (fault, record) => {
    expect(fault).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(record.description.length, 'a description').toBeGreaterThan(10);
    const rows = [
      ...(record.mustFail ? [['entra', record.mustFail] as const] : []),
      ...Object.entries(record.profiles ?? {}).map(([profile, checks]) => [profile, checks] as const),
      // Okta and interop runs plan from the same profile; their own test files run them.
      ...(record.okta ? [['entra', record.okta] as const] : []),
      ...(record.interop ? [['entra', record.interop] as const] : []),
    ];
    if (record.noCheckFails === undefined) {
      expect(rows.length, 'the checks it must fail (mustFail, profiles, okta, interop), or noCheckFails: why none').toBeGreaterThan(0);
    } else {
      expect(rows, 'noCheckFails, yet checks it must fail').toEqual([]);
      expect(record.noCheckFails.length).toBeGreaterThan(10);
      // The test that uses it instead starts the server with it.
      expect(
        otherTests.some((text) => text.includes(`'${fault}'`)),
        'no test starts the server with it',
      ).toBe(true);
    }
    if (record.mayFail) expect(record.mustFail, 'mayFail without mustFail').toBeDefined();
    for (const [profile, checks] of [...rows, ...(record.mayFail ? [['entra', record.mayFail] as const] : [])]) {
      const ids = await planned(profile);
      // Only '!' patterns would select every check.
      expect(checks.filter((p) => !p.startsWith('!')).length, `${profile}: no check named`).toBeGreaterThan(0);
      const unmatched = checks.filter((p) => !ids.some(idMatcher([p.replace(/^!/, '')])));
      expect(unmatched, `${profile}: globs that name no planned check`).toEqual([]);
    }
  });
});
