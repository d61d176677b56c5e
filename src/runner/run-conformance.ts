// Starts vitest in this process with one entry file and hands it the run: no user config, no watch, no cache.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AllureReporter from 'allure-vitest/reporter';
import { startVitest } from 'vitest/node';
import { ConsoleOutput } from '../report/console.ts';
import { ResultsReporter } from '../report/results-reporter.ts';
import { type Summary, exitCodeFor, totals } from '../report/summary.ts';
import { Redactor } from '../harness/redactor.ts';
import type { RunSpec } from './run-spec.ts';
import { TOOL_VERSION } from '../cli/version.ts';

export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY = fileURLToPath(new URL('./conformance.entry.ts', import.meta.url));

export interface RunResult {
  summary: Summary;
  exitCode: 0 | 1;
}

export async function runConformance(spec: RunSpec, reportDir: string, output: ConsoleOutput): Promise<RunResult> {
  const startedAt = new Date();
  const resultsDir = join(reportDir, 'allure-results');
  await rm(resultsDir, { recursive: true, force: true });
  await mkdir(resultsDir, { recursive: true });
  const redactor = new Redactor(spec.secrets);
  const results = new ResultsReporter(spec.strict, redactor, output);

  const vitest = await startVitest(
    'test',
    [],
    {
      watch: false,
      config: false,
      root: PACKAGE_ROOT,
      dir: PACKAGE_ROOT,
      include: [ENTRY],
      reporters: [
        results,
        new AllureReporter({ resultsDir }) as never,
        ['junit', { outputFile: join(reportDir, 'junit.xml'), suiteName: `scim-conformance ${spec.profile.name}` }],
      ],
      provide: { scimRun: spec },
      pool: 'threads',
      isolate: false,
      fileParallelism: false,
      maxWorkers: 1,
      maxConcurrency: 8,
      passWithNoTests: true,
      allowOnly: false,
      silent: true,
    },
    { cacheDir: join(reportDir, '.vite-cache'), logLevel: 'silent', server: { watch: null } },
    { stdout: new NullStream(), stderr: process.stderr },
  );
  await vitest.close();
  await rm(join(reportDir, '.vite-cache'), { recursive: true, force: true });

  const summary: Summary = {
    tool: { name: 'scim-conformance', version: TOOL_VERSION },
    target: spec.targetLabel,
    profile: spec.profile.name,
    runId: spec.runId,
    strict: spec.strict,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    totals: totals(results.outcomes),
    errors: results.errors,
    checks: [...results.outcomes].sort((a, b) => a.id.localeCompare(b.id)),
  };
  await writeFile(join(reportDir, 'summary.json'), `${redactor.redact(JSON.stringify(summary, null, 2))}\n`);
  await redactFiles(reportDir, redactor);
  process.exitCode = undefined;
  return { summary, exitCode: exitCodeFor(summary) };
}

import { Writable } from 'node:stream';
import { readdir, readFile } from 'node:fs/promises';

/** vitest's own logger writes banners; the suite prints its own lines instead. */
class NullStream extends Writable {
  override _write(_chunk: unknown, _encoding: string, callback: () => void): void {
    callback();
  }
}

/** A last sweep over everything written: no secret survives in any report file, whatever produced it. */
async function redactFiles(dir: string, redactor: Redactor): Promise<void> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const text = await readFile(path, 'utf8');
    const clean = redactor.redact(text);
    if (clean !== text) await writeFile(path, clean);
  }
}
