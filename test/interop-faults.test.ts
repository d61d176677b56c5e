// The interoperability profile (--standard interop), proven on the reference server the way test/faults.test.ts proves
// the Entra checks: held to the profile, the server passes every interop check and claims conformance; each interop
// fault fails exactly the checks its record names there; the default server, the one Entra and Okta provision, fails
// exactly the rules that refuse what they send (or where RFC 7643/7644 read otherwise), and claims nothing.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_RECORDS } from '../reference/faults.ts';
import { type ReferenceServerOptions, startReferenceServer } from '../reference/server.ts';
import { loadProfile } from '../src/profiles/load-profile.ts';
import { type CheckOutcome, standardVerdict, type Summary } from '../src/report/summary.ts';
import { idMatcher, loadPlan } from '../src/runner/registry.ts';
import { selectChecks } from '../src/runner/selection.ts';
import { readSummary, runCli, tempDir } from './support/cli.ts';

const TOKEN = 'interop-fault-table-token-0123456789';
// Enough users that a page of 100 can be asked for and filled.
const TENANT = { users: 105, groups: 101 };
const STRICT = { standard: 'interop' } as const;
const dirs: string[] = [];

/**
 * What the default server fails in an interop run, and why: the compatibility story. Four rules refuse what Entra or
 * Okta send; three are where the default server keeps to RFC 7643/7644 and the profile asks for more, or the opposite.
 */
const DEFAULT_FAILS: Record<string, string> = {
  'interop.5.3.create-undefined-attribute': 'Entra and Okta: their mappings send attributes an app may not define (Okta password, locale)',
  'interop.5.3.create-undefined-schema': "Entra: every group create lists Microsoft's ADSCIM group schema URI",
  'interop.5.3.patch-undefined-attribute': 'Entra and Okta: their updates name the attributes of their mappings',
  'interop.6.5.1.1.path-required': "Entra's aadOptscim062020 updates and Okta's deactivation are path-less replaces",
  'interop.6.5.2.1.complex-replace-replaces': 'RFC 7644 §3.5.2.3 leaves the sub-attributes a replace does not send unchanged',
  'interop.6.3.undefined-attribute': 'RFC 7644 leaves open what a filter on an undefined attribute answers; the default server: no match',
  'interop.5.4.canonical-types': 'RFC 7643 names no types for entitlements, roles and x509Certificates, and the default server takes any',
};

const INTEROP_ROWS = FAULT_RECORDS.flatMap(([fault, { interop }]) => (interop ? [{ fault, interop }] : []));

async function runInterop(
  options: ReferenceServerOptions,
  args: string[] = [],
): Promise<{ summary: Summary; code: number | null; stdout: string }> {
  const server = await startReferenceServer({ tenantData: TENANT, ...options, auth: { mode: 'bearer', token: TOKEN } });
  const reportDir = await tempDir();
  dirs.push(reportDir);
  try {
    const result = await runCli(['--base-url', server.baseUrl, '--report-dir', reportDir, '--standard', 'interop', ...args], {
      env: { SCIM_TOKEN: TOKEN },
    });
    if (result.code === 2 || result.stderr.includes('unexpected error')) throw new Error(`CLI failed: ${result.stderr}\n${result.stdout}`);
    return { summary: await readSummary(reportDir), code: result.code, stdout: result.stdout };
  } finally {
    await server.close();
  }
}

const interopChecks = (summary: Summary): CheckOutcome[] => summary.checks.filter((c) => c.standard === 'interop');
const notPassed = (checks: CheckOutcome[]) =>
  checks
    .filter((c) => c.status === 'failed' || c.status === 'warning')
    .map((c) => c.id)
    .sort();

// Every interop check the entra profile plans, whichever run holds it.
const INTEROP_IDS = (await loadPlan(loadProfile('entra').profile)).filter((c) => c.standard === 'interop').map((c) => c.id);

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('the reference server held to the profile (standard interop)', () => {
  let run: Awaited<ReturnType<typeof runInterop>>;
  beforeAll(async () => {
    run = await runInterop(STRICT);
  });

  it('passes every interop check, and its claim agrees with the verdict', () => {
    const checks = interopChecks(run.summary);
    expect(checks.map((c) => c.id).sort()).toEqual([...INTEROP_IDS].sort());
    expect(checks.filter((c) => c.status !== 'passed').map((c) => `${c.id}: ${c.status} ${c.reason ?? ''}`)).toEqual([]);
    expect(run.summary.standards?.interop).toMatchObject({
      document: 'draft-zollner-scim-interop-profile-01',
      claimed: true,
      failed: [],
      verdict: 'conformant',
      agrees: true,
      checked: INTEROP_IDS.length,
    });
    expect(run.stdout).toContain(
      `SCIM 2.0 Interoperability Profile (draft-zollner-scim-interop-profile-01): The server claims conformance (interopProfileConformant: true) and meets every requirement checked (${INTEROP_IDS.length}).`,
    );
  });

  it('refuses what Entra sends where the profile says so: its path-less updates and its group creates', () => {
    const failed = new Set(run.summary.checks.filter((c) => c.status === 'failed').map((c) => c.id));
    expect(
      ['users.patch.replace-attributes.aadOptscim062020', 'users.soft-delete.disable.aadOptscim062020', 'groups.create.created'].filter(
        (id) => !failed.has(id),
      ),
    ).toEqual([]);
    expect(run.code).toBe(1);
  });
});

describe('the default reference server (the one Entra and Okta provision) in an interop run', () => {
  let run: Awaited<ReturnType<typeof runInterop>>;
  beforeAll(async () => {
    run = await runInterop({});
  });

  it('fails exactly the rules that refuse what Entra and Okta send, or that RFC 7643/7644 read otherwise', () => {
    expect(notPassed(interopChecks(run.summary))).toEqual(Object.keys(DEFAULT_FAILS).sort());
    // Asked for the profile, the run judges the Entra checks as ever: the default server passes them all.
    expect(run.summary.checks.filter((c) => c.standard === undefined && c.status !== 'passed').map((c) => c.id)).toEqual([]);
  });

  it('does not claim conformance, and the summary and the console say that the claim agrees with the verdict', () => {
    const verdict = run.summary.standards?.interop;
    expect(verdict).toMatchObject({ verdict: 'not conformant', agrees: true, failed: Object.keys(DEFAULT_FAILS).sort() });
    expect(verdict?.claimed).toBeUndefined();
    expect(run.stdout).toContain(
      `SCIM 2.0 Interoperability Profile (draft-zollner-scim-interop-profile-01): The server does not claim conformance (no interopProfileConformant), and fails ${Object.keys(DEFAULT_FAILS).length} requirements: ${Object.keys(DEFAULT_FAILS).sort().join(', ')}.`,
    );
  });
});

describe('the claim against the verdict', () => {
  const outcome = (id: string, status: CheckOutcome['status'], level: CheckOutcome['level'] = 'MUST'): CheckOutcome => ({
    id,
    title: id,
    level,
    status,
    durationMs: 1,
    standard: 'interop',
  });
  const met = [outcome('interop.a', 'passed'), outcome('interop.b', 'passed')];
  const failing = [outcome('interop.a', 'failed'), outcome('interop.b', 'passed'), outcome('interop.c', 'warning', 'SHOULD')];

  it('says which way they disagree, or that they agree', () => {
    expect(standardVerdict('d-01', true, failing)).toMatchObject({
      claimed: true,
      failed: ['interop.a'],
      warnings: ['interop.c'],
      verdict: 'not conformant',
      agrees: false,
      comparison: 'The server claims conformance (interopProfileConformant: true) but fails 1 requirement: interop.a.',
    });
    expect(standardVerdict('d-01', undefined, met)).toMatchObject({
      verdict: 'conformant',
      agrees: false,
      comparison: 'The server does not claim conformance (no interopProfileConformant), yet meets every requirement checked (2).',
    });
    expect(standardVerdict('d-01', false, failing)).toMatchObject({ claimed: false, agrees: true, verdict: 'not conformant' });
    expect(standardVerdict('d-01', true, met)).toMatchObject({ agrees: true, verdict: 'conformant' });
    // A warning (a SHOULD) does not make a server non-conformant; a check not judged leaves the verdict open.
    expect(standardVerdict('d-01', true, [...met, outcome('interop.c', 'warning', 'SHOULD')]).verdict).toBe('conformant');
    const open = standardVerdict('d-01', 'yes', [...met, outcome('interop.d', 'not-judged')]);
    expect(open).toMatchObject({ verdict: 'incomplete', notJudged: ['interop.d'] });
    expect(open.claimed).toBeUndefined();
    expect(open.agrees).toBeUndefined();
    expect(open.comparison).toContain('interopProfileConformant "yes" is not a boolean');
  });
});

describe('which runs hold the interop checks', () => {
  it('an Entra run (no --standard) plans none; asked for the profile, an Entra or an Okta run plans them all', async () => {
    const { profile } = loadProfile('entra');
    const ids = async (facts: Parameters<typeof selectChecks>[2]) =>
      (await selectChecks(profile, [], facts)).filter((s) => s.check.standard === 'interop').map((s) => s.check.id);
    expect(await ids({ authMode: 'bearer' })).toEqual([]);
    expect(await ids({ authMode: 'bearer', clients: ['okta'] })).toEqual([]);
    expect((await ids({ authMode: 'bearer', standards: ['interop'] })).sort()).toEqual([...INTEROP_IDS].sort());
    expect((await ids({ authMode: 'bearer', clients: ['okta'], standards: ['interop'] })).sort()).toEqual([...INTEROP_IDS].sort());
  });

  it('has every interop check named by at least one fault (a check that cannot fail is a defect)', () => {
    const rows = INTEROP_ROWS.map(({ interop }) => idMatcher([...interop]));
    expect(INTEROP_IDS.filter((id) => !rows.some((caught) => caught(id)))).toEqual([]);
  });
});

describe.concurrent('each interop fault is caught by exactly its checks, on the server held to the profile', () => {
  for (const { fault, interop } of INTEROP_ROWS) {
    it(fault, async () => {
      const { summary } = await runInterop({ ...STRICT, faults: [fault] }, ['--only', 'interop']);
      const checks = interopChecks(summary);
      const expected = INTEROP_IDS.filter(idMatcher([...interop]));
      expect(expected.length, `the record names no interop check for ${fault}`).toBeGreaterThan(0);
      expect(notPassed(checks)).toEqual(expected.sort());
      expect(checks.filter((c) => c.status === 'not-judged').map((c) => `${c.id}: ${c.reason}`)).toEqual([]);
      // The server still claims conformance (unless the fault is in the claim), and the summary says it does not hold.
      const verdict = summary.standards?.interop;
      const mustFailed = checks.some((c) => c.status === 'failed');
      expect(verdict?.verdict).toBe(mustFailed ? 'not conformant' : 'conformant');
      if (verdict?.claimed === true && mustFailed)
        expect(verdict.comparison).toMatch(/^The server claims conformance \(interopProfileConformant: true\) but fails /);
    });
  }
});
