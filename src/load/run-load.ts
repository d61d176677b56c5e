// `scim-conformance load`: Entra's initial provisioning cycle at a chosen rate, then removal of everything it
// created, then the figures and a verdict against the 25 requests per second the Microsoft gallery requires.
// The first Ctrl-C (or SIGTERM) stops sending and still cleans up; a second one stops at once and says what is left.
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TOOL_VERSION } from '../version.ts';
import type { Profile } from '../generated/index.ts';
import { type AuthConfig, ScimClient, type TlsOptions } from '../http/client.ts';
import { FlowControl } from '../http/flow-control.ts';
import { Ledger, runPrefix } from '../cleanup/ledger.ts';
import type { Interrupt } from '../cleanup/interrupt.ts';
import { Ownership } from '../cleanup/ownership.ts';
import { Redactor } from '../http/redactor.ts';
import { ValueFactory } from '../kit/values.ts';
import { describeLeftover } from '../cleanup/sweep.ts';
import { removeCreated } from './remove-created.ts';
import { type LoadOutput, silentOutput } from './console.ts';
import { LoadEngine } from './engine.ts';
import { Figures } from './figures.ts';
import { Pacer } from './pacer.ts';
import { type LoadReport, summaryLines, writeLoadAllure, writeLoadJson } from './report.ts';
import { judge, sustainedRps } from './verdict.ts';
import { LOAD_DEFAULTS } from './defaults.ts';
import { type LoadDialect, Workload } from './workload.ts';
import { walkUsers, type WalkReport } from './walk.ts';

export interface LoadOptions {
  baseUrl: string;
  auth: AuthConfig;
  tls?: TlsOptions;
  timeoutMs: number;
  profile: Profile;
  /** Tokens, passwords and client secrets: never printed or written. */
  secrets: string[];
  /** Absolute; load.json, allure-results/ and the ledger go here. */
  reportDir: string;
  users?: number;
  /** Requests per second, or 'max' for as fast as the endpoint answers. */
  rate?: number | 'max';
  /** Requests in flight at most (the FlowControl limit). */
  concurrency?: number;
  /** Sending stops after this many seconds even if users remain. */
  durationSeconds?: number;
  dialect?: LoadDialect;
  /**
   * --walk: after the load, before cleanup, page through the unfiltered GET /Users as Account Discovery does, count
   * per page; at the load's rate, outside its verdict.
   */
  walk?: { count: number };
  /** Users per group, when the profile provisions groups. */
  groupSize?: number;
  /** Members per group PATCH. */
  groupBatch?: number;
  /** The share of users soft-deleted (PATCH active false), 0 to 1. */
  softDeleteShare?: number;
  /** Default: 8 random hex digits; resources are named scimc-<runId>-... */
  runId?: string;
  /** How the target is named in reports; default the base URL, redacted. */
  targetLabel?: string;
  output?: LoadOutput;
  /** Aborting it acts like the first Ctrl-C: no more requests, then cleanup. */
  signal?: AbortSignal;
  /** The CLI's interrupt handler (SIGINT, SIGTERM), shared with the suite; tests use signal. */
  interrupt?: Interrupt;
}

export interface LoadResult {
  report: LoadReport;
  /** 0 pass or not judged, 1 fail or something left on the target, 130 interrupted. */
  exitCode: 0 | 1 | 130;
}

/** The ledger of a load run, beside (not instead of) the suite's created-resources.jsonl. */
export const LOAD_LEDGER = 'load-created-resources.jsonl';

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const settings = {
    users: options.users ?? LOAD_DEFAULTS.users,
    rate: options.rate ?? LOAD_DEFAULTS.rate,
    concurrency: options.concurrency ?? LOAD_DEFAULTS.concurrency,
    durationSeconds: options.durationSeconds ?? LOAD_DEFAULTS.durationSeconds,
    dialect: options.dialect ?? LOAD_DEFAULTS.dialect,
    groupSize: options.groupSize ?? LOAD_DEFAULTS.groupSize,
    groupBatch: options.groupBatch ?? LOAD_DEFAULTS.groupBatch,
    softDeleteShare: options.softDeleteShare ?? LOAD_DEFAULTS.softDeleteShare,
  };
  const output = options.output ?? silentOutput;
  const startedAt = new Date();
  const runId = options.runId ?? randomBytes(4).toString('hex');
  const prefix = runPrefix(runId);
  const redactor = new Redactor(options.secrets);

  await mkdir(options.reportDir, { recursive: true });
  const ledgerPath = join(options.reportDir, LOAD_LEDGER);
  await rm(ledgerPath, { force: true });
  const ledger = new Ledger(ledgerPath);
  const ownership = new Ownership();
  const flow = new FlowControl({ concurrency: settings.concurrency });
  const client = new ScimClient({
    baseUrl: options.baseUrl,
    auth: options.auth,
    timeoutMs: options.timeoutMs,
    redactor,
    flow,
    ...(options.tls ? { tls: options.tls } : {}),
  });
  const figures = new Figures();
  const workload = new Workload(options.profile, new ValueFactory(prefix), {
    users: settings.users,
    dialect: settings.dialect,
    groupSize: settings.groupSize,
    softDeleteEvery: settings.softDeleteShare > 0 ? Math.max(1, Math.round(1 / settings.softDeleteShare)) : 0,
  });

  // Sending stops at --duration, at the caller's signal, or at the first Ctrl-C.
  const stop = new AbortController();
  const state: { stoppedBy: LoadReport['stoppedBy'] } = { stoppedBy: 'completed' };
  const halt = (why: 'duration' | 'interrupted') => {
    if (stop.signal.aborted) return;
    state.stoppedBy = why;
    stop.abort();
  };
  const deadline = setTimeout(() => halt('duration'), settings.durationSeconds * 1000);
  // Ctrl-C also ends a --walk, which runs after sending stopped.
  const walkStop = new AbortController();
  const onAbort = () => {
    walkStop.abort();
    halt('interrupted');
  };
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  options.interrupt?.watch(ledger);
  const stopListening = options.interrupt?.onInterrupt(onAbort);

  const engine = new LoadEngine({
    client,
    workload,
    ownership,
    ledger,
    figures,
    users: settings.users,
    rate: settings.rate,
    workers: settings.concurrency,
    groupBatch: settings.groupBatch,
    signal: stop.signal,
  });

  const loadStarted = performance.now();
  const ticker = setInterval(() => {
    const seconds = (performance.now() - loadStarted) / 1000;
    const c = engine.counts;
    output.progress(
      `load ${figures.load.requests} requests · ${(figures.load.responses / Math.max(seconds, 0.001)).toFixed(1)} rps · ` +
        `${c.usersCreated}/${settings.users} users${workload.groupCount ? ` · ${c.groupsCreated}/${workload.groupCount} groups` : ''} · ` +
        `in flight ${flow.inFlight}/${flow.limit}${figures.load.throttled ? ` · throttled ${figures.load.throttled}×` : ''} · ${seconds.toFixed(0)} s of ${settings.durationSeconds} s`,
    );
  }, 250);
  ticker.unref();

  // A failure before or during the load (a refused OAuth token, say) still lets cleanup remove what was created.
  let failure: { error: unknown } | undefined;
  try {
    await client.authenticate();
    output.line(
      `Load: ${settings.users} users${workload.groupCount ? ` and ${workload.groupCount} group(s)` : ''} at ${settings.rate === 'max' ? 'the highest rate the endpoint takes' : `${settings.rate} requests per second`}, ` +
        `up to ${settings.concurrency} in flight, for at most ${settings.durationSeconds} s (profile ${options.profile.name}, ${settings.dialect} PATCH, prefix ${prefix}-)` +
        (options.walk ? `; then a walk of the unfiltered GET /Users, count ${options.walk.count}` : ''),
    );
    await engine.run();
  } catch (error) {
    failure = { error };
  } finally {
    clearTimeout(deadline);
    clearInterval(ticker);
  }
  const throttling = flow.stats();
  const loadMs = engine.firstSentAt !== undefined && engine.lastDoneAt !== undefined ? engine.lastDoneAt - engine.firstSentAt : 0;

  // The walk reads only, after the load's figures are taken: none of its requests count toward the verdict.
  let walk: WalkReport | undefined;
  if (options.walk && !failure) {
    try {
      walk =
        state.stoppedBy === 'interrupted'
          ? undefined
          : await walkUsers({
              client,
              pacer: new Pacer(settings.rate),
              count: options.walk.count,
              ownUsers: engine.userIds,
              softDeleted: engine.softDeletedIds,
              signal: walkStop.signal,
              progress: (text) => output.progress(text),
            });
    } catch (error) {
      failure = { error };
    }
  }
  options.signal?.removeEventListener('abort', onAbort);

  // Cleanup runs also after Ctrl-C; only a second one skips it.
  const cleanupTicker = setInterval(() => output.progress(`cleanup: ${figures.cleanup.requests} resource(s) removed or tried`), 250);
  cleanupTicker.unref();
  let cleanup;
  try {
    cleanup = await removeCreated({ client, ledger, ownership, figures, workers: settings.concurrency, rate: settings.rate });
  } finally {
    clearInterval(cleanupTicker);
    output.stopProgress();
    stopListening?.();
    await client.close();
  }
  if (failure) {
    for (const left of cleanup.left) output.line(redactor.redact(`cleanup: could not remove ${describeLeftover(left)}: ${left.reason}`));
    throw failure.error;
  }

  const verdict = judge({ rate: settings.rate, load: figures.load, loadMs, failedCreates: engine.counts.failedCreates });
  const report: LoadReport = {
    tool: { name: 'scim-conformance', version: TOOL_VERSION },
    target: options.targetLabel ?? redactor.redact(options.baseUrl),
    profile: options.profile.name,
    runId,
    prefix: `${prefix}-`,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    settings,
    stoppedBy: state.stoppedBy,
    load: {
      ...figures.load,
      durationMs: Math.round(loadMs),
      requestsPerSecond: loadMs > 0 ? Math.round((figures.load.responses / (loadMs / 1000)) * 10) / 10 : 0,
      sustainedRps: sustainedRps(figures.load.answered, loadMs),
    },
    work: {
      ...engine.counts,
      usersPlanned: settings.users,
      groupsPlanned: workload.groupCount,
      ...(workload.updatePath ? { updatedAttribute: workload.updatePath } : {}),
    },
    operations: figures.operations(),
    statusCounts: figures.statusCounts(),
    throttling,
    cleanup: {
      ...figures.cleanup,
      removed: cleanup.removed,
      left: cleanup.left.map((l) => `${describeLeftover(l)}: ${l.reason}`),
      durationMs: cleanup.durationMs,
    },
    verdict,
    problems: [...figures.problems],
    ...(walk ? { walk } : {}),
  };
  await writeLoadJson(options.reportDir, report, redactor);
  await writeLoadAllure(join(options.reportDir, 'allure-results'), report, redactor);
  for (const line of summaryLines(report, options.reportDir)) output.line(redactor.redact(line));

  const exitCode =
    state.stoppedBy === 'interrupted' || walk?.result === 'interrupted'
      ? 130
      : verdict.result === 'fail' || cleanup.left.length > 0
        ? 1
        : 0;
  return { report, exitCode };
}
