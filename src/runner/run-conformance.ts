// Starts vitest in this process with one entry file and hands it the run: no user config, no watch, no cache.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { CODE_ROOT, CODE_EXT, PACKAGE_ROOT } from '../paths.ts';
import { createVitest } from 'vitest/node';
import type { ConsoleOutput } from '../report/console.ts';
import { compareWithBaseline } from '../report/baseline.ts';
import { compatibilityPage, compatibilityRows } from '../report/compatibility.ts';
import { galleryReadiness, type LoadEvidence } from '../report/gallery-readiness.ts';
import { oktaReadiness } from '../report/okta-readiness.ts';
import { AllureReporter } from '../report/allure-writer.ts';
import { junitXml } from '../report/junit.ts';
import { ResultsReporter } from '../report/results-reporter.ts';
import { type Summary, exitCodeFor, standardVerdict, totals, totalsByClient } from '../report/summary.ts';
import type { Standard } from '../kit/check.ts';
import { INTEROP_DRAFT } from '../../suites/evidence/interop.ts';
import type { FlowStats } from '../http/flow-control.ts';
import { Ledger, type Leftover } from '../cleanup/ledger.ts';
import { Redactor } from '../http/redactor.ts';
import { describeLeftover, type SweepResult, sweepLeftovers } from '../cleanup/sweep.ts';
import type { Interrupt } from '../cleanup/interrupt.ts';
import { markLive } from '../cleanup/live-runs.ts';
import type { RunSpec } from './run-spec.ts';
import { TOOL_VERSION } from '../version.ts';
import { mark } from '../timing.ts';

// Compiled, the worker runs the bundle the build writes (src/build/bundle-worker.ts): entry, harness and checks in one
// file. From the TypeScript sources it runs the entry itself, through Vite's transforms.
const COMPILED = CODE_EXT === '.js';
const ENTRY = COMPILED ? join(CODE_ROOT, 'worker', 'conformance.entry.js') : join(CODE_ROOT, 'src', 'runner', 'conformance.entry.ts');

/** The document (and version) each standard's checks implement. */
const STANDARD_DOCUMENTS: Record<Standard, string> = { interop: `${INTEROP_DRAFT.draft}-${INTEROP_DRAFT.version}` };

export interface RunResult {
  summary: Summary;
  exitCode: 0 | 1 | 3 | 130;
}

/**
 * `interrupt` is the CLI's, listening since it started: a signal before the checks start means none starts; one
 * during them stops new checks (vitest's cancel, and a stop file the worker reads before each check).
 */
export async function runConformance(
  spec: RunSpec,
  reportDir: string,
  output: ConsoleOutput,
  interrupt: Interrupt,
  baseline?: { file: string; summary: Summary },
): Promise<RunResult> {
  const startedAt = new Date();
  const resultsDir = join(reportDir, 'allure-results');
  await rm(resultsDir, { recursive: true, force: true });
  await mkdir(resultsDir, { recursive: true });
  const redactor = new Redactor(spec.secrets);
  const results = new ResultsReporter(spec.strict, redactor, output);
  const allure = new AllureReporter(resultsDir, redactor, spec.strict);

  await rm(spec.ledgerPath, { force: true });
  await rm(spec.stopPath, { force: true });
  const ledger = new Ledger(spec.ledgerPath);
  interrupt.watch(ledger);
  const unmarkLive = markLive(spec.runId, spec.targetLabel);
  const signalHandlers = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  const vitest = await createVitest(
    'test',
    {
      watch: false,
      config: false,
      root: PACKAGE_ROOT,
      dir: dirname(ENTRY),
      include: [ENTRY],
      // Vitest leaves out node_modules by default: where this package is installed.
      exclude: [],
      reporters: [results, allure as never],
      provide: { scimRun: spec },
      pool: 'threads',
      isolate: false,
      fileParallelism: false,
      maxWorkers: 1,
      maxConcurrency: spec.concurrency,
      passWithNoTests: true,
      allowOnly: false,
      silent: true,
      // Compiled, the worker imports the bundle natively: no Vite module runner, no module hooks that transform.
      ...(COMPILED ? { experimental: { viteModuleRunner: false, nodeLoader: false } } : {}),
    },
    { cacheDir: join(reportDir, '.vite-cache'), logLevel: 'silent', server: { watch: null } },
    { stdout: new NullStream(), stderr: process.stderr },
  );
  mark('vitest-created');
  // vitest's logger exits the process on SIGINT/SIGTERM; here a signal must stop the checks and then clean up.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) if (!signalHandlers[signal].includes(listener)) process.off(signal, listener);
  }
  const stopChecks = interrupt.onInterrupt(() => {
    writeFileSync(spec.stopPath, 'interrupted\n');
    void vitest.cancelCurrentRun('keyboard-input');
  });
  try {
    if (!interrupt.interrupted) await vitest.start();
    mark('checks-done');
  } finally {
    stopChecks();
    output.stopProgress();
    await vitest.close();
  }
  mark('closed');
  await allure.writer.flush();
  mark('allure-written');

  // Whatever a check could not remove (a failure in its cleanup, or Ctrl-C) is removed here, from the ledger.
  // Normally nothing is left and no HTTP client is needed here at all.
  // What the worker hands back besides its figures: what the target claims of itself for each standard.
  const { claims, ...flowStats } =
    (await readFile(spec.flowStatsPath, 'utf8').then(
      (text) => JSON.parse(text) as FlowStats & { targetGone?: string; claims?: Partial<Record<Standard, unknown>> },
      () => undefined,
    )) ?? {};
  const throughput = 'requests' in flowStats ? (flowStats as FlowStats & { targetGone?: string }) : undefined;
  await rm(spec.flowStatsPath, { force: true });
  if (throughput?.targetGone) output.line(`the run stopped early: ${throughput.targetGone}; the checks not yet run are not judged`);
  let sweep: SweepResult = { removed: 0, left: [], unverified: [] };
  if (ledger.leftovers().length) {
    const { ScimClient } = await import('../http/client.ts');
    // A target that stopped answering during the checks gets one more chance, not one per resource.
    const outage = throughput?.targetGone ? { outage: { requests: 1, quietMs: 0 } } : {};
    const cleanupClient = new ScimClient({
      baseUrl: spec.baseUrl,
      auth: spec.auth,
      timeoutMs: spec.timeoutMs,
      redactor,
      tls: spec.tls,
      ...outage,
    });
    sweep = await sweepLeftovers(ledger, cleanupClient);
    await cleanupClient.close();
  } else {
    sweep.unverified = ledger.possiblyLeft();
  }
  mark('swept');
  unmarkLive();
  await rm(spec.stopPath, { force: true });
  if (sweep.removed) output.line(`cleanup: removed ${sweep.removed} resource(s) that checks had left behind`);
  for (const left of sweep.left) output.line(`cleanup: still on the target: ${describeLeftover(left)}: ${left.reason}`);
  for (const [reason, resources] of byReason(sweep.unverified)) {
    output.line(`cleanup: ${resources.length} resource(s) may remain, ${reason}: ${resources.map(describeLeftover).join(', ')}`);
  }
  await rm(join(reportDir, '.vite-cache'), { recursive: true, force: true });

  const summary: Summary = {
    tool: { name: 'scim-conformance', version: TOOL_VERSION },
    target: spec.targetLabel,
    profile: spec.profile.name,
    runId: spec.runId,
    strict: spec.strict,
    ...(spec.gallery ? { gallery: true } : {}),
    clients: spec.clients,
    ...(spec.standards.length
      ? {
          standards: Object.fromEntries(
            spec.standards.map((standard) => [
              standard,
              standardVerdict(
                STANDARD_DOCUMENTS[standard],
                claims?.[standard],
                results.outcomes.filter((c) => c.standard === standard),
              ),
            ]),
          ),
        }
      : {}),
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    totals: totals(results.outcomes),
    ...(spec.clients.length > 1 ? { byClient: totalsByClient(spec.clients, results.outcomes) } : {}),
    errors: [
      ...results.errors,
      ...(interrupt.interrupted
        ? [`the run was interrupted (${interrupt.received}); ${plannedMissing(results.outcomes.length, results.planned)}`]
        : []),
    ],
    leftovers: sweep.left.map(describeLeftover),
    unverified: sweep.unverified.map((u) => `${describeLeftover(u)}: ${u.reason}`),
    ...(throughput ? { throughput } : {}),
    checks: [...results.outcomes].sort((a, b) => a.id.localeCompare(b.id)),
  };
  summary.compatibility = compatibilityRows(summary);
  if (baseline) summary.baseline = compareWithBaseline(baseline.file, baseline.summary, summary.checks);
  await writeFile(join(reportDir, 'summary.json'), `${redactor.redact(JSON.stringify(summary, null, 2))}\n`);
  const load = await readFile(join(reportDir, 'load.json'), 'utf8').then(
    (text) => JSON.parse(text) as LoadEvidence,
    () => undefined,
  );
  // One readiness page per client the run sent requests for; a page of an earlier run for another client goes.
  if (spec.clients.includes('entra')) {
    const readiness = redactor.redact(galleryReadiness(summary, load?.verdict ? load : undefined));
    await writeFile(join(reportDir, 'gallery-readiness.md'), readiness);
    await attachToAllure(resultsDir, 'Gallery readiness', readiness);
  } else await rm(join(reportDir, 'gallery-readiness.md'), { force: true });
  if (spec.clients.includes('okta')) {
    const readiness = redactor.redact(oktaReadiness(summary));
    await writeFile(join(reportDir, 'okta-readiness.md'), readiness);
    await attachToAllure(resultsDir, 'Okta readiness', readiness);
  } else await rm(join(reportDir, 'okta-readiness.md'), { force: true });
  const compatibility = redactor.redact(compatibilityPage(summary));
  await writeFile(join(reportDir, 'compatibility.md'), compatibility);
  await attachToAllure(resultsDir, 'Compatibility', compatibility);
  await writeFile(join(resultsDir, 'environment.properties'), redactor.redact(runMetadata(summary)));
  await writeFile(join(reportDir, 'junit.xml'), junitXml(summary, results.details, redactor));
  // The files this run wrote without redacting them on the way: only those (the report folder may hold others).
  await redactFiles([spec.ledgerPath, ...(allure.buffered ? [] : await filesIn(resultsDir))], redactor);
  process.exitCode = undefined;
  return { summary, exitCode: interrupt.interrupted ? 130 : exitCodeFor(summary) };
}

/**
 * The HTML report's "Metadata": Allure's header times only the span of the checks, so the run's own wall time (with
 * the connection check, discovery and clean-up) is stated here, as the console states it.
 */
function runMetadata(summary: Summary): string {
  const rows: Array<[string, string]> = [
    ['Run time', `${(summary.durationMs / 1000).toFixed(1)} s`],
    ['Profile', summary.profile],
    ['Target', summary.target],
    ['Run id', summary.runId],
    ['Started', summary.startedAt],
    ['Tool', `${summary.tool.name} ${summary.tool.version}`],
  ];
  const escape = (text: string) => text.replace(/[\\\n\r]/g, (c) => (c === '\\' ? '\\\\' : ' ')).replace(/^\s/, '\\ ');
  return rows.map(([key, value]) => `${key.replace(/[ :=]/g, (c) => `\\${c}`)}=${escape(value)}\n`).join('');
}

/** Resources that may remain, grouped by why: a target that stopped answering gives them all one reason. */
function byReason(list: Array<Leftover & { reason: string }>): Map<string, Leftover[]> {
  const groups = new Map<string, Leftover[]>();
  for (const item of list) groups.set(item.reason, [...(groups.get(item.reason) ?? []), item]);
  return groups;
}

function plannedMissing(finished: number, planned: number | undefined): string {
  if (planned === undefined) return 'no check had started';
  const missing = planned - finished;
  return missing > 0 ? `${missing} of ${planned} checks did not run and are missing from this report` : 'every check had finished';
}

/**
 * A global attachment of the Allure results: the HTML report shows it, rendered, under "Global Attachments".
 * The file pair follows allure-js-commons' own layout (`<uuid>-globals.json` naming `<uuid>-attachment.<ext>`).
 */
async function attachToAllure(resultsDir: string, name: string, markdown: string): Promise<void> {
  const source = `${randomUUID()}-attachment.md`;
  await writeFile(join(resultsDir, source), markdown);
  const globals = { attachments: [{ name, source, type: 'text/markdown', timestamp: Date.now() }], errors: [] };
  await writeFile(join(resultsDir, `${randomUUID()}-globals.json`), JSON.stringify(globals));
}

/** vitest's own logger writes banners; the suite prints its own lines instead. */
class NullStream extends Writable {
  override _write(_chunk: unknown, _encoding: string, callback: () => void): void {
    callback();
  }
}

/** A last sweep over the files written: no secret survives in any report file, whatever produced it. */
async function redactFiles(paths: string[], redactor: Redactor): Promise<void> {
  await Promise.all(
    paths.map(async (path) => {
      const text = await readFile(path, 'utf8').catch(() => undefined);
      if (text === undefined) return;
      const clean = redactor.redact(text);
      if (clean !== text) await writeFile(path, clean);
    }),
  );
}

async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(dir, e.name));
}
