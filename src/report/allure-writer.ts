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
import type { Redactor } from '../harness/redactor.ts';

type Pending = { name: string; text: string } | { name: string; from: string };

export class BufferedAllureWriter implements Writer {
  private pending: Pending[] = [];
  private readonly direct: FileSystemWriter;

  constructor(
    private readonly resultsDir: string,
    private readonly redactor: Pick<Redactor, 'redact'>,
  ) {
    this.direct = new FileSystemWriter({ resultsDir });
  }

  writeResult(result: Parameters<Writer['writeResult']>[0]): void {
    // A check that was not judged ends skipped; its reason (a step the runner logged) becomes the status message.
    if (result.status === 'skipped' && !result.statusDetails?.message) {
      const notJudged = result.steps?.find((step) => step.name?.startsWith('Not judged: '));
      if (notJudged?.name) result.statusDetails = { ...result.statusDetails, message: notJudged.name };
    }
    this.pending.push({ name: `${result.uuid}-result.json`, text: JSON.stringify(result) });
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

  constructor(resultsDir: string, redactor: Pick<Redactor, 'redact'>) {
    super({ resultsDir });
    this.writer = new BufferedAllureWriter(resultsDir, redactor);
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
