// A vitest reporter in the CLI's own process: turns finished tests into check outcomes and prints one line each.
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { Redactor } from '../http/redactor.ts';
import type { CheckMeta } from '../runner/run-spec.ts';
import type { ConsoleOutput } from './console.ts';
import { mark } from '../timing.ts';
import type { CheckDetails } from './junit.ts';
import { type CheckOutcome, outcomeFrom } from './summary.ts';

export class ResultsReporter implements Reporter {
  private readonly byId = new Map<string, CheckOutcome>();
  /** For junit.xml: each check's area and feature, and its whole failure message (redacted). */
  readonly details = new Map<string, CheckDetails>();
  /** Checks the run planned, once collected. */
  planned: number | undefined;
  readonly errors: string[] = [];

  constructor(
    private readonly strict: boolean,
    private readonly redactor: Redactor,
    private readonly output: ConsoleOutput,
  ) {}

  // Every test of the entry is a check; its id ends its name (the meta is only set once it runs).
  async onTestModuleCollected(testModule: TestModule): Promise<void> {
    mark('checks-collected');
    this.planned = [...testModule.children.allTests()].length;
    await this.output.startProgress(this.planned);
  }

  onTestCaseReady(testCase: TestCase): void {
    this.output.checkStarted(/\[([^\]]+)\]$/.exec(testCase.name)?.[1] ?? testCase.name);
  }

  onTestCaseResult(testCase: TestCase): void {
    const meta = testCase.meta().scim as CheckMeta | undefined;
    if (!meta) return;
    const result = testCase.result();
    const message = result.errors?.[0]?.message ?? (result.state === 'skipped' ? result.note : undefined);
    const outcome = outcomeFrom(
      meta,
      result.state,
      message && this.redactor.redact(message),
      testCase.diagnostic()?.duration ?? 0,
      this.strict,
    );
    // vitest may report a test again when a run is cancelled: each check counts once.
    const again = this.byId.has(outcome.id);
    this.byId.set(outcome.id, outcome);
    if (meta.area)
      this.details.set(outcome.id, {
        area: meta.area,
        feature: meta.feature ?? '',
        ...(message ? { message: this.redactor.redact(message) } : {}),
      });
    if (!again) this.output.checkFinished(outcome, message ? this.redactor.redact(message) : undefined);
  }

  get outcomes(): CheckOutcome[] {
    return [...this.byId.values()];
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<{ message?: string; stack?: string }>): void {
    mark('checks-finished');
    this.output.stopProgress();
    for (const module of testModules) {
      for (const error of module.errors()) this.errors.push(this.redactor.redact(`${error.message ?? error}`));
    }
    for (const error of unhandledErrors) this.errors.push(this.redactor.redact(`${error.message ?? String(error)}`));
  }
}
