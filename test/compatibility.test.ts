// The compatibility matrix: for each rule the interoperability profile, Entra and Okta disagree on, what the server
// did with each side's requests, read off the run's outcomes, and whom that breaks.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from '../reference/server.ts';
import { compatibilityPage, compatibilityRows, RULES } from '../src/report/compatibility.ts';
import type { CheckOutcome } from '../src/report/summary.ts';
import { loadPlan } from '../src/runner/registry.ts';
import { loadProfile } from '../src/profiles/load-profile.ts';
import { idMatcher } from '../src/runner/registry.ts';
import { readSummary, runCli, tempDir } from './support/cli.ts';

const outcome = (id: string, status: CheckOutcome['status'], responseStatus?: number): CheckOutcome => ({
  id,
  title: id,
  level: 'MUST',
  status,
  durationMs: 1,
  ...(responseStatus ? { responseStatus } : {}),
});

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('the compatibility matrix', () => {
  it('says a server that enforces the profile rejects what Entra sends, and whom that breaks', () => {
    const checks = [
      outcome('interop.6.5.1.1.path-required', 'passed'),
      outcome('users.patch.add-attributes.aadOptscim062020', 'failed', 400),
      outcome('users.okta-deactivate.deactivate', 'passed'),
    ];
    const row = compatibilityRows({ checks }).find((r) => r.rule === 'pathless-patch')!;
    expect(row.profile?.enforcement).toBe('enforced');
    expect(row.entra?.behaviour).toBe('rejects');
    expect(row.okta?.behaviour).toBe('accepts');
    expect(row.breaks).toBe("enforcing §6.5.1.1 breaks Entra's aadOptscim062020 updates");
  });

  it('tells a request taken and stored wrongly from one refused, and leaves untested cells untested', () => {
    const rows = compatibilityRows({ checks: [outcome('users.soft-delete.disable.default-string', 'failed', 200)] });
    expect(rows.find((r) => r.rule === 'string-booleans')).toMatchObject({ entra: { behaviour: 'mishandles' } });
    expect(rows.find((r) => r.rule === 'pathless-patch')).toMatchObject({
      profile: { enforcement: 'not checked' },
      entra: { behaviour: 'not tested' },
      okta: { behaviour: 'not tested' },
    });
    expect(rows.find((r) => r.rule === 'pathless-patch')!.breaks).toBeUndefined();
  });

  it('names only checks the suite has (every glob of every rule matches a planned check)', async () => {
    const ids = (await loadPlan(loadProfile('entra').profile)).map((c) => c.id);
    const globs = RULES.flatMap((r) => [...(r.profile?.checks ?? []), ...(r.entra?.checks ?? []), ...(r.okta?.checks ?? [])]);
    expect(globs.filter((g) => !ids.some(idMatcher([g])))).toEqual([]);
  });

  it('is written by a run: a server that takes path-less PATCH and changes nothing breaks Entra, said in compatibility.md', async () => {
    const token = 'compat-token-3c9e1a7f';
    const server = await startReferenceServer({ auth: { mode: 'bearer', token }, faults: ['patch-no-path-ignored'] });
    const dir = await tempDir();
    dirs.push(dir);
    try {
      const run = await runCli(['--base-url', server.baseUrl, '--report-dir', dir, '--only', 'users.patch'], {
        env: { SCIM_TOKEN: token },
      });
      expect(run.code, run.stderr).toBe(1);
      const summary = await readSummary(dir);
      expect(summary.compatibility?.find((r) => r.rule === 'pathless-patch')).toMatchObject({ entra: { behaviour: 'mishandles' } });
      const page = await readFile(join(dir, 'compatibility.md'), 'utf8');
      expect(page).toContain(
        '| PATCH operations without a path | §6.5.1.1: every operation has a path; a path-less one is 400: not checked |',
      );
      expect(page).toMatch(/\*\*PATCH operations without a path\*\*: this breaks Entra's aadOptscim062020 updates\./);
      expect(run.stdout).toMatch(/Compatibility: 1 of \d contested rules break a client \(pathless-patch\)\. See .*compatibility\.md\./);
      expect(page).not.toContain(token);
    } finally {
      await server.close();
    }
  }, 60_000);
});

// compatibilityPage is exercised through the run above; a direct call must not throw on an empty run.
it('renders an empty run', () => {
  expect(compatibilityPage({ checks: [], profile: 'entra', target: 'x' })).toMatch(/none of the 0 contested rules tested breaks a client/);
});

it('does not count a check that failed on its precondition (its group could not be created) against the form it sends', () => {
  const blocked: CheckOutcome = { ...outcome('groups.members.remove.default', 'failed', 400), precondition: true };
  const row = compatibilityRows({ checks: [blocked] }).find((r) => r.rule === 'member-removal')!;
  expect(row.entra?.behaviour).toBe('not tested');
  expect(row.breaks).toBeUndefined();
});
