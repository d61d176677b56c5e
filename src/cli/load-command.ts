// scim-conformance load: Entra's initial provisioning cycle at a steady rate, and a verdict against the
// 25 requests per second the Microsoft gallery requires. Configured like the run (.env, environment, flags).
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import pc from 'picocolors';
import { OAuthError } from '../http/oauth-error.ts';
import { loadProfile, ProfileError } from '../profiles/load-profile.ts';
import { Redactor } from '../http/redactor.ts';
import { LoadConsole } from '../load/console.ts';
import { LOAD_DEFAULTS } from '../load/defaults.ts';
import type { LoadDialect } from '../load/workload.ts';
import { Interrupt } from '../cleanup/interrupt.ts';
import {
  type CliFlags,
  ConfigError,
  describeUnknown,
  profileName,
  readEnvironment,
  resolveConfig,
  unknownSettings,
  usesReference,
} from './config.ts';
import { ensureWritableReportDir } from './report-dir.ts';
import { addConnectionOptions, openTarget, secretsOf } from './target.ts';

export interface LoadFlags extends CliFlags {
  users?: string;
  rate?: string;
  concurrency?: string;
  duration?: string;
  dialect?: string;
  walk?: boolean;
  walkCount?: string;
}

export interface LoadSettings {
  users: number;
  rate: number | 'max';
  concurrency: number;
  durationSeconds: number;
  dialect: LoadDialect;
  /** --walk (or --walk-count): page through the unfiltered GET /Users after the load. */
  walk?: { count: number };
}

const DIALECTS: LoadDialect[] = ['aadOptscim062020', 'default'];
/** The walk's default page size; the one Account Discovery asks for is not documented. */
const WALK_COUNT = 100;

/** The load flags, checked; a bad one is a ConfigError naming it, what is wrong and the default. */
export function loadSettings(flags: LoadFlags): LoadSettings {
  const whole = (name: string, text: string | undefined, fallback: number, max: number, hint: string): number => {
    if (text === undefined) return fallback;
    const value = Number(text.trim());
    if (!/^\d+$/.test(text.trim()) || value < 1 || value > max)
      throw new ConfigError(`--${name}: "${text}" is not a whole number between 1 and ${max}; ${hint}`);
    return value;
  };
  const users = whole(
    'users',
    flags.users,
    LOAD_DEFAULTS.users,
    1_000_000,
    `the number of users to provision (default ${LOAD_DEFAULTS.users})`,
  );
  const concurrency = whole(
    'concurrency',
    flags.concurrency,
    LOAD_DEFAULTS.concurrency,
    256,
    `requests in flight at most (default ${LOAD_DEFAULTS.concurrency})`,
  );

  let rate: number | 'max' = LOAD_DEFAULTS.rate;
  if (flags.rate !== undefined) {
    const text = flags.rate.trim();
    if (text.toLowerCase() === 'max') rate = 'max';
    else {
      rate = Number(text);
      if (text === '' || !Number.isFinite(rate) || rate <= 0 || rate > 100_000) {
        throw new ConfigError(
          `--rate: "${flags.rate}" is neither a number of requests per second above 0 (up to 100000) nor "max"; the default is 25, the rate Microsoft requires`,
        );
      }
    }
  }

  let durationSeconds = LOAD_DEFAULTS.durationSeconds;
  if (flags.duration !== undefined) {
    durationSeconds = Number(flags.duration.trim());
    if (flags.duration.trim() === '' || !Number.isFinite(durationSeconds) || durationSeconds <= 0 || durationSeconds > 86_400) {
      throw new ConfigError(
        `--duration: "${flags.duration}" is not a number of seconds above 0 (up to 86400); sending stops after it (default ${LOAD_DEFAULTS.durationSeconds})`,
      );
    }
  }

  let dialect = LOAD_DEFAULTS.dialect;
  if (flags.dialect !== undefined) {
    const found = DIALECTS.find((d) => d.toLowerCase() === flags.dialect!.trim().toLowerCase());
    if (!found)
      throw new ConfigError(
        `--dialect: "${flags.dialect}" is not one of ${DIALECTS.join(', ')}; Entra sends aadOptscim062020 when the Tenant URL carries ?aadOptscim062020, default otherwise`,
      );
    dialect = found;
  }
  const walkHint = `resources per page of the walk (default ${WALK_COUNT})`;
  const walk =
    flags.walk || flags.walkCount !== undefined ? { count: whole('walk-count', flags.walkCount, WALK_COUNT, 10_000, walkHint) } : undefined;
  return { users, rate, concurrency, durationSeconds, dialect, ...(walk ? { walk } : {}) };
}

/** Runs the load command; returns its exit code. Throws ConfigError, ProfileError or OAuthError on bad input. */
export async function loadAction(
  flags: LoadFlags,
  env: NodeJS.ProcessEnv = process.env,
  stream: NodeJS.WriteStream = process.stdout,
  shared?: Interrupt,
): Promise<number> {
  const { fromDotenv } = env === process.env ? readEnvironment() : { fromDotenv: new Set<string>() };
  const settings = loadSettings(flags);
  const unknown = unknownSettings(env, fromDotenv);
  const reference = usesReference(flags, env, unknown);
  const { profile } = loadProfile(profileName(flags, env));
  const config = resolveConfig(flags, env, profile.auth);
  let secrets = secretsOf(config.auth);
  const output = await LoadConsole.create(stream);
  const say = (line: string) => {
    output.stopProgress();
    output.line(line);
  };
  const interrupt = shared ?? new Interrupt(say, 'no more requests').listen();
  interrupt.retarget(say, 'no more requests');
  try {
    for (const u of unknown) output.line(pc.yellow(`warning: ${describeUnknown(u)} It is ignored.`));
    for (const warning of config.warnings) output.line(pc.yellow(`warning: ${warning}`));
    const reportDir = resolve(process.cwd(), config.reportDir);
    await ensureWritableReportDir(reportDir);
    const target = await openTarget(
      profile,
      reference ? { auth: config.auth } : config,
      (line) => output.line(line),
      `--dialect chooses the PATCH dialect (now ${settings.dialect}).`,
    );
    const { baseUrl, auth } = target;
    secrets = target.secrets;
    try {
      // The same first probe as the suite's: a load against an endpoint that cannot be reached tells so once.
      const { probeTarget } = await import('../runner/preflight.ts');
      await probeTarget({
        baseUrl,
        auth,
        timeoutMs: config.timeoutMs,
        tls: config.tls,
        redactor: new Redactor(secrets),
        profile,
        nothingSent: 'Nothing was sent for the load',
      });
      const { runLoad } = await import('../load/run-load.ts');
      const { exitCode } = await runLoad({
        baseUrl,
        auth,
        tls: config.tls,
        timeoutMs: config.timeoutMs,
        profile,
        secrets,
        reportDir,
        ...settings,
        output,
        interrupt,
      });
      return exitCode;
    } finally {
      await target.close();
    }
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ProfileError || error instanceof OAuthError) throw error;
    // Whatever else went wrong, its message and stack carry no secret.
    const redactor = new Redactor(secrets);
    if (error instanceof Error) {
      error.message = redactor.redact(error.message);
      if (error.stack) error.stack = redactor.redact(error.stack);
    }
    throw error;
  } finally {
    interrupt.dispose();
    output.stopProgress();
  }
}

export function loadCommand(interrupt?: Interrupt): Command {
  const cmd = new Command('load')
    .description(
      "run Entra's initial provisioning cycle against the endpoint (per user: filter, create, update; groups filled in batches; some users soft-deleted) " +
        'at a steady rate, remove everything it created, and judge it against the 25 requests per second the Microsoft gallery requires',
    )
    .exitOverride()
    .optionsGroup('Load:')
    .addOption(new Option('--users <n>', `users to provision (default ${LOAD_DEFAULTS.users})`))
    .addOption(new Option('--rate <rps|max>', 'requests per second, or max for as fast as the endpoint answers (default 25)'))
    .addOption(
      new Option(
        '--concurrency <n>',
        `requests in flight at most; halved while the endpoint throttles (default ${LOAD_DEFAULTS.concurrency})`,
      ),
    )
    .addOption(
      new Option('--duration <seconds>', `stop sending after this long even if users remain (default ${LOAD_DEFAULTS.durationSeconds})`),
    )
    .addOption(new Option('--dialect <dialect>', 'PATCH dialect: aadOptscim062020 or default (default aadOptscim062020)'))
    .addOption(
      new Option(
        '--walk',
        "after the load, page through the whole unfiltered GET /Users as Entra's Account Discovery does; project 250,000 accounts",
      ),
    )
    .addOption(new Option('--walk-count <n>', `resources asked for per page of the walk (default ${WALK_COUNT}); implies --walk`))
    .addOption(
      new Option(
        '--reference',
        'load the bundled reference server, on purpose (the default only outside CI and when nothing is configured)',
      ),
    );
  addConnectionOptions(cmd, {
    reports: (c) =>
      c.optionsGroup('Reports:').addOption(new Option('--report-dir <dir>', 'where load.json and allure-results go (default reports)')),
  });
  return cmd
    .addHelpText(
      'after',
      `
Sending stops when every user went through the cycle or at --duration, whichever comes first; then everything the
run created (named scimc-<run id>-...) is removed, at the same rate. Ctrl-C stops sending and still cleans up; a
second Ctrl-C stops at once and names what is left.

Verdict: the sustained rate is the requests answered (final answer neither 429 nor 503) divided by the load's
duration (and by at least 2 s). Pass: at least 25 rps (2% allowed for pacing), no 5xx other than 503, every request
answered, every create made a resource. Not judged: --rate below 25, or a run too short to tell.

Walk (--walk): before removing its users, the run reads GET /Users?startIndex=..&count=.. (no filter) to the end,
one page at a time at --rate, advancing startIndex by what each page returned, and reports pages, resources listed,
totalResults, whether each of its own users was listed exactly once, page latency (first and last pages too) and a
projection for 250,000 accounts at that page size and mean page latency: a lower bound, as pages usually get slower
further in. It only reads, and is not part of the verdict; a page without an answer leaves the walk not judged.

Exit codes: 0 pass or not judged, 1 fail or something left on the target, 2 bad configuration, 130 interrupted.`,
    )
    .action(async (flags: LoadFlags) => {
      process.exitCode = await loadAction(flags, process.env, process.stdout, interrupt);
    });
}
