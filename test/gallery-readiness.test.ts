// gallery-readiness.md takes the 25 requests per second from a load run against the same target, when one left its
// load.json in the report folder, and never from a load run against another target. It judges each item by exactly
// the checks that stand for it, as the tool that tests it would (the gallery's Logic App fails what a run warns
// about), and --gallery makes those items the gate.
import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { startReferenceServer } from '../reference/server.ts';
import { GALLERY_LOGIC_APP } from '../src/kit/coverage.ts';
import { galleryLine, galleryReadiness, galleryVerdict, type LoadEvidence } from '../src/report/gallery-readiness.ts';
import { type CheckOutcome, EXIT_INCOMPLETE, exitCodeFor, type Summary } from '../src/report/summary.ts';
import { runCli, tempDir } from './support/cli.ts';

const summary: Summary = {
  tool: { name: 'scim-conformance', version: '0.0.0' },
  target: 'https://app.example.com/scim/v2',
  profile: 'entra',
  runId: 'aaaaaaaa',
  strict: false,
  startedAt: '2026-11-23T00:00:00.000Z',
  durationMs: 1,
  totals: { passed: 1, failed: 0, warnings: 0, skipped: 0, notJudged: 0 },
  errors: [],
  leftovers: [],
  checks: [
    {
      id: 'users.create.created',
      title: 'POST /Users',
      level: 'MUST',
      status: 'passed',
      durationMs: 1,
      covers: ['Validator: Create a new User'],
    },
  ],
};

const load = (result: LoadEvidence['verdict']['result'], target = summary.target): LoadEvidence => ({
  runId: 'bbbbbbbb',
  startedAt: '2026-11-23T00:01:00.000Z',
  target,
  verdict: { result, summary: result === 'pass' ? 'PASS: sustained 40 rps' : 'FAIL: sustained 9 rps, below the 25 rps Microsoft requires' },
});

describe('gallery readiness and the load run', () => {
  it('says 25 requests per second is not tested without a load run', () => {
    const text = galleryReadiness(summary);
    expect(text).toMatch(/## Not tested by this suite yet[\s\S]*Sustain 25 requests per second: measured by `scim-conformance load`/);
    expect(text).not.toContain('## Load');
  });

  it('shows the verdict of a load run against the same target, and its failure under what to fix', () => {
    expect(galleryReadiness(summary, load('pass'))).toMatch(
      /\| Sustain 25 requests per second \| passed \| load run bbbbbbbb at .*PASS: sustained 40 rps \|/,
    );
    const failed = galleryReadiness(summary, load('fail'));
    expect(failed).toMatch(/\| Sustain 25 requests per second \| \*\*FAILED\*\* \|/);
    expect(failed).toMatch(/## What to fix\n\n- \*\*Gallery: Sustain 25 requests per second\*\*: FAIL: sustained 9 rps/);
    const notTested = failed.slice(failed.indexOf('## Not tested by this suite yet'), failed.indexOf('## What to fix'));
    expect(notTested).not.toContain('Sustain 25');
  });

  it('ignores a load run against another target', () => {
    expect(galleryReadiness(summary, load('pass', 'https://other.example.com/scim/v2'))).not.toContain('## Load');
  });
});

const outcome = (id: string, status: CheckOutcome['status'], covers: string[], level: CheckOutcome['level'] = 'MUST'): CheckOutcome => ({
  id,
  title: id,
  level,
  status,
  durationMs: 1,
  covers,
});
const run = (checks: CheckOutcome[], extra: Partial<Summary> = {}): Summary => ({ ...summary, ...extra, checks });
// Every gallery item judged and passed, by one check each, but for the ones a test replaces.
const allPassed = GALLERY_LOGIC_APP.map((item, i) => outcome(`gallery.item-${i}`, 'passed', [item]));
const replacing = (item: string, ...checks: CheckOutcome[]) => [...allPassed.filter((c) => !c.covers?.includes(item)), ...checks];

describe('the gallery verdict', () => {
  it("shows a gallery item whose SHOULD check warned as would fail Microsoft's test, a validator item's warning as a warning", () => {
    const text = galleryReadiness(
      run([
        ...replacing(
          'Gallery: Several members in one PATCH',
          outcome('groups.members.add-several.default', 'warning', ['Gallery: Several members in one PATCH'], 'SHOULD'),
        ),
        outcome('groups.members.add-then-remove', 'warning', ['Validator preview: Add and remove a member in one PATCH'], 'SHOULD'),
      ]),
    );
    expect(text.split('\n').slice(0, 3)).toEqual(['# Gallery readiness', '', 'Gallery validation: 1 of 13 items would fail.']);
    expect(text).toMatch(
      /\| Several members in one PATCH \| \*\*would fail Microsoft's test\*\* \| `groups\.members\.add-several\.default` \|/,
    );
    expect(text).toMatch(/\| Add and remove a member in one PATCH \| warning \|/);
    expect(text).toContain(
      "- **Gallery: Several members in one PATCH**: `groups.members.add-several.default` (SHOULD, warning here, would fail Microsoft's test).",
    );
    // The legend says why the two tools differ.
    expect(text).toMatch(/Logic App that fails an item on any deviation and has no warnings/);
    expect(text).toMatch(/SCIM Validator reports each test and leaves the verdict to you, so a warning stays a warning/);
  });

  it('counts only judged items in M and names the others as not judged, never as passed', () => {
    const checks = replacing('Gallery: Delete a Group', outcome('groups.delete.hard', 'skipped', ['Gallery: Delete a Group'])).filter(
      (c) => !c.covers?.includes('Gallery: Paginate Groups'),
    );
    const withNoAnswer = [
      ...checks.filter((c) => !c.covers?.includes('Gallery: Delete a User')),
      outcome('users.delete.hard', 'not-judged', ['Gallery: Delete a User']),
    ];
    const verdict = galleryVerdict(withNoAnswer);
    expect(verdict.notJudged.sort()).toEqual(['Gallery: Delete a Group', 'Gallery: Delete a User', 'Gallery: Paginate Groups']);
    expect(galleryLine(verdict)).toBe(
      'Gallery validation: 0 of 10 items would fail; 3 more not judged in this run (not run, skipped or unanswered), which counts as neither passed nor failed.',
    );
    const text = galleryReadiness(run(withNoAnswer));
    expect(text).toMatch(/\| Paginate Groups \| not run \|/);
    expect(text).toMatch(/\| Delete a Group \| skipped \|/);
    expect(text).toMatch(/## What to fix\n\nNothing failed, but not every item was judged/);
  });

  it('judges an item by exactly the checks that stand for it: a clear with null that fails leaves the clear with "" passed', () => {
    const text = galleryReadiness(
      run([
        ...allPassed.filter((c) => !c.covers?.some((item) => item.startsWith('Gallery: Clear'))),
        outcome('users.patch.clear.empty-string', 'passed', ['Gallery: Clear an attribute with an empty string']),
        outcome('users.patch.clear.null', 'failed', ['Gallery: Clear an attribute with null']),
      ]),
    );
    expect(text).toMatch(/\| Clear an attribute with an empty string \| passed \| `users\.patch\.clear\.empty-string` \|/);
    expect(text).toMatch(/\| Clear an attribute with null \| \*\*would fail Microsoft's test\*\* \| `users\.patch\.clear\.null` \|/);
  });
});

describe('--gallery and the exit code', () => {
  const totals = (checks: CheckOutcome[]) => ({
    passed: 0,
    failed: checks.filter((c) => c.status === 'failed').length,
    warnings: 0,
    skipped: 0,
    notJudged: 0,
  });
  const gate = (checks: CheckOutcome[], gallery: boolean) =>
    exitCodeFor({ ...run(checks), totals: totals(checks), ...(gallery ? { gallery: true } : {}) });
  const warned = replacing(
    'Gallery: Several members in one PATCH',
    outcome('groups.members.add-several.default', 'warning', ['Gallery: Several members in one PATCH'], 'SHOULD'),
  );

  it('fails the run on a gallery item that would fail, even through a SHOULD check, only with --gallery', () => {
    expect(gate(warned, false)).toBe(0);
    expect(gate(warned, true)).toBe(1);
  });

  it('makes the run incomplete (3) when no gallery item fails but one was not judged', () => {
    const notRun = allPassed.slice(1);
    expect(gate(notRun, false)).toBe(0);
    expect(gate(notRun, true)).toBe(EXIT_INCOMPLETE);
    expect(gate(allPassed, true)).toBe(0);
    // A would-fail item outweighs one not judged.
    expect(gate(warned.slice(1), true)).toBe(1);
  });

  it('gates a real run: a SHOULD failure under a gallery item exits 1 with --gallery, 0 without; an --only run exits 3', async () => {
    const token = 'gallery-gate-token-5b1e';
    const server = await startReferenceServer({ auth: { mode: 'bearer', token }, faults: ['group-add-first-member-only'] });
    const reportDir = await tempDir();
    const cli = (args: string[]) => runCli(args, { env: { SCIM_TOKEN: token } });
    try {
      const args = ['--base-url', server.baseUrl, '--report-dir', reportDir];
      const lenient = await cli(args);
      expect(lenient.code, lenient.stdout + lenient.stderr).toBe(0);
      expect(lenient.stdout).toMatch(/\nGallery validation: 1 of 13 items would fail\.\n\d+ passed, 0 failed, \d+ warnings/);
      const gated = await cli([...args, '--gallery']);
      expect(gated.code, gated.stdout + gated.stderr).toBe(1);
      expect(gated.stdout).toContain('Gallery validation: 1 of 13 items would fail. With --gallery that fails the run.');
      const partial = await cli([...args, '--gallery', '--only', 'users.create']);
      expect(partial.code, partial.stdout + partial.stderr).toBe(EXIT_INCOMPLETE);
      expect(partial.stdout).toMatch(
        /Gallery validation: 0 of 1 item would fail; 12 more not judged in this run .* With --gallery the run is incomplete \(exit code 3\)\./,
      );
    } finally {
      await server.close();
      await rm(reportDir, { recursive: true, force: true });
    }
  }, 300_000);
});
