// What the run and the load command share: the flags that name and reach the target, the secrets to redact, and
// the target itself (the vendor's endpoint, or the bundled reference server shaped like the profile's vendor).
import { type Command, Option } from 'commander';
import type { AuthConfig } from '../http/client.ts';
import { splitTenantUrl } from '../http/tenant-url.ts';
import type { Profile } from '../generated/index.ts';
import type { RunConfig } from './config.ts';
import { referenceLike } from './embedded-reference.ts';

/** --base-url (and --profile, for the commands that run checks or load) in the "Target:" help group. */
export function addTargetOptions(cmd: Command, withProfile = true): Command {
  const fallback = withProfile ? 'default: the bundled reference server' : 'required';
  cmd
    .optionsGroup('Target:')
    .addOption(new Option('--base-url <url>', `Tenant URL, e.g. https://app.example.com/scim/v2 (env SCIM_BASE_URL; ${fallback})`));
  if (withProfile)
    cmd.addOption(
      new Option('--profile <name|path>', 'profile name in profiles/ or a path to a profile file (env SCIM_PROFILE; default entra)'),
    );
  return cmd;
}

/** Every authentication flag, in its help group. */
export function addAuthOptions(cmd: Command): Command {
  return cmd
    .optionsGroup('Authentication (prefer the environment or .env: a flag shows in process lists):')
    .addOption(new Option('--auth <mode>', "bearer, basic, oauth or none (env SCIM_AUTH; default: the profile's, else bearer)"))
    .addOption(new Option('--token <token>', 'secret token, sent as a bearer token (env SCIM_TOKEN)'))
    .addOption(new Option('--username <name>', 'for --auth basic (env SCIM_USERNAME)'))
    .addOption(new Option('--password <password>', 'for --auth basic (env SCIM_PASSWORD)'))
    .addOption(new Option('--token-url <url>', 'OAuth token endpoint, for --auth oauth (env SCIM_TOKEN_URL)'))
    .addOption(new Option('--client-id <id>', 'OAuth client id (env SCIM_CLIENT_ID)'))
    .addOption(new Option('--client-secret <secret>', 'OAuth client secret (env SCIM_CLIENT_SECRET)'))
    .addOption(new Option('--scope <scope>', 'OAuth scope, optional (env SCIM_SCOPE)'))
    .addOption(
      new Option(
        '--oauth-style <style>',
        'how the client credentials reach the token endpoint: basic, post or both (env SCIM_OAUTH_STYLE; default basic)',
      ),
    );
}

/** --timeout, --ca and --insecure, in the "Network:" help group. */
export function addNetworkOptions(cmd: Command): Command {
  return cmd
    .optionsGroup('Network:')
    .addOption(new Option('--timeout <ms>', 'per-request timeout in milliseconds (default 30000)'))
    .addOption(new Option('--ca <file>', "PEM file of a CA to trust for the endpoint's TLS certificate (env SCIM_CA_FILE)"))
    .addOption(new Option('--insecure', 'do not verify TLS certificates: test endpoints only, prints a warning (env SCIM_INSECURE=1)'));
}

/** Target, authentication and network flags, with the command's own groups between them. */
export function addConnectionOptions(
  cmd: Command,
  groups: { afterAuth?: (cmd: Command) => void; reports: (cmd: Command) => void },
): Command {
  addAuthOptions(addTargetOptions(cmd));
  groups.afterAuth?.(cmd);
  groups.reports(cmd);
  return addNetworkOptions(cmd);
}

/**
 * Every string of the credentials that must never be printed or written. Read by field rather than by mode, so an
 * auth mode added to the client later still has its secret redacted.
 */
export function secretsOf(auth: AuthConfig): string[] {
  const fields = auth as Partial<Record<'token' | 'password' | 'clientSecret', string>>;
  const secrets = [fields.token, fields.password, fields.clientSecret].filter((s): s is string => typeof s === 'string');
  if (auth.mode === 'basic') secrets.push(Buffer.from(`${auth.username}:${auth.password}`).toString('base64'));
  return secrets;
}

export interface Target {
  baseUrl: string;
  auth: AuthConfig;
  secrets: string[];
  /** True for the bundled reference server. */
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * The configured endpoint, or without SCIM_BASE_URL the bundled reference server set up like the profile's vendor
 * (base path, authentication, extensions). `say` prints one line about what was chosen.
 */
export async function openTarget(
  profile: Profile,
  config: Pick<RunConfig, 'baseUrl' | 'auth'>,
  say: (line: string) => void,
  dialectNote: string,
): Promise<Target> {
  if (config.baseUrl !== undefined) {
    const { flags: entraFlags } = splitTenantUrl(config.baseUrl);
    if (entraFlags.length) say(`Tenant URL flag ${entraFlags.join(', ')} noted and not sent: ${dialectNote}`);
    return { baseUrl: config.baseUrl, auth: config.auth, secrets: secretsOf(config.auth), embedded: false, close: async () => undefined };
  }
  const embedded = referenceLike(profile, config.auth.mode);
  // Loaded only when needed: a run against a vendor's endpoint never loads the reference server.
  const { startReferenceServer } = await import('../../reference/server.ts');
  const reference = await startReferenceServer(embedded.options);
  const auth: AuthConfig = embedded.auth.mode === 'oauth' ? { ...embedded.auth, tokenUrl: reference.tokenUrl! } : embedded.auth;
  say(
    `Running against the bundled reference server at ${reference.baseUrl} (${auth.mode === 'none' ? 'no' : auth.mode} authentication), shaped like profile ${profile.name}: set SCIM_BASE_URL to test your endpoint`,
  );
  return { baseUrl: reference.baseUrl, auth, secrets: secretsOf(auth), embedded: true, close: () => reference.close() };
}
