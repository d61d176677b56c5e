// scim-conformance: `npx scim-conformance [flags]` and `npm start -- [flags]` both land here.
import { runPrefix } from '../cleanup/ledger.ts';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import pc from 'picocolors';
import { OAuthError } from '../http/oauth-error.ts';
import { loadProfile, ProfileError } from '../profiles/load-profile.ts';
import { Redactor } from '../http/redactor.ts';
import { RegistryError } from '../runner/registry.ts';
import { ConsoleOutput, invocation } from '../report/console.ts';
import { BaselineError, readBaseline } from '../report/baseline.ts';
import { buildHtmlReport, ReportError } from '../report/html.ts';
import type { RunSpec } from '../runner/run-spec.ts';
import { selectChecks } from '../runner/selection.ts';
import {
  type CliFlags,
  ConfigError,
  describeUnknown,
  rateOf,
  profileName,
  readEnvironment,
  resolveConfig,
  unknownSettings,
  usesReference,
} from './config.ts';
import { Interrupt } from '../cleanup/interrupt.ts';
import { listChecks } from './list.ts';
import { cleanupCommand } from './cleanup-command.ts';
import { loadCommand } from './load-command.ts';
import { addConnectionOptions, openTarget, secretsOf } from './target.ts';
import { profileCommand } from './profile-commands.ts';
import { ensureWritableReportDir } from './report-dir.ts';
import { TOOL_VERSION } from '../version.ts';
import { mark } from '../timing.ts';

mark('cli-loaded');
// Output piped into a program that stops reading (`--help | head`) ends the CLI quietly, without a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
const output = new ConsoleOutput();
let secrets: string[] = [];
// Listening from the CLI's first moment (the launcher keeps a signal that came even earlier): a Ctrl-C during
// start-up means no check starts at all. Commands with nothing to clean up release it.
const interrupt = new Interrupt((line) => output.line(line), 'no new checks').listen();
interrupt.cleanupHint = `${invocation()} cleanup`;

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

async function runSuite(flags: CliFlags): Promise<number> {
  try {
    return await runSuiteWith(flags);
  } finally {
    interrupt.dispose();
  }
}

async function runSuiteWith(flags: CliFlags): Promise<number> {
  const { env, fromDotenv } = readEnvironment();
  output.verbose = flags.verbose === true;
  const unknown = unknownSettings(env, fromDotenv);
  // --list needs no target; everything else must name one, or ask for the bundled server.
  const reference = flags.list ? true : usesReference(flags, env, unknown);
  const { profile } = loadProfile(profileName(flags, env));
  const config = { ...resolveConfig(flags, env, profile.auth), ...rateOf(flags) };
  const clients = config.clients ?? profile.clients ?? ['entra'];
  if (config.gallery && !clients.includes('entra')) {
    throw new ConfigError(
      `--gallery gates on Microsoft's gallery validation, which sends Entra's requests, and this run sends only ${clients.join(' and ')}'s: ` +
        'add --client both, or leave --gallery out',
    );
  }
  const facts = { authMode: config.auth.mode, readOnly: config.readOnly, clients, standards: config.standards };
  secrets = secretsOf(config.auth);
  // vitest and the run machinery load while the target is started: the two overlap.
  const runner = config.list ? undefined : import('../runner/run-conformance.ts');
  runner?.catch(() => undefined);
  // The plan is known here only when it matters before the run: for --list, and to refuse an --only that selects nothing.
  const selected = config.list || config.only.length ? await selectChecks(profile, config.only, facts) : undefined;
  if (config.only.length && !selected?.length) {
    throw new ConfigError(
      `--only ${config.only.join(' --only ')} matches no check of profile ${profile.name}. A * stays within one part of a check id and ** crosses them ` +
        `(users.** or just users selects every user check); --list prints every id.`,
    );
  }
  if (config.list) {
    listChecks(selected!, output);
    return 0;
  }
  // A bad baseline file stops the run before any request is sent.
  const baseline = flags.baseline ? { file: flags.baseline, summary: readBaseline(resolve(process.cwd(), flags.baseline)) } : undefined;
  for (const u of unknown) output.line(pc.yellow(`warning: ${describeUnknown(u)} It is ignored.`));
  for (const warning of config.warnings) output.line(pc.yellow(`warning: ${warning}`));
  if (interrupt.interrupted) return 130;
  const reportDir = resolve(process.cwd(), config.reportDir);
  await ensureWritableReportDir(reportDir);

  const target = await openTarget(
    profile,
    reference ? { auth: config.auth } : config,
    (line) => output.line(line),
    "it switches Entra's PATCH dialect; both dialects are tested.",
  );
  const { baseUrl, auth } = target;
  secrets = target.secrets;

  try {
    const runId = randomBytes(4).toString('hex');
    const redactor = new Redactor(secrets);
    const targetLabel = redactor.redact(baseUrl);
    output.line(
      `scim-conformance ${TOOL_VERSION}: profile ${profile.name} against ${targetLabel}${target.embedded ? ' (the bundled reference server)' : ''}, run ${runId}`,
    );
    mark('target-ready');
    // One probe first, as Entra's Test Connection does (and, with oauth, one token): a target that cannot be judged
    // at all stops the run here, once, instead of failing every check.
    const { probeTarget } = await import('../runner/preflight.ts');
    await probeTarget({ baseUrl, auth, timeoutMs: config.timeoutMs, tls: config.tls, redactor, profile, nothingSent: 'No check ran' });
    if (interrupt.interrupted) return 130;
    // Okta sends a password with every create: a throwaway one per run, treated as a secret like the token.
    const throwawayPassword = `Ok!${randomBytes(12).toString('base64url')}9z`;
    secrets = [...secrets, throwawayPassword];
    const spec: RunSpec = {
      ledgerPath: join(reportDir, 'created-resources.jsonl'),
      baseUrl,
      auth,
      timeoutMs: config.timeoutMs,
      concurrency: config.concurrency,
      ...(config.rate !== undefined ? { rate: config.rate } : {}),
      flowStatsPath: join(reportDir, '.flow-stats.json'),
      stopPath: join(reportDir, '.interrupted'),
      profile,
      runId,
      prefix: runPrefix(runId),
      throwawayPassword,
      only: config.only,
      strict: config.strict || profile.strict === true,
      ...(config.gallery ? { gallery: true } : {}),
      clients,
      standards: config.standards,
      readOnly: config.readOnly,
      tls: config.tls,
      secrets,
      targetLabel,
    };
    const { runConformance } = await runner!;
    const { summary, exitCode } = await runConformance(spec, reportDir, output, interrupt, baseline);
    mark('reports-written');
    output.finished(summary, config.reportDir, invocation());
    return exitCode;
  } finally {
    await target.close();
  }
}

function program(): Command {
  const cmd = new Command('scim-conformance')
    .description(
      'Tells whether a SCIM 2.0 endpoint will survive Microsoft Entra ID provisioning. Without SCIM_BASE_URL it runs against the bundled reference server.',
    )
    .version(TOOL_VERSION, '-v, --version')
    .showSuggestionAfterError(true)
    // Options after a subcommand belong to it (`report --report-dir x`), not to the run.
    .enablePositionalOptions()
    .exitOverride();
  addConnectionOptions(cmd, {
    afterAuth: (c) =>
      c
        .optionsGroup('What runs:')
        .addOption(
          new Option(
            '--only <glob>',
            'run only checks whose id matches; repeatable; * stays in one part of an id, ** crosses them, !glob removes',
          )
            .argParser(collect)
            .default([], 'all'),
        )
        .addOption(new Option('--strict', 'SHOULD failures fail the run too'))
        .addOption(
          new Option(
            '--gallery',
            "every item of Microsoft's gallery validation gates the exit code: 1 if one would fail (a SHOULD check's too), 3 if one was not judged",
          ),
        )
        .addOption(
          new Option(
            '--client <name>',
            'whose requests the checks send: entra (default), okta, or both, reported side by side (SCIM_CLIENT)',
          ),
        )
        .addOption(
          new Option('--standard <name>', 'also hold the server to a standard: interop (SCIM_STANDARD); repeatable').argParser(collect),
        )
        .addOption(new Option('--read-only', 'run only checks that create, change and delete nothing (for production tenants)'))
        .addOption(
          new Option(
            '--concurrency <n>',
            'requests in flight at most, halved while the endpoint throttles (429/503) and grown back slowly (default 8)',
          ),
        )
        .addOption(
          new Option(
            '--rate <n>',
            'requests per second at most, for a production tenant (default: as fast as the endpoint takes, paced down when it throttles)',
          ),
        )
        .addOption(
          new Option(
            '--reference',
            'run against the bundled reference server, on purpose (the default only outside CI and when nothing is configured)',
          ),
        )
        .addOption(new Option('--list', 'print the checks that would run, with level and spec reference, and exit')),
    reports: (c) =>
      c
        .optionsGroup('Reports and the CI gate:')
        .addOption(new Option('--report-dir <dir>', 'where reports are written (default reports)'))
        .addOption(
          new Option(
            '--baseline <summary.json>',
            "gate only on new failures against an earlier run's summary.json (known ones stay visible, fixed ones are reported)",
          ),
        )
        .addOption(
          new Option(
            '--verbose',
            'print every check as it finishes, also when the output is not a terminal (CI logs show only failures and warnings)',
          ),
        ),
  });
  cmd
    .addHelpText(
      'after',
      `
Environment: flags win over the environment, which wins over .env in the working directory (the only file read
from there). SCIM_CONFORMANCE_DEBUG=1 prints the stack of an internal error; SCIM_CONFORMANCE_TIMING=1 prints
where a run's time goes; NO_COLOR=1 turns colours off.

Exit codes: 0 no MUST check failed (nor a SHOULD with --strict; with --baseline: no new failure; with --gallery: no
gallery item would fail), 1 otherwise, 2 bad configuration or a target that cannot be tested at all (unreachable,
wrong Tenant URL, refused credentials, not SCIM), 3 incomplete (nothing failed, but a MUST check could not be judged:
the endpoint never answered it; with --gallery also a gallery item not judged: not run, skipped or unanswered),
130 interrupted (what the run created is removed first).`,
    )
    .action(async (flags: CliFlags) => {
      process.exitCode = await runSuite(flags);
    });
  cmd.addCommand(profileCommand());
  cmd.addCommand(cleanupCommand(output, secretsOf));
  cmd.addCommand(loadCommand(interrupt));
  cmd.hook('preAction', (_root, action) => {
    if (action !== cmd && action.name() !== 'load') interrupt.release();
  });
  cmd
    .command('report')
    .description('build the Allure HTML report from <report-dir>/allure-results into <report-dir>/html')
    .addOption(new Option('--report-dir <dir>', 'where the run wrote its reports (default reports)'))
    .action(async (flags: { reportDir?: string }) => {
      const dir = resolve(process.cwd(), flags.reportDir ?? 'reports');
      // A folder that is not there is the report's own error (no results to build from); one that is must take the HTML.
      if (existsSync(dir)) await ensureWritableReportDir(dir, { create: false });
      const file = await buildHtmlReport(dir);
      output.line(`HTML report: ${file}`);
    });
  return cmd;
}

try {
  await program().parseAsync(process.argv);
} catch (error) {
  const redactor = new Redactor(secrets);
  if (error instanceof CommanderError) {
    // Commander has already printed its message (with a "did you mean" where it has one).
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (
    error instanceof ConfigError ||
    error instanceof ProfileError ||
    error instanceof ReportError ||
    error instanceof OAuthError ||
    error instanceof BaselineError ||
    (error as { name?: string } | undefined)?.name === 'TargetError'
  ) {
    process.stderr.write(`scim-conformance: ${redactor.redact((error as Error).message)}\n`);
    process.exitCode = 2;
  } else if (error instanceof RegistryError) {
    process.stderr.write(`scim-conformance: a check file is broken: ${redactor.redact(error.message)}\n`);
    process.exitCode = 2;
  } else {
    const e = error as Error;
    process.stderr.write(`scim-conformance: unexpected error: ${redactor.redact(e?.message ?? String(error))}\n`);
    if (process.env.SCIM_CONFORMANCE_DEBUG) process.stderr.write(`${redactor.redact(e?.stack ?? '')}\n`);
    else process.stderr.write('Set SCIM_CONFORMANCE_DEBUG=1 to see where it happened, and please report it.\n');
    process.exitCode = 1;
  }
}
