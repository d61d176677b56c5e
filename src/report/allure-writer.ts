// Allure results, written fast and clean. allure-js-commons' own writer makes each of a run's ~800 files through a
// temporary file, an fsync and a rename, one after another, on the main thread: over a second per run on these
// machines. The results folder belongs to this run alone and is read only after it, so durability buys nothing;
// this writer keeps the files in memory, redacts them there, and writes each batch in parallel when flushed.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunnerTask } from 'vitest';
import type { TestCase, TestModule, Vitest } from 'vitest/node';
import AllureVitestReporter from 'allure-vitest/reporter';
import { FileSystemWriter, type Writer } from 'allure-js-commons/sdk/reporter';
import type { Redactor } from '../http/redactor.ts';
import { FAILED_EXCHANGE_MARK } from '../runner/allure-hooks.ts';

type Pending = { name: string; text: string } | { name: string; from: string };

export class BufferedAllureWriter implements Writer {
  private pending: Pending[] = [];
  private readonly direct: FileSystemWriter;

  constructor(
    private readonly resultsDir: string,
    private readonly redactor: Pick<Redactor, 'redact'>,
    /** --strict: a failed SHOULD fails the run, and is red here too. */
    private readonly strict = false,
  ) {
    this.direct = new FileSystemWriter({ resultsDir });
  }

  writeResult(result: Parameters<Writer['writeResult']>[0]): void {
    this.pending.push({ name: `${result.uuid}-result.json`, text: JSON.stringify(asVendorSees(result, this.strict)) });
  }

  writeGroup(result: Parameters<Writer['writeGroup']>[0]): void {
    this.pending.push({ name: `${result.uuid}-container.json`, text: JSON.stringify(result) });
  }

  writeAttachment(distFileName: string, content: Buffer): void {
    this.pending.push({ name: distFileName, text: content.toString('utf8') });
  }

  writeAttachmentFromPath(distFileName: string, from: string): void {
    this.pending.push({ name: distFileName, from });
  }

  writeGlobals(distFileName: string, info: Parameters<Writer['writeGlobals']>[1]): void {
    this.pending.push({ name: distFileName, text: JSON.stringify(info) });
  }

  // Once per run each: the library's own careful path is fine for these.
  writeEnvironmentInfo(info: Parameters<Writer['writeEnvironmentInfo']>[0]): void {
    this.direct.writeEnvironmentInfo(info);
  }

  writeCategoriesDefinitions(categories: Parameters<Writer['writeCategoriesDefinitions']>[0]): void {
    this.direct.writeCategoriesDefinitions(categories);
  }

  /** Writes what is pending (redacted) and forgets it; safe to call more than once. */
  async flush(): Promise<number> {
    const batch = this.pending;
    this.pending = [];
    if (!batch.length) return 0;
    await mkdir(this.resultsDir, { recursive: true });
    await Promise.all(
      batch.map((file) => {
        const path = join(this.resultsDir, file.name);
        return 'text' in file ? writeFile(path, this.redactor.redact(file.text)) : copyFile(file.from, path);
      }),
    );
    return batch.length;
  }
}

type AllureResult = Parameters<Writer['writeResult']>[0];
type AllureStep = NonNullable<AllureResult['steps']>[number];

/** Labels allure-vitest adds that tell a vendor nothing about their endpoint. */
const RUNNER_LABELS = new Set(['framework', 'language', 'host', 'thread', 'package']);

/**
 * A check's result as the console tells it: a failed MUST is "failed" (red), a precondition that did not hold
 * included; a failed SHOULD (or MAY) is a warning, shown "broken" (yellow), unless --strict; a check that was not
 * judged is "unknown", not "skipped" (which stays for checks that do not apply); the level leads the name; the step
 * of the exchange the failure points to is the failed one; no runner labels, and no stack of the suite's own code
 * under a check's failure.
 */
export function asVendorSees(result: AllureResult, strict = false): AllureResult {
  const labels = (result.labels ?? []).filter((label) => !RUNNER_LABELS.has(label.name));
  const level = labels.find((label) => label.name === 'tag' && label.value.startsWith('level:'))?.value.slice('level:'.length);
  const out: AllureResult = { ...result, labels, ...(level && !result.name?.startsWith('[') ? { name: `[${level}] ${result.name}` } : {}) };
  // The runner names a test by the bundled worker's path on this machine; a check is named by its id, so the page
  // shows no internal path (history already keys on the check id: allure-hooks.ts sets historyId and testCaseId).
  const checkId = labels.find((label) => label.name === 'story')?.value;
  const profile = labels.find((label) => label.name === 'parentSuite')?.value;
  if (checkId) out.fullName = `scim-conformance ${profile ? `${profile} ` : ''}${checkId}`;
  const notJudged = result.steps?.find((step) => step.name?.startsWith('Not judged: '));
  if (result.status === 'skipped' && notJudged?.name) {
    out.status = 'unknown' as AllureResult['status'];
    if (!result.statusDetails?.message) out.statusDetails = { ...result.statusDetails, message: notJudged.name };
  }
  const trace = result.statusDetails?.trace ?? '';
  if (/^(CheckAssertionError|PreconditionFailure)\b/.test(trace)) {
    // The message says everything (expected, got, the exchange, why, fix); the trace adds only the suite's frames.
    const { trace: _trace, ...details } = result.statusDetails ?? {};
    out.statusDetails = { ...details, ...(details.message ? { message: withoutFrames(details.message) } : {}) };
  }
  // The console's verdict (summary.ts, statusFor): a failed MUST (a SHOULD with --strict) fails, whatever was thrown
  // (a check's assertion, a precondition, an error); anything else that failed is a warning.
  if ((result.status === 'failed' || result.status === 'broken') && level) {
    out.status = (level === 'MUST' || (strict && level === 'SHOULD') ? 'failed' : 'broken') as AllureResult['status'];
  }
  if (result.steps) out.steps = markFailedStep(result.steps, out.status === 'broken' ? 'broken' : 'failed', out.statusDetails?.message);
  return out;
}

function withoutFrames(message: string): string {
  return message
    .split('\n')
    .filter((line) => !/^\s+at .+(\(.*:\d+:\d+\)|:\d+:\d+)$/.test(line))
    .join('\n');
}

/**
 * The runner logs which exchange a failure points to (a step named by FAILED_EXCHANGE_MARK); that exchange's step
 * (the last of that title before the mark) takes the failure's status and message, and the mark goes.
 */
function markFailedStep(steps: AllureStep[], status: 'failed' | 'broken', message: string | undefined): AllureStep[] {
  const markAt = steps.findIndex((step) => step.name?.startsWith(FAILED_EXCHANGE_MARK));
  if (markAt < 0) return steps;
  const title = steps[markAt]!.name!.slice(FAILED_EXCHANGE_MARK.length);
  const kept = steps.filter((_, i) => i !== markAt);
  const mark = (list: AllureStep[]): AllureStep[] | undefined => {
    for (let i = list.length - 1; i >= 0; i--) {
      const step = list[i]!;
      const inner = step.steps?.length ? mark(step.steps) : undefined;
      if (inner) return list.map((s, j) => (j === i ? { ...s, steps: inner, status: status as AllureStep['status'] } : s));
      if (step.name === title) {
        // The same message as the result's: Allure 3 then shows the failure inside this step, not as a step of its own.
        const failed = { ...step, status: status as AllureStep['status'], statusDetails: message ? { message } : {} };
        return list.map((s, j) => (j === i ? failed : s));
      }
    }
    return undefined;
  };
  const before = mark(kept.slice(0, markAt));
  return before ? [...before, ...kept.slice(markAt)] : kept;
}

/**
 * allure-vitest's reporter with the buffered writer in place of the default one, and each check's result handed to
 * Allure as soon as the check finishes (allure-vitest waits for the end of the run), so that writing the ~800 files
 * overlaps the checks still waiting on the network instead of following them.
 */
export class AllureReporter extends AllureVitestReporter {
  readonly writer: BufferedAllureWriter;
  /** Whether the buffered writer (which redacts) replaced allure-vitest's own. */
  buffered = false;
  private readonly handled = new Set<string>();
  private writing: Promise<unknown> = Promise.resolve();

  constructor(resultsDir: string, redactor: Pick<Redactor, 'redact'>, strict = false) {
    super({ resultsDir });
    this.writer = new BufferedAllureWriter(resultsDir, redactor, strict);
  }

  override onInit(vitest: Vitest): void {
    super.onInit(vitest);
    // The runtime is allure-vitest's private field (version pinned in package.json); were it ever renamed, the
    // default writer stays in place: slower, never wrong (test/allure-writer.test.ts notices).
    const runtime = (this as unknown as { allureReporterRuntime?: { writer?: unknown } }).allureReporterRuntime;
    if (runtime && 'writer' in runtime) {
      runtime.writer = this.writer;
      this.buffered = true;
    }
  }

  onTestCaseResult(testCase: TestCase): void {
    const task = (testCase as unknown as { task?: RunnerTask }).task;
    if (!this.buffered || !task) return;
    this.handled.add(task.id);
    this.handleTask(task);
    this.writing = this.writing.then(() => this.writer.flush());
  }

  override async onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    // What was not handed over yet (none, normally) goes now, with the run's global messages.
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const task = (test as unknown as { task?: RunnerTask }).task;
        if (task && !this.handled.has(task.id)) this.handleTask(task);
      }
    }
    super.onTestRunEnd([]);
    await this.writing;
    await this.writer.flush();
  }
}
