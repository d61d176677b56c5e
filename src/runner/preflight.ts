// One probe before any check, the way Entra's Test Connection does it, with the configured credentials. A target
// that cannot be judged at all (nothing listening, DNS, TLS, a redirect, refused credentials, a wrong Tenant URL, not
// SCIM) ends the run here with one block that names the problem and the fix, instead of a failure per check.
import { randomUUID } from 'node:crypto';
import type { AuthConfig, Exchange, ScimClient, TlsOptions } from '../http/client.ts';
import type { Redactor } from '../http/redactor.ts';
import { matchingAttributes } from '../kit/profile-attributes.ts';
import { eqFilter } from '../kit/scim-path.ts';
import type { Profile } from '../generated/index.ts';

export class TargetError extends Error {
  override name = 'TargetError';
}

export interface PreflightProblem {
  /** One line: what is wrong with the target. */
  problem: string;
  fix: string;
  exchange: Exchange;
}

export async function preflight(client: ScimClient, profile: Profile, auth: AuthConfig): Promise<PreflightProblem | undefined> {
  const attribute = matchingAttributes(profile.users)[0];
  const filter = eqFilter(attribute?.path ?? 'userName', randomUUID());
  const exchange = await client.get('/Users', { filter });
  const status = exchange.status;
  const problem = (text: string, fix: string): PreflightProblem => ({ problem: text, fix, exchange });

  if (exchange.error !== undefined) return problem(unreachable(exchange.error), reachFix(exchange.error));
  if (status === 502 || status === 504) {
    return problem(
      `a gateway answered ${status} to every attempt: the endpoint behind it is down or unreachable from the gateway`,
      'Check that the SCIM service is running behind its proxy or load balancer, then run again.',
    );
  }
  if (status === 503 || status === 429) {
    return problem(
      `the endpoint answered ${status} to every attempt (${exchange.noAnswer ?? 'unavailable'})`,
      'Run again when the endpoint is available; for a rate-limited production tenant, --rate caps the requests per second.',
    );
  }
  if (status !== undefined && status >= 300 && status < 400) {
    const location = exchange.responseHeaders.location;
    return problem(
      `the Tenant URL redirects (${status}${location ? ` to ${location}` : ''}); Entra does not follow redirects, and neither does this suite (the token would go along)`,
      location
        ? `Set SCIM_BASE_URL to the URL it redirects to, without /Users: ${location.replace(/\/Users(\?.*)?$/i, '')}`
        : 'Set SCIM_BASE_URL to the final URL of your SCIM root.',
    );
  }
  if (status === 401 || status === 403) return problem(refusedCredentials(status, auth), credentialsFix(auth));
  if (status === 404) {
    const likely = await likelyScimRoot(client, profile, exchange.url);
    if (likely)
      return problem(
        `GET /Users answers 404 here, and ${likely}/Users answers: the Tenant URL does not end at the SCIM root`,
        `Set SCIM_BASE_URL=${likely}`,
      );
    // A SCIM Error: a SCIM server is there and answers a filter that matches nothing with 404. That is a verdict
    // (Test Connection fails it), not a target that cannot be tested.
    if (isScimError(exchange.json)) return undefined;
    return problem(
      'GET /Users answers 404: either the Tenant URL does not end at the SCIM root (where /Users lives, often …/scim/v2), or the server answers 404 when a filter matches nothing',
      'Check the Tenant URL; if it is right, answer a filter that matches nothing with 200 and totalResults 0 (Entra treats a 404 as a failed connection).',
    );
  }
  const type = exchange.responseHeaders['content-type'] ?? '';
  const text = exchange.responseText.trimStart();
  if (/html/i.test(type) || /^<(!doctype|html|head|body)\b/i.test(text)) {
    return problem(
      `GET /Users answered ${status} with an HTML page${titleOf(text)}: this is not a SCIM endpoint (a login page, a web app or a proxy's page?)`,
      'Set SCIM_BASE_URL to the SCIM root of your API, e.g. https://app.example.com/scim/v2, not the web app.',
    );
  }
  if (text !== '' && exchange.json === undefined) {
    return problem(
      `GET /Users answered ${status} with ${type || 'a body'} that is not JSON: this is not a SCIM endpoint`,
      'Set SCIM_BASE_URL to the SCIM root of your API; SCIM answers application/scim+json.',
    );
  }
  return undefined;
}

function isScimError(json: unknown): boolean {
  const schemas = (json as { schemas?: unknown } | undefined)?.schemas;
  return Array.isArray(schemas) && schemas.includes('urn:ietf:params:scim:api:messages:2.0:Error');
}

function unreachable(error: string): string {
  if (error.startsWith('connection refused')) return 'nothing listens at that host and port (connection refused)';
  if (error.startsWith('host name not found')) return 'the host name is not found (DNS)';
  if (error.startsWith('TLS failure')) return `the TLS connection failed: ${error}`;
  if (error.startsWith('no response in')) return `${error}, on every attempt`;
  if (error.startsWith('connection reset')) return 'the connection was reset on every attempt';
  return error;
}

function reachFix(error: string): string {
  if (error.startsWith('TLS failure'))
    return 'Fix the certificate, or pass --ca <PEM file of your CA> (--insecure only for a test endpoint).';
  if (error.startsWith('no response in'))
    return 'Check that the endpoint answers from this network (firewall, allow-list of source IPs); --timeout raises the wait per request.';
  return 'Check the host and port of SCIM_BASE_URL, and that the endpoint is reachable from this machine.';
}

function refusedCredentials(status: number, auth: AuthConfig): string {
  switch (auth.mode) {
    case 'none':
      return `the endpoint answered ${status} to a request without credentials: it requires authentication`;
    case 'basic':
      return `the endpoint refused the username and password (${status})`;
    case 'oauth':
      return `the endpoint refused the access token the token endpoint issued (${status})`;
    default:
      return `the endpoint refused the secret token (${status})`;
  }
}

function credentialsFix(auth: AuthConfig): string {
  switch (auth.mode) {
    case 'none':
      return 'Set SCIM_TOKEN to the secret token you would paste into Entra (and SCIM_AUTH=bearer), or SCIM_AUTH=oauth with its settings.';
    case 'basic':
      return 'Check SCIM_USERNAME and SCIM_PASSWORD; Entra itself sends "Authorization: Bearer <secret token>", so SCIM_AUTH=bearer with SCIM_TOKEN may be what your endpoint expects.';
    case 'oauth':
      return 'Check that SCIM_TOKEN_URL, SCIM_CLIENT_ID and SCIM_SCOPE are the ones this endpoint accepts tokens from.';
    default:
      return 'Check SCIM_TOKEN: the suite sends it as "Authorization: Bearer <token>", exactly as Entra sends the secret token.';
  }
}

function titleOf(html: string): string {
  const title = /<title[^>]*>([^<]{1,80})/i.exec(html)?.[1]?.trim();
  return title ? ` ("${title}")` : '';
}

/** A wrong Tenant URL is the commonest cause of a 404: try the usual SCIM roots with the same read-only probe. */
async function likelyScimRoot(client: ScimClient, profile: Profile, failedUrl: string): Promise<string | undefined> {
  const url = new URL(failedUrl);
  const base = url.pathname.replace(/\/Users$/i, '').replace(/\/+$/, '');
  const candidates = [...new Set([profile.basePathHint, '/scim/v2', '/scim', '/api/scim/v2', '/v2'])]
    .filter((hint): hint is string => !!hint && /^\/[\w/.-]*$/.test(hint) && !base.endsWith(hint))
    .map((hint) => `${url.origin}${base}${hint}`);
  for (const root of candidates) {
    const probe = new URL(`${root}/Users`);
    probe.search = url.search;
    const answer = await client.get(probe.href);
    if (answer.status === 200 || answer.status === 401 || answer.status === 403) return root;
  }
  return undefined;
}

/**
 * What the suite and the load command do before anything else: a token (oauth), then the probe. Throws TargetError
 * with the block to print when the target cannot be tested; `nothingSent` ends that block.
 */
export async function probeTarget(options: {
  baseUrl: string;
  auth: AuthConfig;
  timeoutMs: number;
  tls: TlsOptions;
  redactor: Redactor;
  profile: Profile;
  nothingSent: string;
}): Promise<void> {
  const { ScimClient } = await import('../http/client.ts');
  const client = new ScimClient({
    baseUrl: options.baseUrl,
    auth: options.auth,
    timeoutMs: options.timeoutMs,
    redactor: options.redactor,
    tls: options.tls,
  });
  try {
    await client.authenticate();
    const problem = await preflight(client, options.profile, options.auth);
    if (problem)
      throw new TargetError(
        options.redactor.redact(describeProblem(options.redactor.redact(options.baseUrl), problem, options.nothingSent)),
      );
  } finally {
    await client.close();
  }
}

/** The block the CLI prints: the problem, what was sent, what came back, the fix; a screenful at most. */
export function describeProblem(target: string, found: PreflightProblem, nothingSent = 'No check ran'): string {
  const e = found.exchange;
  let sent = e.url;
  try {
    const u = new URL(e.url);
    sent = `${u.origin}${decodeURIComponent(`${u.pathname}${u.search}`.replace(/\+/g, ' '))}`;
  } catch {
    // As it is.
  }
  const attempts = 1 + (e.retries?.length ?? 0) + (e.throttled?.length ?? 0);
  const got =
    e.error !== undefined
      ? `no response: ${e.error}`
      : `${e.status}${e.responseHeaders['content-type'] ? ` (${e.responseHeaders['content-type']})` : ''}${e.responseText ? `: ${oneLine(e.responseText)}` : ''}`;
  return [
    `cannot test ${target}: ${found.problem}.`,
    `  Sent: GET ${sent}  (Entra's Test Connection; ${attempts === 1 ? 'one attempt' : `${attempts} attempts`})`,
    `  Got:  ${got}`,
    `  Fix:  ${found.fix}`,
    `${nothingSent} (exit code 2).`,
  ].join('\n');
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 160)}…` : flat;
}
