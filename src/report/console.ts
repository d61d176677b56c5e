// What a person sees in the terminal: one line per check as it finishes, details for failures, totals at the end.
import pc from 'picocolors';
import type { CheckOutcome, Summary } from './summary.ts';

const MARK: Record<CheckOutcome['status'], string> = {
  passed: pc.green('PASS'),
  failed: pc.red('FAIL'),
  warning: pc.yellow('WARN'),
  skipped: pc.dim('SKIP'),
};

export class ConsoleOutput {
  constructor(private readonly write: (text: string) => void = (t) => process.stdout.write(t)) {}

  line(text: string): void {
    this.write(`${text}\n`);
  }

  checkFinished(outcome: CheckOutcome, message: string | undefined): void {
    const level = pc.dim(outcome.level.padEnd(6));
    this.line(`${MARK[outcome.status]} ${level} ${outcome.id} ${pc.dim(`(${outcome.durationMs} ms)`)}`);
    if (outcome.status === 'skipped' && outcome.reason) this.line(pc.dim(`       ${outcome.reason}`));
    if ((outcome.status === 'failed' || outcome.status === 'warning') && message) {
      this.line(`       ${outcome.title}`);
      for (const l of message.split('\n')) this.line(`       ${l}`);
    }
    for (const problem of outcome.cleanupProblems ?? []) this.line(pc.yellow(`       cleanup: ${problem}`));
  }

  finished(summary: Summary, reportDir: string): void {
    const t = summary.totals;
    const parts = [
      pc.green(`${t.passed} passed`),
      t.failed ? pc.red(`${t.failed} failed`) : `${t.failed} failed`,
      t.warnings ? pc.yellow(`${t.warnings} warnings`) : `${t.warnings} warnings`,
      `${t.skipped} skipped`,
    ];
    for (const error of summary.errors) this.line(pc.red(`error: ${error}`));
    this.line('');
    this.line(`${parts.join(', ')} in ${(summary.durationMs / 1000).toFixed(1)} s (profile ${summary.profile}, ${summary.target})`);
    const b = summary.baseline;
    if (b) {
      this.line(`Baseline ${b.file}: ${b.new.length} new failure(s)${b.new.length ? ` (${b.new.join(', ')})` : ''}, ${b.known.length} known (not gating), ${b.fixed.length} fixed${b.fixed.length ? ` (${b.fixed.join(', ')})` : ''}`);
    }
    this.line(`Reports: ${reportDir}/summary.json, ${reportDir}/gallery-readiness.md, ${reportDir}/junit.xml, ${reportDir}/allure-results (npm run report builds ${reportDir}/html)`);
  }
}
