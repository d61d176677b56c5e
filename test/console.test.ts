// The terminal output: quiet and line-oriented for CI logs, a live progress line on a TTY, every check with --verbose.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsoleOutput, invocation, isInteractive } from '../src/report/console.ts';
import type { Summary } from '../src/report/summary.ts';
import type { CheckOutcome } from '../src/report/summary.ts';
import { runCli, tempDir } from './support/cli.ts';

/** A stream that records what was written, posing as a terminal when asked to. */
function fakeStream(tty: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let written = '';
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      written += String(chunk);
      callback();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY: tty, columns: 100, rows: 30 });
  return { stream, text: () => written };
}

const passed: CheckOutcome = {
  id: 'users.create.created',
  title: 'POST /Users creates the user',
  level: 'MUST',
  status: 'passed',
  durationMs: 12,
};
const failed: CheckOutcome = {
  id: 'users.get.by-id',
  title: 'GET /Users/{id} returns the user',
  level: 'MUST',
  status: 'failed',
  durationMs: 30,
};
const skipped: CheckOutcome = {
  id: 'groups.create.created',
  title: 'POST /Groups',
  level: 'MUST',
  status: 'skipped',
  reason: 'profile x provisions no groups',
  durationMs: 0,
};

// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');

function summaryOf(checks: CheckOutcome[]): Summary {
  const count = (status: CheckOutcome['status']) => checks.filter((c) => c.status === status).length;
  return {
    tool: { name: 'scim-conformance', version: '0.0.0' },
    target: 'https://app.example.com/scim/v2',
    profile: 'entra',
    runId: '0000aaaa',
    strict: false,
    startedAt: new Date(0).toISOString(),
    durationMs: 1200,
    totals: {
      passed: count('passed'),
      failed: count('failed'),
      warnings: count('warning'),
      skipped: count('skipped'),
      notJudged: count('not-judged'),
    },
    errors: [],
    leftovers: [],
    checks,
  };
}

const notJudged: CheckOutcome = {
  id: 'users.patch.add',
  title: 'PATCH add',
  level: 'MUST',
  status: 'not-judged',
  reason: 'PATCH /Users/1 got no answer from the target: connection reset',
  durationMs: 0,
};
const warned: CheckOutcome = {
  id: 'groups.filter.case',
  title: 'Group filter case',
  level: 'SHOULD',
  status: 'warning',
  reason: 'Expected: 1 group — Got: 0',
  durationMs: 3,
};
const galleryWarned: CheckOutcome = {
  id: 'groups.members.add-several.default',
  title: 'PATCH adds several members',
  level: 'SHOULD',
  status: 'warning',
  reason: 'Expected: 3 members — Got: 1',
  durationMs: 4,
  covers: ['Gallery: Several members in one PATCH'],
};

describe('the end of a run', () => {
  it('on a terminal recaps every failure, warning and not-judged check, one line each, failures first', () => {
    const tty = fakeStream(true);
    const output = new ConsoleOutput({ stream: tty.stream, interactive: true });
    output.finished(
      summaryOf([passed, notJudged, warned, { ...failed, reason: `Expected: 200 — Got: 404 ${'x'.repeat(300)}` }]),
      'reports',
      'npx scim-conformance',
    );
    const lines = plain(tty.text()).split('\n');
    const recap = lines.slice(lines.indexOf('Needs attention:') + 1, lines.indexOf('Needs attention:') + 4);
    expect(recap.map((l) => l.split(' ')[0])).toEqual(['FAIL', 'WARN', 'N/J']);
    expect(recap[0]).toMatch(/users\.get\.by-id: Expected: 200 — Got: 404 x+…$/);
    for (const line of recap) expect(line.length).toBeLessThanOrEqual(100);
    expect(plain(tty.text())).toMatch(/1 passed, 1 failed, 1 warnings, 1 not judged, 0 skipped/);
    expect(plain(tty.text())).toMatch(/Not judged: 1 check\(s\) got no answer .* The run is incomplete \(exit code 3\)/);
  });

  it("opens the end-of-run summary with the gallery's verdict, and shows a gallery item's warning as a failure there", () => {
    const tty = fakeStream(true);
    new ConsoleOutput({ stream: tty.stream, interactive: true }).finished(
      summaryOf([passed, warned, galleryWarned]),
      'reports',
      'npx scim-conformance',
    );
    const lines = plain(tty.text()).split('\n');
    expect(lines.find((l) => l.includes('groups.members.add-several.default'))).toMatch(
      /^WARN SHOULD groups\.members\.add-several\.default: would fail Microsoft's gallery test: Expected/,
    );
    expect(lines.find((l) => l.includes('groups.filter.case'))).toMatch(/groups\.filter\.case: Expected: 1 group/);
    const totalsAt = lines.findIndex((l) => /^\d+ passed, /.test(l));
    expect(lines[totalsAt - 2]).toBe('');
    // Only the last item is judged here (the others have no check in this summary).
    expect(lines[totalsAt - 1]).toBe(
      'Gallery validation: 1 of 1 item would fail; 12 more not judged in this run (not run, skipped or unanswered), which counts as neither passed nor failed.',
    );

    const pipe = fakeStream(false);
    const output = new ConsoleOutput({ stream: pipe.stream });
    output.checkFinished(galleryWarned, 'Expected: 3 members\nGot: 1');
    expect(plain(pipe.text())).toContain(
      "\n       would fail Microsoft's test: Several members in one PATCH (the gallery's Logic App fails what this run warns about)\n",
    );
    const withGate = fakeStream(false);
    new ConsoleOutput({ stream: withGate.stream }).finished({ ...summaryOf([galleryWarned]), gallery: true }, 'reports');
    expect(plain(withGate.text())).toContain(
      'would fail; 12 more not judged in this run (not run, skipped or unanswered), which counts as neither passed nor failed. With --gallery that fails the run.\n',
    );
  });

  it('in a pipe, has no recap (the details were printed as the checks finished)', () => {
    const pipe = fakeStream(false);
    new ConsoleOutput({ stream: pipe.stream }).finished(summaryOf([passed, failed]), 'out', 'npm start --');
    expect(plain(pipe.text())).not.toMatch(/Needs attention/);
    expect(plain(pipe.text())).toContain('(`npm start -- report --report-dir out` builds out/html)');
  });

  it('names the report command the way the tool was started', () => {
    expect(invocation({ npm_lifecycle_event: 'start' }, '/repo/bin/scim-conformance.js')).toBe('npm start --');
    expect(invocation({ npm_command: 'exec' }, '/x/bin/scim-conformance.js')).toBe('npx scim-conformance');
    expect(invocation({}, '/var/cache/npm/_npx/abc/node_modules/.bin/scim-conformance')).toBe('npx scim-conformance');
    expect(invocation({}, `${process.cwd()}/bin/scim-conformance.js`)).toBe('node bin/scim-conformance.js');
  });
});

describe('console output', () => {
  it('is a TTY only on a terminal that is not a CI log', () => {
    expect(isInteractive({ isTTY: true } as NodeJS.WriteStream, {})).toBe(true);
    expect(isInteractive({ isTTY: true } as NodeJS.WriteStream, { CI: 'true' })).toBe(false);
    expect(isInteractive({ isTTY: true } as NodeJS.WriteStream, { TERM: 'dumb' })).toBe(false);
    expect(isInteractive({ isTTY: false } as NodeJS.WriteStream, {})).toBe(false);
  });

  it('prints only what needs attention when not on a TTY, and every check with --verbose', async () => {
    const quiet = fakeStream(false);
    const output = new ConsoleOutput({ stream: quiet.stream });
    await output.startProgress(3);
    for (const outcome of [passed, failed, skipped])
      output.checkFinished(outcome, outcome === failed ? 'Expected: 200\nGot: 404' : undefined);
    output.stopProgress();
    const lines = plain(quiet.text());
    expect(lines).not.toContain('users.create.created');
    expect(lines).not.toContain('groups.create.created');
    expect(lines).toMatch(
      /^FAIL MUST +users\.get\.by-id \(30 ms\)\n +GET \/Users\/\{id\} returns the user\n +Expected: 200\n +Got: 404\n$/,
    );
    expect(quiet.text()).not.toContain('\u001b[2K');

    const loud = fakeStream(false);
    const verbose = new ConsoleOutput({ stream: loud.stream });
    verbose.verbose = true;
    for (const outcome of [passed, skipped]) verbose.checkFinished(outcome, undefined);
    expect(plain(loud.text())).toMatch(
      /^PASS MUST +users\.create\.created \(12 ms\)\nSKIP MUST +groups\.create\.created \(0 ms\)\n +profile x provisions no groups\n$/,
    );
  });

  it('keeps a live line of checks done and the running check on a TTY, with each finished check above it', async () => {
    const tty = fakeStream(true);
    // On a TTY outside CI (the CI variable is tested above; this test may itself run in CI).
    const output = new ConsoleOutput({ stream: tty.stream, interactive: true });
    await output.startProgress(2);
    output.checkStarted('users.create.created');
    expect(plain(tty.text())).toContain('▶ 0/2 checks · running 1: users.create.created');
    output.checkFinished(passed, undefined);
    output.checkStarted('users.get.by-id');
    const text = plain(tty.text());
    expect(text).toContain('PASS MUST   users.create.created (12 ms)');
    expect(text).toContain('▶ 1/2 checks · running 1: users.get.by-id');
    output.checkFinished(failed, 'Expected: 200\nGot: 404');
    output.stopProgress();
    output.line('after');
    // The live line is erased when the checks end; ordinary lines follow it.
    expect(tty.text()).toContain('\u001b[2K');
    expect(plain(tty.text()).trimEnd().endsWith('after')).toBe(true);
    // The cursor is hidden while the line shows and given back once, before the ordinary lines.
    expect(tty.text().split('\u001b[?25l')).toHaveLength(2);
    expect(tty.text().indexOf('\u001b[?25h')).toBeGreaterThan(tty.text().indexOf('\u001b[?25l'));
    expect(tty.text().indexOf('\u001b[?25h')).toBeLessThan(tty.text().indexOf('after'));
  });

  it('prints failures but no passing checks in a real run whose output is piped', async () => {
    const reportDir = await tempDir();
    const quiet = await runCli(['--report-dir', reportDir, '--only', 'users.create']);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stdout).not.toMatch(/^PASS/m);
    expect(quiet.stdout).toMatch(/\d+ passed, 0 failed/);
    const loud = await runCli(['--report-dir', reportDir, '--only', 'users.create', '--verbose']);
    expect(loud.stdout).toMatch(/^PASS MUST +users\.create\.created/m);
  });
});
