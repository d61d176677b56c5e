// scim-conformance: `npx scim-conformance [flags]` and `npm start -- [flags]` both land here.
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { config as loadDotenv } from 'dotenv';
import pc from 'picocolors';
import { startReferenceServer } from '../../reference/server.ts';
import { OAuthError, ScimClient, splitTenantUrl } from '../harness/client.ts';
import { discover } from '../harness/discovery.ts';
import { loadProfile, ProfileError } from '../harness/profile.ts';
import { Redactor } from '../harness/redactor.ts';
import { RegistryError } from '../harness/registry.ts';
import { ConsoleOutput } from '../report/console.ts';
import { BaselineError, readBaseline } from '../report/baseline.ts';
import { buildHtmlReport, ReportError } from '../report/html.ts';
import type { RunSpec } from '../runner/run-spec.ts';
import { selectChecks } from '../runner/selection.ts';
import { type CliFlags, ConfigError, profileName, resolveConfig, type RunConfig } from './config.ts';
import { referenceLike } from './embedded-reference.ts';
import { listChecks } from './list.ts';
import { cleanupCommand } from './cleanup-command.ts';
import { profileCommand } from './profile-commands.ts';
import { TOOL_VERSION } from './version.ts';
import { mark } from '../timing.ts';

mark('cli-loaded');
const output = new ConsoleOutput();
let secrets: string[] = [];

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function runSuite(flags: CliFlags): Promise<number> {
  loadDotenv({ path: resolve(process.cwd(), '.env'), quiet: true });
  output.verbose = flags.verbose === true;
  const { profile } = loadProfile(profileName(flags, process.env));
  const config = resolveConfig(flags, process.env, profile.auth);
  secrets = secretsOf(config);
  // vitest and the run machinery load while the target is started and discovered: the two overlap.
  const runner = config.list ? undefined : import('../runner/run-conformance.ts');
  runner?.catch(() => undefined);
  const facts = { authMode: config.auth.mode, readOnly: config.readOnly };
  if (config.only.length && !(await selectChecks(profile, config.only, facts)).length) {
    throw new ConfigError(
      `--only ${config.only.join(' --only ')} matches no check of profile ${profile.name}. A * stays within one part of a check id and ** crosses them ` +
        `(users.** or just users selects every user check); --list prints every id.`,
    );
  }
  if (config.list) {
    listChecks(await selectChecks(profile, config.only, facts), output);
    return 0;
  }
  // A bad baseline file stops the run before any request is sent.
  const baseline = flags.baseline ? { file: flags.baseline, summary: readBaseline(resolve(process.cwd(), flags.baseline)) } : undefined;
  for (const warning of config.warnings) output.line(pc.yellow(`warning: ${warning}`));

  let baseUrl = config.baseUrl;
  let auth = config.auth;
  let reference: Awaited<ReturnType<typeof startReferenceServer>> | undefined;
  if (baseUrl === undefined) {
    // The bundled server is set up like the profile's vendor: its base path and its authentication.
    const embedded = referenceLike(profile, config.auth.mode);
    auth = embedded.auth;
    secrets = secretsOf({ auth });
    reference = await startReferenceServer(embedded.options);
    baseUrl = reference.baseUrl;
    if (auth.mode === 'oauth') auth = { ...auth, tokenUrl: reference.tokenUrl! };
    output.line(`No SCIM_BASE_URL set: running against the bundled reference server at ${baseUrl} (${auth.mode === 'none' ? 'no' : auth.mode} authentication)`);
  } else {
    const { flags: entraFlags } = splitTenantUrl(baseUrl);
    if (entraFlags.length) output.line(`Tenant URL flag ${entraFlags.join(', ')} noted: it switches Entra's PATCH dialect and is not sent; both dialects are tested.`);
  }

  try {
    const runId = randomBytes(4).toString('hex');
    const redactor = new Redactor(secrets);
    const client = new ScimClient({ baseUrl, auth, timeoutMs: config.timeoutMs, redactor, tls: config.tls });
    // A wrong token endpoint or secret stops the run here, once, instead of failing every check.
    mark('target-ready');
    await client.authenticate();
    const discovery = await discover(client);
    await client.close();
    mark('discovered');
    const reportDir = resolve(process.cwd(), config.reportDir);
    const spec: RunSpec = {
      ledgerPath: join(reportDir, 'created-resources.jsonl'),
      baseUrl,
      auth,
      timeoutMs: config.timeoutMs,
      profile,
      runId,
      prefix: `scimc-${runId}`,
      only: config.only,
      strict: config.strict || profile.strict === true,
      readOnly: config.readOnly,
      tls: config.tls,
      discovery,
      secrets,
      targetLabel: redactor.redact(baseUrl),
    };
    const { runConformance } = await runner!;
    const { summary, exitCode } = await runConformance(spec, reportDir, output, baseline);
    mark('reports-written');
    output.finished(summary, config.reportDir);
    return exitCode;
  } finally {
    await reference?.close();
  }
}

function secretsOf(config: Pick<RunConfig, 'auth'>): string[] {
  const auth = config.auth;
  if (auth.mode === 'oauth') return [auth.clientSecret];
  if (auth.mode === 'bearer') return [auth.token];
  if (auth.mode === 'basic') return [auth.password, Buffer.from(`${auth.username}:${auth.password}`).toString('base64')];
  return [];
}

function program(): Command {
  const cmd = new Command('scim-conformance')
    .description("Tells whether a SCIM 2.0 endpoint will survive Microsoft Entra ID provisioning. Without SCIM_BASE_URL it runs against the bundled reference server.")
    .version(TOOL_VERSION, '-v, --version')
    .showSuggestionAfterError(true)
    // Options after a subcommand belong to it (`report --report-dir x`), not to the run.
    .enablePositionalOptions()
    .exitOverride()
    .optionsGroup('Target:')
    .addOption(new Option('--base-url <url>', 'Tenant URL, e.g. https://app.example.com/scim/v2 (env SCIM_BASE_URL; default: the bundled reference server)'))
    .addOption(new Option('--profile <name|path>', 'profile name in profiles/ or a path to a profile file (env SCIM_PROFILE; default entra)'))
    .optionsGroup('Authentication (prefer the environment or .env: a flag shows in process lists):')
    .addOption(new Option('--auth <mode>', "bearer, basic, oauth or none (env SCIM_AUTH; default: the profile's, else bearer)"))
    .addOption(new Option('--token <token>', 'secret token, sent as a bearer token (env SCIM_TOKEN)'))
    .addOption(new Option('--username <name>', 'for --auth basic (env SCIM_USERNAME)'))
    .addOption(new Option('--password <password>', 'for --auth basic (env SCIM_PASSWORD)'))
    .addOption(new Option('--token-url <url>', 'OAuth token endpoint, for --auth oauth (env SCIM_TOKEN_URL)'))
    .addOption(new Option('--client-id <id>', 'OAuth client id (env SCIM_CLIENT_ID)'))
    .addOption(new Option('--client-secret <secret>', 'OAuth client secret (env SCIM_CLIENT_SECRET)'))
    .addOption(new Option('--scope <scope>', 'OAuth scope, optional (env SCIM_SCOPE)'))
    .addOption(new Option('--oauth-style <style>', 'how the client credentials reach the token endpoint: basic, post or both (env SCIM_OAUTH_STYLE; default basic)'))
    .optionsGroup('What runs:')
    .addOption(new Option('--only <glob>', 'run only checks whose id matches; repeatable; * stays in one part of an id, ** crosses them, !glob removes').argParser(collect).default([], 'all'))
    .addOption(new Option('--strict', 'SHOULD failures fail the run too'))
    .addOption(new Option('--read-only', 'run only checks that create, change and delete nothing (for production tenants)'))
    .addOption(new Option('--list', 'print the checks that would run, with level and spec reference, and exit'))
    .optionsGroup('Reports and the CI gate:')
    .addOption(new Option('--report-dir <dir>', 'where reports are written (default reports)'))
    .addOption(new Option('--baseline <summary.json>', "gate only on new failures against an earlier run's summary.json (known ones stay visible, fixed ones are reported)"))
    .addOption(new Option('--verbose', 'print every check as it finishes, also when the output is not a terminal (CI logs show only failures and warnings)'))
    .optionsGroup('Network:')
    .addOption(new Option('--timeout <ms>', 'per-request timeout in milliseconds (default 30000)'))
    .addOption(new Option('--ca <file>', "PEM file of a CA to trust for the endpoint's TLS certificate (env SCIM_CA_FILE)"))
    .addOption(new Option('--insecure', 'do not verify TLS certificates: test endpoints only, prints a warning (env SCIM_INSECURE=1)'))
    .addHelpText(
      'after',
      `
Environment: flags win over the environment, which wins over .env in the working directory (the only file read
from there). SCIM_CONFORMANCE_DEBUG=1 prints the stack of an internal error; SCIM_CONFORMANCE_TIMING=1 prints
where a run's time goes; NO_COLOR=1 turns colours off.

Exit codes: 0 no MUST check failed (nor a SHOULD with --strict; with --baseline: no new failure), 1 otherwise,
2 bad configuration, 130 interrupted (what the run created is removed first).`,
    )
    .action(async (flags: CliFlags) => {
      process.exitCode = await runSuite(flags);
    });
  cmd.addCommand(profileCommand());
  cmd.addCommand(cleanupCommand(output, (auth) => secretsOf({ auth })));
  cmd
    .command('report')
    .description('build the Allure HTML report from <report-dir>/allure-results into <report-dir>/html')
    .addOption(new Option('--report-dir <dir>', 'where the run wrote its reports (default reports)'))
    .action(async (flags: { reportDir?: string }) => {
      const dir = resolve(process.cwd(), flags.reportDir ?? 'reports');
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
  } else if (error instanceof ConfigError || error instanceof ProfileError || error instanceof ReportError || error instanceof OAuthError || error instanceof BaselineError) {
    process.stderr.write(`scim-conformance: ${redactor.redact(error.message)}\n`);
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
