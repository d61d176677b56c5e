// What a person sees in the terminal.
// On a TTY: one line per check as it finishes and, below them, a live line (checks done of total, what runs now).
// Elsewhere (CI logs, pipes): quiet and line-oriented: failures and warnings with their details, a plain progress
// line now and then on a long run, and the totals. --verbose prints every check in both modes.
import pc from 'picocolors';
import type { FlowStats } from '../http/flow-control.ts';
import { type CheckOutcome, EXIT_INCOMPLETE, exitCodeFor, type Summary } from './summary.ts';
import { REQUIRED_RPS } from '../load/verdict.ts';
import type { Client, Standard } from '../kit/check.ts';
import { GALLERY_LOGIC_APP } from '../kit/coverage.ts';
import { compatibilityLine } from './compatibility.ts';
import { galleryLine, galleryVerdict } from './gallery-readiness.ts';
import { oktaLine, oktaVerdict } from './okta-readiness.ts';
import { closeLiveLine, type LiveLine, liveText, openLiveLine } from './live-line.ts';

const CLIENT_NAME: Record<Client, string> = { entra: 'Microsoft Entra', okta: 'Okta' };
const STANDARD_NAME: Record<Standard, string> = { interop: 'SCIM 2.0 Interoperability Profile' };

const MARK: Record<CheckOutcome['status'], string> = {
  passed: pc.green('PASS'),
  failed: pc.red('FAIL'),
  warning: pc.yellow('WARN'),
  skipped: pc.dim('SKIP'),
  'not-judged': pc.magenta('N/J '),
};

/** How often a non-TTY run says how far it has got, when it runs long enough to need it. */
const HEARTBEAT_MS = 15_000;

export interface ConsoleOptions {
  /** Redraw a live progress line (a terminal); false for CI logs and pipes. */
  interactive?: boolean;
  /** Where everything goes; the process's stdout unless a test passes its own. */
  stream?: NodeJS.WriteStream;
}

export function isInteractive(stream: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  // A pseudo-terminal that reports no rows (some CI runners, `script`) cannot hold a live line.
  return stream.isTTY === true && stream.rows !== 0 && !env.CI && env.TERM !== 'dumb';
}

export class ConsoleOutput {
  /** Print every check, not only those that need attention, when not on a TTY. */
  verbose = false;
  readonly interactive: boolean;
  private readonly stream: NodeJS.WriteStream;
  private live: LiveLine | undefined;
  private progress: { total: number; done: number; running: string[]; lastBeat: number; timer?: NodeJS.Timeout } | undefined;

  constructor(options: ConsoleOptions = {}) {
    this.stream = options.stream ?? process.stdout;
    this.interactive = options.interactive ?? isInteractive(this.stream);
  }

  line(text: string): void {
    if (this.live) this.live.persist(text);
    else this.stream.write(`${text}\n`);
  }

  /** Checks are about to run: the live line appears (TTY), or the heartbeat starts (elsewhere). */
  async startProgress(total: number): Promise<void> {
    this.progress = { total, done: 0, running: [], lastBeat: Date.now() };
    if (this.interactive) {
      this.live = await openLiveLine(this.stream);
      this.render();
    } else {
      this.progress.timer = setInterval(() => this.heartbeat(), HEARTBEAT_MS);
      this.progress.timer.unref();
    }
  }

  checkStarted(id: string): void {
    if (!this.progress) return;
    this.progress.running.push(id);
    this.render();
  }

  checkFinished(outcome: CheckOutcome, message: string | undefined): void {
    if (this.progress) {
      this.progress.done += 1;
      this.progress.running = this.progress.running.filter((id) => id !== outcome.id);
    }
    const needsAttention =
      outcome.status === 'failed' ||
      outcome.status === 'warning' ||
      outcome.status === 'not-judged' ||
      (outcome.cleanupProblems?.length ?? 0) > 0;
    if (this.interactive || this.verbose || needsAttention) {
      const level = pc.dim(outcome.level.padEnd(6));
      const lines = [`${MARK[outcome.status]} ${level} ${outcome.id} ${pc.dim(`(${outcome.durationMs} ms)`)}`];
      if ((outcome.status === 'skipped' || outcome.status === 'not-judged') && outcome.reason)
        lines.push(pc.dim(`       ${outcome.reason}`));
      if ((outcome.status === 'failed' || outcome.status === 'warning') && message) {
        lines.push(`       ${outcome.title}`);
        for (const l of message.split('\n')) lines.push(`       ${l}`);
      }
      const gallery = galleryItemsFailedBy(outcome);
      if (gallery.length)
        lines.push(
          pc.red(`       would fail Microsoft's test: ${gallery.join('; ')} (the gallery's Logic App fails what this run warns about)`),
        );
      // The end-of-run sweep tries these again and reports what really remains; one line here is enough.
      const problems = outcome.cleanupProblems ?? [];
      if (problems.length)
        lines.push(
          pc.yellow(
            `       cleanup: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more; the end-of-run sweep tries again)` : ''}`,
          ),
        );
      this.line(lines.join('\n'));
    }
    this.render();
  }

  /** The checks are over (finished or interrupted): the live line goes, ordinary lines follow. */
  stopProgress(): void {
    if (this.progress?.timer) clearInterval(this.progress.timer);
    this.live = closeLiveLine(this.live);
    this.progress = undefined;
  }

  private render(): void {
    if (!this.live || !this.progress) return;
    const { done, total, running } = this.progress;
    const now = running.length ? ` · running ${running.length}: ${running[running.length - 1]}` : '';
    this.live(liveText(`${done}/${total} checks${now}`, this.stream));
  }

  private heartbeat(): void {
    if (!this.progress) return;
    const { done, total, running } = this.progress;
    this.line(
      `… ${done} of ${total} checks done${running.length ? `; running ${running.slice(0, 3).join(', ')}${running.length > 3 ? ', …' : ''}` : ''}`,
    );
  }

  finished(summary: Summary, reportDir: string, command = 'npx scim-conformance'): void {
    const reportCommand = `${command} report`;
    const t = summary.totals;
    const parts = [
      pc.green(`${t.passed} passed`),
      t.failed ? pc.red(`${t.failed} failed`) : `${t.failed} failed`,
      t.warnings ? pc.yellow(`${t.warnings} warnings`) : `${t.warnings} warnings`,
      ...(t.notJudged ? [pc.magenta(`${t.notJudged} not judged`)] : []),
      `${t.skipped} skipped`,
    ];
    for (const error of summary.errors) this.line(pc.red(`error: ${error}`));
    // On a terminal the details scrolled away above: every check that needs attention again, one line each.
    const attention = summary.checks.filter((c) => c.status === 'failed' || c.status === 'warning' || c.status === 'not-judged');
    if (this.interactive && attention.length) {
      this.line('');
      this.line(pc.bold('Needs attention:'));
      const order = { failed: 0, warning: 1, 'not-judged': 2 } as Record<string, number>;
      for (const c of [...attention].sort((a, b) => order[a.status]! - order[b.status]!)) {
        // One line each, cut to the terminal's width.
        const room = Math.max(40, (this.stream.columns ?? 160) - 14 - c.id.length);
        const gallery = galleryItemsFailedBy(c).length ? "would fail Microsoft's gallery test: " : '';
        this.line(`${MARK[c.status]} ${pc.dim(c.level.padEnd(6))} ${c.id}: ${oneLine(`${gallery}${c.reason ?? c.title}`, room)}`);
      }
    }
    this.line('');
    // Each client's readiness verdict: Microsoft's gallery for Entra's requests, Okta's tests for Okta's.
    const clients = summary.clients ?? ['entra'];
    if (clients.includes('entra')) this.line(galleryText(summary));
    if (clients.includes('okta')) this.line(oktaText(summary));
    // The matrix matters once a rule breaks a client, or when the run was for more than Entra's plain requests.
    const rows = summary.compatibility ?? [];
    if (rows.some((r) => r.breaks) || (summary.clients ?? []).length > 1 || Object.keys(summary.standards ?? {}).length > 0) {
      this.line(`${compatibilityLine(rows)} See ${reportDir}/compatibility.md.`);
    }
    for (const [client, counts] of Object.entries(summary.byClient ?? {})) {
      const verdict = counts.failed ? pc.red(`${counts.failed} failed`) : pc.green('none failed');
      this.line(
        `${CLIENT_NAME[client as Client]}: ${counts.passed} passed, ${verdict}, ${counts.warnings} warnings, ${counts.notJudged} not judged, ${counts.skipped} skipped`,
      );
    }
    // What the server claims of a standard, against what its checks found.
    for (const [standard, verdict] of Object.entries(summary.standards ?? {})) {
      const text = `${STANDARD_NAME[standard as Standard]} (${verdict.document}): ${verdict.comparison}`;
      this.line(verdict.verdict === 'conformant' ? pc.green(text) : verdict.verdict === 'not conformant' ? pc.red(text) : pc.magenta(text));
    }
    this.line(`${parts.join(', ')} in ${(summary.durationMs / 1000).toFixed(1)} s (profile ${summary.profile}, ${summary.target})`);
    const b = summary.baseline;
    if (b) {
      this.line(
        `Baseline ${b.file}: ${b.new.length} new failure(s)${b.new.length ? ` (${b.new.join(', ')})` : ''}, ${b.known.length} known (not gating), ${b.fixed.length} fixed${b.fixed.length ? ` (${b.fixed.join(', ')})` : ''}`,
      );
    }
    const flow = summary.throughput;
    if (flow) this.line(throughputLine(flow));
    if (t.notJudged) {
      this.line(
        pc.magenta(
          `Not judged: ${t.notJudged} check(s) got no answer from the endpoint (after retries where they are safe); they are neither passed nor failed.${summary.checks.some((c) => c.status === 'not-judged' && (c.level === 'MUST' || summary.strict)) ? ' The run is incomplete (exit code 3): run it again when the endpoint answers.' : ''}`,
        ),
      );
    }
    const dirArg = reportDir === 'reports' ? '' : ` --report-dir ${reportDir}`;
    const pages = [
      ...(clients.includes('entra') ? ['gallery-readiness.md'] : []),
      ...(clients.includes('okta') ? ['okta-readiness.md'] : []),
    ];
    this.line(
      `Reports: ${reportDir}/summary.json, ${pages.map((page) => `${reportDir}/${page}, `).join('')}${reportDir}/compatibility.md, ${reportDir}/junit.xml, ${reportDir}/allure-results (\`${reportCommand}${dirArg}\` builds ${reportDir}/html)`,
    );
  }
}

/** What the run learnt of the target's pace; the gallery's 25 requests per second when it throttled below it. */
export function throughputLine(flow: FlowStats): string {
  const rate = `highest sustained rate ${flow.sustainedRps.toFixed(1)} requests/s`;
  const cap = flow.maxRate !== undefined ? `, capped at ${flow.maxRate} requests/s (--rate)` : '';
  if (!flow.throttled)
    return `Throughput: ${flow.requests} requests, at most ${flow.concurrency} in flight${cap}, never throttled; ${rate}.`;
  const answers = [flow.status429 ? `${flow.status429} × 429` : '', flow.status503 ? `${flow.status503} × 503` : '']
    .filter(Boolean)
    .join(', ');
  const paced =
    flow.pacedRps !== null && flow.pacedRps !== undefined
      ? ` and the run paced itself at ${flow.pacedRps.toFixed(1)} requests/s (${flow.pacedBy === 'headers' ? "from the endpoint's rate-limit headers" : flow.pacedBy === 'maxRate' ? 'the --rate cap' : 'estimated from its throttling'})`
      : '';
  const gallery =
    flow.sustainedRps < REQUIRED_RPS
      ? ` Entra's gallery requires ${REQUIRED_RPS} requests per second per tenant; \`scim-conformance load\` measures it.`
      : '';
  return pc.yellow(
    `Throughput: the endpoint throttled (${answers} of ${flow.requests} requests)${paced}; requests in flight went down to ${flow.lowestLimit} of ${flow.concurrency} and the checks waited as asked; ${rate}.${gallery}`,
  );
}

const GALLERY: ReadonlySet<string> = new Set(GALLERY_LOGIC_APP);

/** The gallery items a check that only warned would fail: the Logic App has no warnings (a failure fails anyway). */
function galleryItemsFailedBy(outcome: CheckOutcome): string[] {
  if (outcome.status !== 'warning') return [];
  return (outcome.covers ?? []).filter((item) => GALLERY.has(item)).map((item) => item.replace(/^[^:]+: /, ''));
}

/** The summary's first line: the gallery's verdict, and with --gallery what it does to the exit code. */
function galleryText(summary: Summary): string {
  const verdict = galleryVerdict(summary.checks);
  const incomplete = verdict.notJudged.length > 0 && exitCodeFor(summary) === EXIT_INCOMPLETE;
  const gate = !summary.gallery
    ? ''
    : verdict.wouldFail.length
      ? ' With --gallery that fails the run.'
      : incomplete
        ? ' With --gallery the run is incomplete (exit code 3).'
        : '';
  const text = `${galleryLine(verdict)}${gate}`;
  return verdict.wouldFail.length ? pc.red(text) : verdict.notJudged.length ? pc.magenta(text) : pc.green(text);
}

/** The verdict of Okta's tests on this run. */
function oktaText(summary: Summary): string {
  const verdict = oktaVerdict(summary.checks);
  const text = oktaLine(verdict);
  return verdict.wouldFail.length ? pc.red(text) : verdict.notJudged.length ? pc.magenta(text) : pc.green(text);
}

function oneLine(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

/** The command prefix that starts this tool the way this run was started (npm start, npx, or node and a path). */
export function invocation(env: NodeJS.ProcessEnv = process.env, argv1: string = process.argv[1] ?? ''): string {
  if (env.npm_lifecycle_event === 'start') return 'npm start --';
  if (env.npm_command === 'exec' || /[\\/]_npx[\\/]/.test(argv1) || /[\\/]node_modules[\\/]/.test(argv1)) return 'npx scim-conformance';
  if (!argv1) return 'npx scim-conformance';
  const cwd = process.cwd();
  return `node ${argv1.startsWith(`${cwd}/`) ? argv1.slice(cwd.length + 1) : argv1}`;
}
