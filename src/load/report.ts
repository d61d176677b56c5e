// The load run's results: <report-dir>/load.json, Allure results (one per operation and one for the verdict),
// and the closing lines on the console. Everything is redacted before it is written.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pc from 'picocolors';
import type { FlowStats } from '../http/flow-control.ts';
import type { Redactor } from '../http/redactor.ts';
import type { EngineCounts } from './engine.ts';
import type { OperationFigures, PhaseCounts } from './figures.ts';
import type { LoadDialect } from './workload.ts';
import type { Verdict } from './verdict.ts';
import { type WalkReport, walkLines } from './walk.ts';

export interface LoadSettingsReport {
  users: number;
  rate: number | 'max';
  concurrency: number;
  durationSeconds: number;
  dialect: LoadDialect;
  groupSize: number;
  groupBatch: number;
  softDeleteShare: number;
}

export interface LoadReport {
  tool: { name: string; version: string };
  target: string;
  profile: string;
  runId: string;
  prefix: string;
  startedAt: string;
  /** The whole run, cleanup included. */
  durationMs: number;
  settings: LoadSettingsReport;
  /** Why sending stopped: every user went through the cycle, --duration ran out, or Ctrl-C. */
  stoppedBy: 'completed' | 'duration' | 'interrupted';
  load: PhaseCounts & {
    /** From the first request sent to the last answer received. */
    durationMs: number;
    /** Responses of any status (throttled ones included) per second of the load. */
    requestsPerSecond: number;
    /** See verdict.ts: answered requests per second, over at least 2 s. */
    sustainedRps: number;
  };
  work: EngineCounts & { usersPlanned: number; groupsPlanned: number; updatedAttribute?: string };
  operations: OperationFigures[];
  /** Every attempt's status code over every operation, retried 429/503 included. */
  statusCounts: Record<string, number>;
  /** The client's flow control at the end of the load phase (before cleanup). */
  throttling: FlowStats;
  cleanup: PhaseCounts & { removed: number; left: string[]; durationMs: number };
  verdict: Verdict;
  /** The first answers that were not what Entra expects, and anything else that went wrong. */
  problems: string[];
  /** With --walk: the unfiltered GET /Users paged to its end, after the load (not part of the verdict). */
  walk?: WalkReport;
}

export async function writeLoadJson(reportDir: string, report: LoadReport, redactor: Pick<Redactor, 'redact'>): Promise<string> {
  const file = join(reportDir, 'load.json');
  await writeFile(file, `${redactor.redact(JSON.stringify(report, null, 2))}\n`);
  return file;
}

/** Marks load results, so a later load run replaces them and leaves the suite's own results alone. */
const MARKER = { name: 'scimConformance', value: 'load' };

export async function writeLoadAllure(resultsDir: string, report: LoadReport, redactor: Pick<Redactor, 'redact'>): Promise<void> {
  await mkdir(resultsDir, { recursive: true });
  await removeEarlierLoadResults(resultsDir);
  const start = Date.parse(report.startedAt);
  const stop = start + report.durationMs;
  const write = async (name: string, text: string) => writeFile(join(resultsDir, name), redactor.redact(text));
  const labels = (story: string) => [
    MARKER,
    { name: 'epic', value: 'load' },
    { name: 'feature', value: "Entra's initial provisioning cycle" },
    { name: 'story', value: story },
    { name: 'severity', value: 'normal' },
    { name: 'tag', value: `profile:${report.profile}` },
    { name: 'tag', value: `dialect:${report.settings.dialect}` },
  ];

  for (const op of report.operations) {
    const attachment = `${randomUUID()}-attachment.json`;
    await write(attachment, JSON.stringify(op, null, 2));
    const failed = op.unexpected > 0;
    const statuses =
      Object.entries(op.statuses)
        .map(([status, n]) => `${status}×${n}`)
        .join(', ') || 'none';
    const result = {
      uuid: randomUUID(),
      historyId: `load.${op.operation}`,
      testCaseId: `load.${op.operation}`,
      fullName: `load.${op.operation}`,
      name: `load: ${op.operation}: ${op.title}`,
      status: op.requests === 0 ? 'skipped' : failed ? 'failed' : 'passed',
      stage: 'finished',
      ...(failed || op.requests === 0
        ? {
            statusDetails: {
              message:
                op.requests === 0
                  ? 'not sent in this run'
                  : `${op.unexpected} of ${op.requests} answers were not what Entra expects (${statuses})`,
            },
          }
        : {}),
      description: `${op.title}.\n\nLatency is the final attempt of each request, in milliseconds; waits for Retry-After are not included. Status codes count every attempt, retried 429/503 included.`,
      labels: labels(`load.${op.operation}`),
      links: [],
      parameters: [
        { name: 'requests', value: String(op.requests) },
        { name: 'p50 ms', value: String(op.latencyMs?.p50 ?? '-') },
        { name: 'p95 ms', value: String(op.latencyMs?.p95 ?? '-') },
        { name: 'p99 ms', value: String(op.latencyMs?.p99 ?? '-') },
        { name: 'statuses', value: statuses },
        { name: 'unexpected', value: String(op.unexpected) },
      ].map((p) => ({ ...p, excluded: true })),
      attachments: [{ name: `${op.operation} figures`, source: attachment, type: 'application/json' }],
      steps: [],
      start,
      stop,
    };
    await write(`${result.uuid}-result.json`, JSON.stringify(result));
  }

  const attachment = `${randomUUID()}-attachment.json`;
  await write(
    attachment,
    JSON.stringify(
      {
        verdict: report.verdict,
        load: report.load,
        throttling: report.throttling,
        statusCounts: report.statusCounts,
        cleanup: report.cleanup,
        settings: report.settings,
      },
      null,
      2,
    ),
  );
  const v = report.verdict;
  const verdict = {
    uuid: randomUUID(),
    historyId: 'load.verdict',
    testCaseId: 'load.verdict',
    fullName: 'load.verdict',
    name: `load: the endpoint takes ${v.requiredRps} requests per second`,
    status: v.result === 'pass' ? 'passed' : v.result === 'fail' ? 'failed' : 'skipped',
    stage: 'finished',
    statusDetails: { message: v.summary, ...(v.reasons.length > 1 ? { trace: v.reasons.join('\n') } : {}) },
    description:
      'The Microsoft Entra app gallery requires a SCIM endpoint to take at least 25 requests per second per tenant. Sustained rate: answered requests (final answer neither 429 nor 503) divided by the load duration, and by at least 2 s.',
    labels: [...labels('load.verdict').filter((l) => l.name !== 'severity'), { name: 'severity', value: 'critical' }],
    links: [],
    parameters: [
      { name: 'sustained rps', value: String(v.sustainedRps) },
      { name: 'required rps', value: String(v.requiredRps) },
      { name: 'rate', value: String(report.settings.rate) },
      { name: 'concurrency', value: String(report.settings.concurrency) },
      { name: 'throttled', value: String(report.throttling.throttled) },
      { name: 'lowest limit', value: String(report.throttling.lowestLimit) },
      { name: 'leftovers', value: String(report.cleanup.left.length) },
    ].map((p) => ({ ...p, excluded: true })),
    attachments: [{ name: 'load figures', source: attachment, type: 'application/json' }],
    steps: [],
    start,
    stop,
  };
  await write(`${verdict.uuid}-result.json`, JSON.stringify(verdict));
}

async function removeEarlierLoadResults(resultsDir: string): Promise<void> {
  for (const name of await readdir(resultsDir)) {
    if (!name.endsWith('-result.json')) continue;
    const path = join(resultsDir, name);
    let result: { labels?: Array<{ name?: string; value?: string }>; attachments?: Array<{ source?: string }> };
    try {
      result = JSON.parse(await readFile(path, 'utf8')) as typeof result;
    } catch {
      continue;
    }
    if (!result.labels?.some((l) => l.name === MARKER.name && l.value === MARKER.value)) continue;
    for (const a of result.attachments ?? [])
      if (a.source && !a.source.includes('/')) await rm(join(resultsDir, a.source), { force: true });
    await rm(path, { force: true });
  }
}

/** The closing lines on the console. */
export function summaryLines(report: LoadReport, reportDir: string): string[] {
  const l = report.load;
  const lines = [
    '',
    `Load: ${l.requests} requests in ${(l.durationMs / 1000).toFixed(1)} s (${report.stoppedBy === 'completed' ? 'every user went through the cycle' : report.stoppedBy === 'duration' ? 'stopped at --duration' : 'interrupted'}), ` +
      `${l.requestsPerSecond} responses/s, sustained ${l.sustainedRps} rps answered`,
    `  ${'operation'.padEnd(14)}${'requests'.padStart(9)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'p99'.padStart(8)}  statuses`,
  ];
  for (const op of report.operations) {
    if (op.requests === 0) continue;
    const ms = (v: number | undefined) => (v === undefined ? '-' : `${v} ms`).padStart(8);
    const statuses = Object.entries(op.statuses)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    lines.push(
      `  ${op.operation.padEnd(14)}${String(op.requests).padStart(9)}${ms(op.latencyMs?.p50)}${ms(op.latencyMs?.p95)}${ms(op.latencyMs?.p99)}  ${statuses}${op.unexpected ? `  (${op.unexpected} unexpected)` : ''}`,
    );
  }
  const t = report.throttling;
  lines.push(
    t.throttled
      ? `Throttling: the endpoint answered 429 ${t.status429}× and 503 ${t.status503}×; the client went down to ${t.lowestLimit} request(s) in flight (of ${t.concurrency}); best 2 s: ${t.sustainedRps} rps`
      : `Throttling: none; ${t.concurrency} request(s) in flight at most; best 2 s: ${t.sustainedRps} rps`,
  );
  for (const problem of report.problems.slice(0, 5)) lines.push(`  problem: ${problem}`);
  if (report.problems.length > 5) lines.push(`  … ${report.problems.length - 5} more problem(s) in load.json`);
  if (report.walk) lines.push(...walkLines(report.walk));
  const c = report.cleanup;
  lines.push(
    c.left.length
      ? pc.red(`Cleanup: removed ${c.removed}; LEFT on the target: ${c.left.join(', ')}`)
      : `Cleanup: removed ${c.removed} resource(s) in ${(c.durationMs / 1000).toFixed(1)} s; nothing of this run is left`,
  );
  const colour = report.verdict.result === 'pass' ? pc.green : report.verdict.result === 'fail' ? pc.red : pc.yellow;
  lines.push(`Verdict (${report.verdict.requiredRps} requests per second): ${colour(report.verdict.summary)}`);
  for (const reason of report.verdict.reasons.slice(1)) lines.push(`  also: ${reason}`);
  lines.push(`Reports: ${reportDir}/load.json, ${reportDir}/allure-results`);
  return lines;
}
