// The terminal output: quiet and line-oriented for CI logs, a live progress line on a TTY, every check with --verbose.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsoleOutput, isInteractive } from '../src/report/console.ts';
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

const passed: CheckOutcome = { id: 'users.create.created', title: 'POST /Users creates the user', level: 'MUST', status: 'passed', durationMs: 12 };
const failed: CheckOutcome = { id: 'users.get.by-id', title: 'GET /Users/{id} returns the user', level: 'MUST', status: 'failed', durationMs: 30 };
const skipped: CheckOutcome = { id: 'groups.create.created', title: 'POST /Groups', level: 'MUST', status: 'skipped', reason: 'profile x provisions no groups', durationMs: 0 };

// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');

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
    for (const outcome of [passed, failed, skipped]) output.checkFinished(outcome, outcome === failed ? 'Expected: 200\nGot: 404' : undefined);
    output.stopProgress();
    const lines = plain(quiet.text());
    expect(lines).not.toContain('users.create.created');
    expect(lines).not.toContain('groups.create.created');
    expect(lines).toMatch(/^FAIL MUST +users\.get\.by-id \(30 ms\)\n +GET \/Users\/\{id\} returns the user\n +Expected: 200\n +Got: 404\n$/);
    expect(quiet.text()).not.toContain('\u001b[2K');

    const loud = fakeStream(false);
    const verbose = new ConsoleOutput({ stream: loud.stream });
    verbose.verbose = true;
    for (const outcome of [passed, skipped]) verbose.checkFinished(outcome, undefined);
    expect(plain(loud.text())).toMatch(/^PASS MUST +users\.create\.created \(12 ms\)\nSKIP MUST +groups\.create\.created \(0 ms\)\n +profile x provisions no groups\n$/);
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
