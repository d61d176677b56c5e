// `scim-conformance profile import|discover`: profiles made from what a vendor already has (an Entra schema
// export, or their endpoint's own discovery documents) instead of written by hand.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { config as loadDotenv } from 'dotenv';
import type { Profile } from '../generated/index.ts';
import { splitTenantUrl } from '../http/tenant-url.ts';
import { loadProfile, ProfileError } from '../profiles/load-profile.ts';
import { Redactor } from '../http/redactor.ts';
import { DOWNLOAD_HINT, importEntraSchema } from '../profiles/import-entra-schema.ts';
import { writeProfileFile, type WrittenProfile } from '../profiles/profile-file.ts';
import { profileFromDiscovery } from '../profiles/profile-from-discovery.ts';
import { addAuthOptions, addNetworkOptions, addTargetOptions, secretsOf } from './target.ts';
import { type CliFlags, ConfigError, resolveConfig, type RunConfig } from './config.ts';

export interface OutputFlags {
  name?: string;
  out?: string;
  force?: boolean;
}

export interface RunOptions {
  cwd?: string;
  /** Lines about what the profile leaves out; the command prints them on stderr. */
  warn?: (line: string) => void;
}

/** The connection flags of a run (target, authentication, network) and where the profile goes. */
export type DiscoverFlags = OutputFlags &
  Pick<
    CliFlags,
    | 'baseUrl'
    | 'auth'
    | 'token'
    | 'username'
    | 'password'
    | 'tokenUrl'
    | 'clientId'
    | 'clientSecret'
    | 'scope'
    | 'oauthStyle'
    | 'timeout'
    | 'ca'
    | 'insecure'
  >;

function printWarning(line: string): void {
  process.stderr.write(`warning: ${line}\n`);
}

export async function runImport(file: string, flags: OutputFlags = {}, options: RunOptions = {}): Promise<WrittenProfile> {
  const cwd = options.cwd ?? process.cwd();
  let content: string;
  try {
    content = await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new ProfileError(`${file}: cannot read it (${(error as Error).message}); pass the path of the schema JSON downloaded from Entra`);
  }
  let json: unknown;
  try {
    // Files saved on Windows may start with a byte-order mark, which JSON.parse rejects.
    json = JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch (error) {
    // JSON.parse quotes the offending text, newlines included; the error must stay one line.
    throw new ProfileError(`${file}: not JSON (${(error as Error).message.replace(/\s+/g, ' ')}); ${DOWNLOAD_HINT}`);
  }
  const profile = importEntraSchema(json, { name: flags.name, source: file, warn: options.warn ?? printWarning });
  return writeProfileFile(profile, { out: flags.out, force: flags.force, cwd });
}

/** Profiles know bearer, basic and none; every token-based mode reaches the endpoint as a bearer token. */
function profileAuth(mode: RunConfig['auth']['mode']): Profile['auth'] {
  return mode === 'basic' || mode === 'none' ? mode : 'bearer';
}

export async function runDiscover(
  flags: DiscoverFlags = {},
  env: NodeJS.ProcessEnv = process.env,
  options: RunOptions = {},
): Promise<WrittenProfile> {
  const warn = options.warn ?? printWarning;
  const config = resolveConfig(flags, env);
  // A run without a URL tests the bundled reference server; a profile of that server would describe nothing of the vendor's.
  if (config.baseUrl === undefined) {
    throw new ConfigError(
      'SCIM_BASE_URL / --base-url: no Tenant URL is set; discover reads /Schemas and /ResourceTypes from your endpoint, so set SCIM_BASE_URL=<your Tenant URL> in .env or pass --base-url, e.g. https://app.example.com/scim/v2',
    );
  }
  for (const warning of config.warnings) warn(warning);

  const redactor = new Redactor(secretsOf(config.auth));
  const { ScimClient } = await import('../http/client.ts');
  const { discover } = await import('../kit/discovery.ts');
  const client = new ScimClient({ baseUrl: config.baseUrl, auth: config.auth, timeoutMs: config.timeoutMs, redactor, tls: config.tls });
  let found: Awaited<ReturnType<typeof discover>>;
  try {
    found = await discover(client);
  } finally {
    await client.close();
  }
  const base = splitTenantUrl(config.baseUrl).base;
  const target = redactor.redact(base.href);
  const problem = (name: string) =>
    found.problems.find((p) => p.startsWith(`GET /${name}:`)) ?? `GET /${name}: no list of resources in the answer`;
  if (found.schemas === undefined) {
    throw new ProfileError(
      redactor.redact(
        `${target}: ${problem('Schemas')}; discover builds the profile from GET /Schemas (RFC 7644 section 4): check the Tenant URL and credentials, or write the profile by hand starting from profiles/entra.json`,
      ),
    );
  }
  if (found.resourceTypes === undefined) warn(redactor.redact(`${problem('ResourceTypes')}; the profile is built from /Schemas alone`));

  const profile = profileFromDiscovery(found.schemas, found.resourceTypes ?? [], {
    name: flags.name,
    source: target,
    ...(base.pathname !== '' && base.pathname !== '/' ? { basePathHint: base.pathname } : {}),
    auth: profileAuth(config.auth.mode),
    entraDefaults: loadProfile('entra').profile,
    warn,
  });
  return writeProfileFile(profile, { out: flags.out, force: flags.force, cwd: options.cwd });
}

/** Target, authentication and network flags, as a run has them (no profile: discover writes one). */
function connectionOptions(command: Command): Command {
  return addNetworkOptions(addAuthOptions(addTargetOptions(command, false)));
}

function outputOptions(command: Command, what: string): Command {
  return command
    .optionsGroup('Output:')
    .addOption(new Option('--name <name>', `profile name: lower-case letters, digits, hyphens (default: from ${what})`))
    .addOption(new Option('--out <path>', 'where to write the profile (default ./<name>.profile.json)'))
    .addOption(new Option('--force', 'overwrite the --out file if it exists'));
}

export function profileCommand(): Command {
  // main.ts adds this with addCommand, which copies none of the program's settings: errors must still reach its handler.
  const profile = new Command('profile')
    .description("make a profile from an Entra schema export or from your endpoint's /Schemas, for --profile")
    .exitOverride()
    .showSuggestionAfterError(true);

  outputOptions(
    profile
      .command('import')
      .description(
        'convert the provisioning schema downloaded from Entra (Attribute mapping > Show advanced options > Review your schema > Download) into a profile',
      )
      .argument('<file>', 'the downloaded schema JSON'),
    "the export's id or file name",
  ).action(async (file: string, flags: OutputFlags) => {
    const written = await runImport(file, flags);
    process.stdout.write(`${written.message}\n`);
  });

  outputOptions(
    connectionOptions(
      profile
        .command('discover')
        .description("build a profile from your endpoint's /Schemas and /ResourceTypes, with the connection settings of a run"),
    ),
    "the Tenant URL's host",
  ).action(async (flags: DiscoverFlags) => {
    loadDotenv({ path: resolve(process.cwd(), '.env'), quiet: true });
    const written = await runDiscover(flags, process.env);
    process.stdout.write(`${written.message}\n`);
  });
  return profile;
}
