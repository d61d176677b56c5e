// Settings come from .env, the environment and flags (flags win). A bad one ends the run with exit code 2
// and one line naming the setting, what is wrong and how to fix it.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import type { AuthConfig, TlsOptions } from '../http/client.ts';
import { CLIENTS, type Client, STANDARDS, type Standard } from '../kit/check.ts';
import { closestName } from '../util/closest-name.ts';

export class ConfigError extends Error {}

export interface CliFlags {
  baseUrl?: string;
  token?: string;
  auth?: string;
  username?: string;
  password?: string;
  tokenUrl?: string;
  clientId?: string;
  clientSecret?: string;
  scope?: string;
  oauthStyle?: string;
  profile?: string;
  only?: string[];
  strict?: boolean;
  gallery?: boolean;
  client?: string;
  standard?: string[];
  readOnly?: boolean;
  reportDir?: string;
  timeout?: string;
  list?: boolean;
  ca?: string;
  insecure?: boolean;
  baseline?: string;
  verbose?: boolean;
  concurrency?: string;
  rate?: string;
  reference?: boolean;
}

export interface RunConfig {
  /** Undefined: run against the bundled reference server. */
  baseUrl?: string;
  auth: AuthConfig;
  profile: string;
  only: string[];
  strict: boolean;
  /** --gallery: every item of Microsoft's gallery validation gates the exit code. */
  gallery: boolean;
  /** --client: whose requests the checks send; undefined: the profile's client, else Entra. */
  clients?: Client[];
  /** --standard: the standards the server is held to besides what the clients need. */
  standards: Standard[];
  readOnly: boolean;
  reportDir: string;
  timeoutMs: number;
  /** Requests in flight at most (the adaptive limit starts here). */
  concurrency: number;
  /** Requests per second at most (--rate); undefined: as fast as the target takes. */
  rate?: number;
  list: boolean;
  tls: TlsOptions;
  warnings: string[];
}

const AUTH_MODES = ['bearer', 'basic', 'oauth', 'none'] as const;
const OAUTH_STYLES = ['basic', 'post', 'both'] as const;

function pick(flag: string | undefined, env: string | undefined): string | undefined {
  const value = flag ?? env;
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** The profile name or path a run uses; read before the rest, because a profile states its auth mode. */
export function profileName(flags: CliFlags, env: NodeJS.ProcessEnv): string {
  return pick(flags.profile, env.SCIM_PROFILE) ?? 'entra';
}

/** --client / SCIM_CLIENT: entra, okta, or both (entra,okta) in one run, reported side by side. */
export function clientsOf(flags: Pick<CliFlags, 'client'>, env: NodeJS.ProcessEnv): Client[] | undefined {
  const text = pick(flags.client, env.SCIM_CLIENT);
  if (text === undefined) return undefined;
  const names = text.trim().toLowerCase() === 'both' ? [...CLIENTS] : text.split(',').map((n) => n.trim().toLowerCase());
  for (const name of names) {
    if (!(CLIENTS as readonly string[]).includes(name)) {
      const near = closestName(name, [...CLIENTS, 'both']);
      throw new ConfigError(
        `--client / SCIM_CLIENT: "${name}" is not a client this suite knows${near && near.distance <= 2 ? ` (did you mean ${near.name}?)` : ''}; use entra, okta or both`,
      );
    }
  }
  return [...new Set(names as Client[])];
}

/** --standard (repeatable) / SCIM_STANDARD (comma-separated). */
export function standardsOf(flags: Pick<CliFlags, 'standard'>, env: NodeJS.ProcessEnv): Standard[] {
  const names = flags.standard ?? (env.SCIM_STANDARD ? env.SCIM_STANDARD.split(',') : []);
  return [
    ...new Set(
      names.map((raw) => {
        const name = raw.trim().toLowerCase();
        if (!(STANDARDS as readonly string[]).includes(name)) {
          throw new ConfigError(`--standard / SCIM_STANDARD: "${raw}" is not a standard this suite checks; use ${STANDARDS.join(' or ')}`);
        }
        return name as Standard;
      }),
    ),
  ];
}

export function resolveConfig(flags: CliFlags, env: NodeJS.ProcessEnv, profileAuth?: string): RunConfig {
  const warnings: string[] = [];
  const baseUrl = pick(flags.baseUrl, env.SCIM_BASE_URL);
  if (baseUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      throw new ConfigError(
        `SCIM_BASE_URL / --base-url: "${baseUrl}" is not a URL; set it to your Tenant URL, e.g. https://app.example.com/scim/v2`,
      );
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new ConfigError(
        `SCIM_BASE_URL / --base-url: "${url.protocol}" is not http or https; set it to your Tenant URL, e.g. https://app.example.com/scim/v2`,
      );
    }
    if (url.username || url.password) {
      throw new ConfigError(
        'SCIM_BASE_URL / --base-url: the URL carries credentials; remove them from the URL and set SCIM_TOKEN (or SCIM_USERNAME/SCIM_PASSWORD) instead',
      );
    }
    if (url.protocol === 'http:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
      warnings.push(
        'the Tenant URL uses http: Entra only connects over HTTPS (TLS 1.2), so this endpoint could not be provisioned as it is',
      );
    }
  }

  const authText = (pick(flags.auth, env.SCIM_AUTH) ?? profileAuth ?? 'bearer').toLowerCase();
  if (!(AUTH_MODES as readonly string[]).includes(authText)) {
    throw new ConfigError(
      `SCIM_AUTH / --auth: "${authText}" is not one of ${AUTH_MODES.join(', ')}; Entra sends a bearer token, so use bearer unless you test your endpoint directly`,
    );
  }
  let auth: AuthConfig = { mode: 'none' };
  if (authText === 'bearer') {
    const token = pick(flags.token, env.SCIM_TOKEN);
    if (baseUrl !== undefined && token === undefined) {
      throw new ConfigError(
        'SCIM_TOKEN / --token: no secret token is set; put SCIM_TOKEN=<your secret token> in .env (or pass --token), or use --auth none for an endpoint without authentication',
      );
    }
    auth = { mode: 'bearer', token: token ?? '' };
  } else if (authText === 'basic') {
    const username = pick(flags.username, env.SCIM_USERNAME);
    const password = pick(flags.password, env.SCIM_PASSWORD);
    if (baseUrl !== undefined && (username === undefined || password === undefined)) {
      throw new ConfigError(
        `${username === undefined ? 'SCIM_USERNAME / --username' : 'SCIM_PASSWORD / --password'}: basic authentication needs both SCIM_USERNAME and SCIM_PASSWORD; set the missing one in .env`,
      );
    }
    auth = { mode: 'basic', username: username ?? '', password: password ?? '' };
    warnings.push(
      'basic authentication: Entra itself never sends HTTP Basic (it sends Authorization: Bearer <secret token>); this run tests your endpoint directly',
    );
  } else if (authText === 'oauth') {
    auth = oauthConfig(flags, env, baseUrl !== undefined);
  } else {
    warnings.push(
      'no authentication: Entra always sends a bearer token (its own signed JWT when the secret token is blank); this run tests your endpoint directly',
    );
  }

  const timeoutText = flags.timeout ?? '30000';
  const timeoutMs = Number(timeoutText);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 600_000) {
    throw new ConfigError(
      `--timeout: "${timeoutText}" is not a whole number of milliseconds between 100 and 600000; Entra waits about 60000 ms, the default is 30000`,
    );
  }

  const concurrencyText = flags.concurrency ?? '8';
  const concurrency = Number(concurrencyText);
  if (!/^\d+$/.test(concurrencyText.trim()) || concurrency < 1 || concurrency > 64) {
    throw new ConfigError(
      `--concurrency: "${concurrencyText}" is not a whole number between 1 and 64; it bounds the requests in flight (default 8, like the suite's checks)`,
    );
  }

  const tls = tlsOptions(flags, env, warnings);
  const clients = clientsOf(flags, env);

  return {
    ...(baseUrl !== undefined ? { baseUrl } : {}),
    tls,
    auth,
    profile: profileName(flags, env),
    only: flags.only ?? [],
    strict: flags.strict ?? false,
    gallery: flags.gallery ?? false,
    ...(clients ? { clients } : {}),
    standards: standardsOf(flags, env),
    readOnly: flags.readOnly ?? false,
    reportDir: flags.reportDir ?? 'reports',
    timeoutMs,
    concurrency,
    list: flags.list ?? false,
    warnings,
  };
}

/** The suite's --rate: requests per second at most (the load command has its own --rate, with `max`). */
export function rateOf(flags: Pick<CliFlags, 'rate'>): { rate?: number } {
  if (flags.rate === undefined) return {};
  const rate = Number(flags.rate);
  if (!/^\d+(\.\d+)?$/.test(flags.rate.trim()) || !(rate > 0) || rate > 10_000) {
    throw new ConfigError(
      `--rate: "${flags.rate}" is not a number of requests per second above 0 (up to 10000), e.g. --rate 10 for a production tenant`,
    );
  }
  return { rate };
}

/** OAuth 2.0 client credentials (RFC 6749 §4.4), as Entra uses it for gallery apps. */
function oauthConfig(flags: CliFlags, env: NodeJS.ProcessEnv, required: boolean): AuthConfig {
  const tokenUrl = pick(flags.tokenUrl, env.SCIM_TOKEN_URL);
  const clientId = pick(flags.clientId, env.SCIM_CLIENT_ID);
  const clientSecret = pick(flags.clientSecret, env.SCIM_CLIENT_SECRET);
  const scope = pick(flags.scope, env.SCIM_SCOPE);
  const style = (pick(flags.oauthStyle, env.SCIM_OAUTH_STYLE) ?? 'basic').toLowerCase();
  if (required) {
    const missing = [
      [tokenUrl, 'SCIM_TOKEN_URL / --token-url', 'the token endpoint, e.g. https://login.example.com/oauth2/token'],
      [clientId, 'SCIM_CLIENT_ID / --client-id', 'the client id'],
      [clientSecret, 'SCIM_CLIENT_SECRET / --client-secret', 'the client secret'],
    ].find(([value]) => value === undefined);
    if (missing) throw new ConfigError(`${missing[1]}: OAuth client credentials need ${missing[2]}; set it in .env`);
    try {
      const url = new URL(tokenUrl!);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http');
    } catch {
      throw new ConfigError(`SCIM_TOKEN_URL / --token-url: "${tokenUrl}" is not an http(s) URL; set it to your token endpoint`);
    }
  }
  if (!(OAUTH_STYLES as readonly string[]).includes(style)) {
    throw new ConfigError(
      `SCIM_OAUTH_STYLE / --oauth-style: "${style}" is not one of ${OAUTH_STYLES.join(', ')} (how the client id and secret reach the token endpoint: Authorization header, form body, or both)`,
    );
  }
  return {
    mode: 'oauth',
    tokenUrl: tokenUrl ?? '',
    clientId: clientId ?? '',
    clientSecret: clientSecret ?? '',
    ...(scope ? { scope } : {}),
    credentialStyle: style as (typeof OAUTH_STYLES)[number],
  };
}

function tlsOptions(flags: CliFlags, env: NodeJS.ProcessEnv, warnings: string[]): TlsOptions {
  const caFile = pick(flags.ca, env.SCIM_CA_FILE);
  const insecure = flags.insecure === true || /^(1|true|yes)$/i.test(env.SCIM_INSECURE ?? '');
  const tls: TlsOptions = {};
  if (caFile !== undefined) {
    const path = resolve(process.cwd(), caFile);
    if (!existsSync(path))
      throw new ConfigError(
        `SCIM_CA_FILE / --ca: ${path} does not exist; give the PEM file of the CA that signed your endpoint's certificate`,
      );
    const ca = readFileSync(path, 'utf8');
    if (!ca.includes('-----BEGIN CERTIFICATE-----'))
      throw new ConfigError(
        `SCIM_CA_FILE / --ca: ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----); export the CA certificate as PEM`,
      );
    tls.ca = ca;
  }
  if (insecure) {
    tls.insecure = true;
    warnings.push(
      'INSECURE: TLS certificates are NOT verified (--insecure); anyone on the network path could read the secret token. Use this only for a test endpoint, and --ca for a private CA instead.',
    );
  }
  return tls;
}

/** Every SCIM_ name the tool reads; anything else starting SCIM_ is most likely a typo of one of these. */
export const KNOWN_SETTINGS = [
  'SCIM_BASE_URL',
  'SCIM_TOKEN',
  'SCIM_AUTH',
  'SCIM_USERNAME',
  'SCIM_PASSWORD',
  'SCIM_TOKEN_URL',
  'SCIM_CLIENT_ID',
  'SCIM_CLIENT_SECRET',
  'SCIM_SCOPE',
  'SCIM_OAUTH_STYLE',
  'SCIM_PROFILE',
  'SCIM_CLIENT',
  'SCIM_STANDARD',
  'SCIM_CA_FILE',
  'SCIM_INSECURE',
  'SCIM_CONFORMANCE_DEBUG',
  'SCIM_CONFORMANCE_TIMING',
  'SCIM_CONFORMANCE_TIMING_ORIGIN',
  'SCIM_CONFORMANCE_LIVE_DIR',
] as const;

/** The process environment with .env beneath it (the environment wins), and which names came from .env. */
export function readEnvironment(cwd: string = process.cwd()): { env: NodeJS.ProcessEnv; fromDotenv: Set<string> } {
  const path = resolve(cwd, '.env');
  const fromDotenv = new Set<string>();
  if (existsSync(path)) {
    let parsed: Record<string, string> = {};
    try {
      parsed = parseDotenv(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new ConfigError(
        `.env: ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); fix its permissions or remove it`,
      );
    }
    for (const [name, value] of Object.entries(parsed)) {
      if (process.env[name] === undefined) {
        process.env[name] = value;
        fromDotenv.add(name);
      }
    }
  }
  return { env: process.env, fromDotenv };
}

export interface UnknownSetting {
  name: string;
  where: '.env' | 'the environment';
  closest: string;
}

/** SCIM_ names the tool does not know, each with the known name it most resembles. */
export function unknownSettings(env: NodeJS.ProcessEnv, fromDotenv: Set<string>): UnknownSetting[] {
  const known = new Set<string>(KNOWN_SETTINGS);
  return Object.keys(env)
    .filter((name) => name.startsWith('SCIM_') && !known.has(name))
    .sort()
    .map((name) => ({ name, where: fromDotenv.has(name) ? '.env' : 'the environment', closest: closestName(name, KNOWN_SETTINGS)!.name }));
}

export function describeUnknown(u: UnknownSetting): string {
  return `${u.name} (in ${u.where}) is not a setting of this tool; did you mean ${u.closest}?`;
}

/**
 * Whether a run uses the bundled reference server. Never as a silent stand-in: only with --reference, or outside CI
 * when nothing at all is configured. A CI job whose secret was not injected, or a .env with a typo, is an error that
 * names the variable, instead of a green run that tested nothing.
 */
export function usesReference(flags: CliFlags, env: NodeJS.ProcessEnv, unknown: UnknownSetting[]): boolean {
  const baseUrl = pick(flags.baseUrl, env.SCIM_BASE_URL);
  if (flags.reference) {
    if (baseUrl !== undefined)
      throw new ConfigError(
        `--reference runs against the bundled reference server, but a Tenant URL is set too (${flags.baseUrl !== undefined ? '--base-url' : 'SCIM_BASE_URL'}); drop one of them`,
      );
    return true;
  }
  if (baseUrl !== undefined) return false;
  const hint = unknown.length ? ` ${unknown.map(describeUnknown).join(' ')}` : '';
  const tail =
    'Set SCIM_BASE_URL to your Tenant URL (e.g. https://app.example.com/scim/v2), or pass --reference to run against the bundled reference server on purpose.';
  if (flags.baseUrl !== undefined || (env.SCIM_BASE_URL !== undefined && env.SCIM_BASE_URL.trim() === '')) {
    throw new ConfigError(`SCIM_BASE_URL / --base-url is set but empty (a CI secret or variable that was not filled in?).${hint} ${tail}`);
  }
  if (env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0') {
    throw new ConfigError(
      `SCIM_BASE_URL / --base-url is not set, and this is a CI run (CI=${env.CI}): a CI gate must name the endpoint it tests.${hint} ${tail}`,
    );
  }
  const present = Object.keys(env).filter((name) => name.startsWith('SCIM_') && !name.startsWith('SCIM_CONFORMANCE_'));
  if (present.length) {
    throw new ConfigError(
      `SCIM_BASE_URL / --base-url is not set, though ${present.sort().join(', ')} ${present.length === 1 ? 'is' : 'are'}.${hint} ${tail}`,
    );
  }
  return true;
}
