// Okta's requests, proved like Entra's (test/faults.test.ts): the whole CLI runs with --client okta against the
// reference server, once correct and once per fault whose record has an okta row, and the failing checks must be
// exactly those the row names. The correct server also passes with --client both (each client its own totals), and an
// Okta run is as safe on a real tenant as an Entra run: nothing foreign touched, nothing left behind, no token written.
import { readdir, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_RECORDS } from '../reference/faults.ts';
import { type ReferenceServer, type ReferenceServerOptions, startReferenceServer } from '../reference/server.ts';
import { OKTA_CRUD_TEST, OKTA_ENTITLEMENTS_TEST, OKTA_SPEC_TEST } from '../src/kit/coverage.ts';
import { loadProfile } from '../src/profiles/load-profile.ts';
import { idMatcher, loadPlan } from '../src/runner/registry.ts';
import type { Summary } from '../src/report/summary.ts';
import { readSummary, runCli, tempDir } from './support/cli.ts';
import { filesContaining, seedForeign } from './support/foreign-data.ts';

const TOKEN = 'okta-fault-table-token-5a7c9e';
const TENANT = { users: 105, groups: 101 };
const dirs: string[] = [];

const OKTA_ROWS = FAULT_RECORDS.flatMap(([fault, { okta }]) => (okta ? [{ fault, okta }] : []));

interface Run {
  summary: Summary;
  code: number | null;
  stdout: string;
  stderr: string;
  reportDir: string;
  server: ReferenceServer;
}

async function runAgainst(
  options: ReferenceServerOptions,
  args: string[] = ['--client', 'okta'],
  seed?: (server: ReferenceServer) => void,
) {
  const server = await startReferenceServer({ tenantData: TENANT, ...options, auth: { mode: 'bearer', token: TOKEN } });
  seed?.(server);
  const before = structuredClone({ users: [...server.users.entries()], groups: [...server.groups.entries()] });
  const reportDir = await tempDir();
  dirs.push(reportDir);
  try {
    const result = await runCli(['--base-url', server.baseUrl, '--report-dir', reportDir, ...args], { env: { SCIM_TOKEN: TOKEN } });
    if (result.code === 2 || result.stderr.includes('unexpected error')) throw new Error(`CLI failed: ${result.stderr}\n${result.stdout}`);
    const after = { users: [...server.users.entries()], groups: [...server.groups.entries()] };
    const run: Run = {
      summary: await readSummary(reportDir),
      code: result.code,
      stdout: result.stdout,
      stderr: result.stderr,
      reportDir,
      server,
    };
    return { ...run, before, after };
  } finally {
    await server.close();
  }
}

const notPassed = (summary: Summary) =>
  summary.checks
    .filter((c) => c.status === 'failed' || c.status === 'warning')
    .map((c) => c.id)
    .sort();

const clientsOf = (c: Summary['checks'][number]) => c.clients ?? ['entra'];

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

let correct: Awaited<ReturnType<typeof runAgainst>>;
let correctRun: Promise<Awaited<ReturnType<typeof runAgainst>>> | undefined;
const againstCorrect = () =>
  beforeAll(async () => {
    correctRun ??= runAgainst({}, ['--client', 'okta'], seedForeign);
    correct = await correctRun;
  });

describe("the correct reference server, with Okta's requests", () => {
  againstCorrect();

  it('passes every check of an Okta run, and the run holds no check of Entra alone', () => {
    const { summary, code, stdout } = correct;
    expect(code, stdout).toBe(0);
    expect(summary.clients).toEqual(['okta']);
    expect(summary.checks.length).toBeGreaterThan(20);
    expect(summary.checks.filter((c) => !clientsOf(c).includes('okta')).map((c) => c.id)).toEqual([]);
    // The reference server lists no entitlement types: Okta's Entitlements test does not apply, nothing else is skipped.
    const notPassing = summary.checks.filter((c) => c.status !== 'passed').map((c) => `${c.id}: ${c.status} ${c.reason ?? ''}`);
    expect(notPassing).toEqual([
      "discovery.okta-entitlements: skipped not applicable: /ResourceTypes lists no resource type with Okta's Role or Entitlement schema",
    ]);
    expect(summary.errors).toEqual([]);
  });

  it("leaves the customer's users and groups exactly as they were, and nothing of its own (Okta never deletes; the suite does)", () => {
    expect(correct.after).toEqual(correct.before);
    expect(correct.summary.leftovers).toEqual([]);
    expect(correct.summary.unverified ?? []).toEqual([]);
  });

  it('writes the token nowhere: not on the console, not in any report file', async () => {
    expect((correct.stdout + correct.stderr).includes(TOKEN)).toBe(false);
    expect(await filesContaining(correct.reportDir, TOKEN)).toEqual([]);
  });

  it("writes Okta's throwaway password nowhere either (one per run, redacted like the token), though every create sends it", async () => {
    const password = /Ok![A-Za-z0-9_-]{16}9z/;
    expect(password.test(correct.stdout + correct.stderr)).toBe(false);
    const hits: string[] = [];
    let sent = 0;
    for (const entry of await readdir(correct.reportDir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const text = await readFile(join(entry.parentPath, entry.name), 'utf8');
      if (password.test(text)) hits.push(entry.name);
      if (/"password": ?"\[redacted\]"/.test(text)) sent += 1;
    }
    expect(hits).toEqual([]);
    expect(sent, 'the Allure exchanges show the create bodies, the password redacted').toBeGreaterThan(0);
  });

  it("writes okta-readiness.md, opening with Okta's verdict, and no gallery page for a run without Entra's requests", async () => {
    const page = await readFile(join(correct.reportDir, 'okta-readiness.md'), 'utf8');
    expect(page.split('\n').slice(0, 3)).toEqual([
      '# Okta readiness',
      '',
      "Okta's tests: 0 of 15 items would fail; 1 not applicable to this target.",
    ]);
    expect(page).toMatch(
      /\| Read the values of every entitlement type \/ResourceTypes lists \| does not apply \| `discovery\.okta-entitlements` \|/,
    );
    expect(existsSync(join(correct.reportDir, 'gallery-readiness.md'))).toBe(false);
    expect(correct.stdout).toContain("\nOkta's tests: 0 of 15 items would fail; 1 not applicable to this target.\n");
    expect(correct.stdout).not.toContain('Gallery validation');
  });

  it('passes with user PATCH answered 204 and group PATCH answered 200, both of which Okta takes', async () => {
    const { summary, code } = await runAgainst({ userPatchStatus: 204, groupPatchStatus: 200 });
    expect(notPassed(summary)).toEqual([]);
    expect(code).toBe(0);
  });

  it("passes with --client both, each client's totals in summary.byClient; a check for both counts for each", async () => {
    const { summary, code, stdout } = await runAgainst({}, ['--client', 'both']);
    expect(code, stdout).toBe(0);
    expect(summary.clients).toEqual(['entra', 'okta']);
    expect(notPassed(summary)).toEqual([]);
    const count = (client: 'entra' | 'okta') => summary.checks.filter((c) => clientsOf(c).includes(client)).length;
    const total = (t: Summary['totals']) => t.passed + t.failed + t.warnings + t.skipped + t.notJudged;
    expect(total(summary.byClient!.entra!)).toBe(count('entra'));
    expect(total(summary.byClient!.okta!)).toBe(count('okta'));
    expect(summary.byClient!.okta!.failed + summary.byClient!.entra!.failed).toBe(0);
    expect(stdout).toMatch(/\nMicrosoft Entra: \d+ passed, none failed/);
    expect(stdout).toMatch(/\nOkta: \d+ passed, none failed/);
  });

  it('serves Okta entitlements when asked to, and the entitlement check then judges them and passes', async () => {
    const { summary } = await runAgainst({ entitlements: true }, ['--client', 'okta', '--only', 'discovery.**']);
    expect(summary.checks.map((c) => `${c.id}: ${c.status}`)).toEqual([
      'discovery.okta-entitlements: passed',
      'discovery.resource-types: passed',
    ]);
  });

  it('fails no Okta check when a lookup that finds nobody answers 404 with a SCIM error, which Okta accepts and Entra does not', async () => {
    const { summary } = await runAgainst({ faults: ['filter-miss-404'] }, ['--client', 'both']);
    const failing = summary.checks.filter((c) => c.status === 'failed' || c.status === 'warning');
    expect(failing.filter((c) => clientsOf(c).includes('okta')).map((c) => c.id)).toEqual([]);
    expect(failing.map((c) => c.id)).toContain('connection.test-connection');
    expect(summary.byClient!.okta!.failed).toBe(0);
    expect(summary.byClient!.entra!.failed).toBeGreaterThan(0);
  });

  it("has every Okta check named by some fault's okta row, or running for Entra too (and proved by its Entra faults)", () => {
    const rows = OKTA_ROWS.map(({ okta }) => idMatcher([...okta]));
    const uncaught = correct.summary.checks
      .filter((c) => !clientsOf(c).includes('entra'))
      .map((c) => c.id)
      .filter((id) => !rows.some((caught) => caught(id)));
    expect(uncaught).toEqual([]);
  });
});

describe("Okta's tests, step by step", () => {
  it('has a check standing for every step of its SPEC, CRUD and Entitlements tests, each sending Okta requests', async () => {
    const plan = await loadPlan(loadProfile('entra').profile);
    for (const item of [...OKTA_SPEC_TEST, ...OKTA_CRUD_TEST, ...OKTA_ENTITLEMENTS_TEST]) {
      const checks = plan.filter((c) => c.covers.includes(item));
      expect(checks.length, item).toBeGreaterThan(0);
      expect(
        checks.filter((c) => !c.clients.includes('okta')).map((c) => c.id),
        item,
      ).toEqual([]);
    }
  });
});

describe.concurrent('each fault with an okta row fails exactly those checks in an Okta run', () => {
  againstCorrect();

  for (const { fault, okta } of OKTA_ROWS) {
    it(fault, async () => {
      const { summary, code } = await runAgainst({ faults: [fault] });
      const failing = notPassed(summary);
      const expected = correct.summary.checks.map((c) => c.id).filter(idMatcher([...okta]));
      const named = idMatcher([...okta]);
      expect(expected.length, `the okta row names no check of an Okta run for ${fault}`).toBeGreaterThan(0);
      expect({ missed: expected.filter((id) => !failing.includes(id)), unexpected: failing.filter((id) => !named(id)) }).toEqual({
        missed: [],
        unexpected: [],
      });
      expect(summary.checks.filter((c) => c.status === 'not-judged').map((c) => `${c.id}: ${c.reason}`)).toEqual([]);
      expect(code).toBe(summary.checks.some((c) => c.status === 'failed') ? 1 : 0);
    });
  }
});
