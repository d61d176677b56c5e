// Runs the real CLI as a vendor would, in a child process, and reads what it wrote.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Summary } from '../../src/report/summary.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin', 'scim-conformance.js');

export interface CliResult {
  code: number | null;
  /** Set when the process was ended by a signal it did not handle. */
  signal?: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** A fresh empty temporary folder by default: never the repository, whose reports/ and .env are the contributor's. */
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Another copy of the CLI (an installed package's); this repository's by default. */
  bin?: string;
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).done;
}

/** The CLI as a child process that a test can signal while it runs. */
export function startCli(args: string[], options: CliOptions = {}): { child: ChildProcess; done: Promise<CliResult> } {
  let child!: ChildProcess;
  const done = new Promise<CliResult>((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined };
    // The project's own vitest must not leak into the child's vitest.
    // CI=true (as in .ci/run) would make a run without SCIM_BASE_URL a configuration error; tests of that set CI themselves.
    for (const key of Object.keys(env))
      if (key.startsWith('VITEST') || key === 'NODE_OPTIONS' || key.startsWith('SCIM_') || key === 'CI') delete env[key];
    Object.assign(env, options.env ?? {});
    child = spawn(process.execPath, [options.bin ?? BIN, ...args], {
      cwd: options.cwd ?? mkdtempSync(join(tmpdir(), 'scimc-cwd-')),
      env: env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export async function tempDir(prefix = 'scimc-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function readSummary(reportDir: string): Promise<Summary> {
  return JSON.parse(await readFile(join(reportDir, 'summary.json'), 'utf8')) as Summary;
}
