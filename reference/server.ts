// The bundled reference SCIM server: an in-memory SCIM 2.0 service provider that accepts everything
// Microsoft Entra provisioning sends, optionally with faults that
// each break one behaviour, so the suite can be run against a known-good and a known-bad endpoint.
import type { ExtensionSchema } from './discovery-documents.ts';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { AuthOptions, ClientCredentialStyle, OAuthAuthOptions } from './auth.ts';
import { checkAuthorization } from './auth.ts';
import { discoveryResponse } from './discovery-endpoints.ts';
import { rolesList } from './entitlements.ts';
import { parseFaults, type FaultName, type FaultSet } from './faults.ts';
import { errorResponse, readJsonBody, writeResponse, type ScimResponse } from './http-messages.ts';
import { DefinedAttributes, type Standard } from './interop-mode.ts';
import { ResourceEndpoints } from './resource-endpoints.ts';
import { RateLimiter, type RateLimitOptions } from './rate-limit.ts';
import { notFound, ScimHttpError } from './scim-error.ts';
import { ResourceStore } from './store.ts';
import { seedTenant, type TenantData } from './tenant-data.ts';
import { TOKEN_PATH, TokenEndpoint, writeTokenResponse } from './token-endpoint.ts';

export type { FaultName } from './faults.ts';
export { FAULTS } from './faults.ts';
export type { AuthOptions, ClientCredentialStyle, OAuthAuthOptions, RateLimitOptions };

export interface ReferenceServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default /scim/v2; anything outside it is a 404 SCIM Error. */
  basePath?: string;
  /** Default none. With oauth, SCIM requests need a bearer token from the token endpoint at <origin>/oauth2/token. */
  auth?: AuthOptions;
  /** Unknown names make startReferenceServer throw, listing the valid ones. */
  faults?: FaultName[];
  /** Delay every response by this many milliseconds. */
  latencyMs?: number;
  /**
   * Above perSecond SCIM requests in the current clock second, or with burst beyond a token bucket of that size
   * refilled at perSecond, answer 429 with Retry-After and a SCIM Error; headers: 'draft' adds the IETF draft's
   * RateLimit-Policy and RateLimit to every SCIM answer. Independent of the rate-limited fault.
   */
  rateLimit?: RateLimitOptions;
  /** Default 200 with the resource. */
  userPatchStatus?: 200 | 204;
  /** Default 204, as Microsoft's docs describe; 200 returns the group with its members. */
  groupPatchStatus?: 200 | 204;
  /** Vendor User extensions to describe in /Schemas and /ResourceTypes (attributes typed string), e.g. AlertMedia's. */
  extensions?: ExtensionSchema[];
  /** Attribute paths the vendor requires on every user besides userName: a create without one answers 400. */
  requiredUserAttributes?: string[];
  /** Users and groups already in the tenant before any client arrives (none by default). */
  tenantData?: TenantData;
  /** Okta entitlements: /ResourceTypes lists a Role type with Okta's Role schema, and GET /Roles lists roles. */
  entitlements?: boolean;
  /**
   * 'interop': held to the SCIM 2.0 Interoperability Profile (draft-zollner-scim-interop-profile-01), and saying so
   * (interopProfileConformant): it refuses what it does not define and path-less PATCH operations, and so refuses parts of
   * what Entra and Okta send (reference/interop-mode.ts). Default: the server Entra and Okta provision, claiming nothing.
   */
  standard?: Standard;
}

export interface ReferenceServer {
  /** e.g. http://127.0.0.1:PORT/scim/v2, no trailing slash. */
  baseUrl: string;
  /** Stops listening and drops idle keep-alive connections. */
  close(): Promise<void>;
  /** The live store, keyed by id, for tests to seed and inspect. */
  users: Map<string, Record<string, unknown>>;
  groups: Map<string, Record<string, unknown>>;
  /** Every request, token requests included. */
  requestCount(): number;
  /** Requests refused with 429 by rateLimit (0 without it). */
  rateLimitedCount(): number;
  /** With oauth: the client-credentials token endpoint, e.g. http://127.0.0.1:PORT/oauth2/token. */
  tokenUrl?: string;
  /** With oauth: every token issued so far stops working now (no-op otherwise), to test refresh on 401. */
  expireTokens(): void;
  /** Requests that reached the token endpoint (0 without oauth). */
  tokenRequestCount(): number;
  /** Every access token issued so far, for tests that check none leaks into reports. */
  issuedTokens(): string[];
}

function normaliseBasePath(basePath: string): string {
  const trimmed = basePath.trim().replace(/\/+$/, '');
  return trimmed === '' ? '' : trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw notFound(`Malformed path segment ${JSON.stringify(segment)}`);
  }
}

function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

interface Router {
  extensions: ExtensionSchema[];
  auth: AuthOptions;
  tokens: TokenEndpoint | undefined;
  basePath: string;
  faults: FaultSet;
  endpoints: ResourceEndpoints;
  fallbackHost: () => string;
  entitlements: boolean;
  standard?: Standard;
}

async function route(req: IncomingMessage, router: Router): Promise<ScimResponse> {
  const { basePath, auth } = router;
  const method = (req.method ?? 'GET').toUpperCase();
  // The base only matters for parsing; the query string (?aadOptscim062020 and the like) never affects routing.
  const url = new URL(req.url ?? '/', 'http://reference.invalid');
  if (basePath !== '' && url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`)) {
    throw notFound(`${url.pathname} is not under ${basePath}`);
  }
  const tokens = router.tokens;
  if (!router.faults.has('auth-not-enforced'))
    checkAuthorization(auth, req.headers.authorization, tokens && ((token) => tokens.isIssued(token)));

  const origin = `http://${req.headers.host ?? router.fallbackHost()}`;
  const scimBase = `${origin}${basePath}`;
  const segments = url.pathname
    .slice(basePath.length)
    .split('/')
    .filter((s) => s !== '')
    .map(decodeSegment);
  const [endpoint, id, ...extra] = segments;
  if (endpoint === undefined || extra.length > 0) throw notFound(`No SCIM endpoint at ${url.pathname}`);

  const kind = { users: 'User', groups: 'Group' }[endpoint.toLowerCase()] as 'User' | 'Group' | undefined;
  if (kind) {
    return router.endpoints.handle(kind, {
      method,
      ...(id !== undefined ? { id } : {}),
      query: url.searchParams,
      scimBase,
      origin,
      readBody: () => readJsonBody(req, router.faults.has('content-type-required')),
    });
  }

  if (method !== 'GET') throw new ScimHttpError(405, `${method} is not supported on ${endpoint}`, undefined, { Allow: 'GET' });
  // The entitlement-endpoint-missing fault lists the Role type but serves no /Roles.
  const listsRoles = router.entitlements || router.faults.has('entitlement-endpoint-missing');
  if (endpoint.toLowerCase() === 'roles' && id === undefined && router.entitlements && !router.faults.has('entitlement-endpoint-missing')) {
    return { status: 200, body: rolesList(scimBase) };
  }
  const discovery = discoveryResponse({
    endpoint,
    ...(id !== undefined ? { id } : {}),
    scimBase,
    authMode: auth.mode === 'oauth' ? 'bearer' : auth.mode,
    faults: router.faults,
    extensions: router.extensions,
    entitlements: listsRoles,
    ...(router.standard ? { standard: router.standard } : {}),
  });
  if (discovery) return discovery;
  throw notFound(`No SCIM endpoint at ${url.pathname}`);
}

export async function startReferenceServer(options: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const faults = parseFaults(options.faults);
  if (options.standard !== undefined && options.standard !== 'interop')
    throw new Error(`standard must be interop, got ${String(options.standard)}`);
  const host = options.host ?? '127.0.0.1';
  const basePath = normaliseBasePath(options.basePath ?? '/scim/v2');
  const latencyMs = options.latencyMs ?? 0;
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new Error(`latencyMs must be a non-negative number, got ${latencyMs}`);
  for (const [name, status] of [
    ['userPatchStatus', options.userPatchStatus],
    ['groupPatchStatus', options.groupPatchStatus],
  ] as const) {
    if (status !== undefined && status !== 200 && status !== 204) throw new Error(`${name} must be 200 or 204, got ${String(status)}`);
  }

  const limiter = options.rateLimit ? new RateLimiter(options.rateLimit) : undefined;
  const store = new ResourceStore();
  if (options.tenantData) seedTenant(store, options.tenantData);
  const endpoints = new ResourceEndpoints(store, {
    faults,
    basePath,
    userPatchStatus: options.userPatchStatus ?? 200,
    groupPatchStatus: options.groupPatchStatus ?? 204,
    requiredUserAttributes: options.requiredUserAttributes ?? [],
    ...(options.standard ? { standard: options.standard } : {}),
    defined: new DefinedAttributes(options.extensions ?? []),
  });
  let requests = 0;
  const throttledLast = new Set<string>();
  let listening = '';
  const auth = options.auth ?? { mode: 'none' };
  const tokens = auth.mode === 'oauth' ? new TokenEndpoint(auth) : undefined;
  const router: Router = {
    auth,
    tokens,
    basePath,
    faults,
    endpoints,
    extensions: options.extensions ?? [],
    fallbackHost: () => listening,
    entitlements: options.entitlements === true,
    ...(options.standard ? { standard: options.standard } : {}),
  };

  const server = createServer((req, res) => {
    requests += 1;
    if (tokens && new URL(req.url ?? '/', 'http://reference.invalid').pathname === TOKEN_PATH) {
      void (async () => {
        // Faults are SCIM behaviours; the token endpoint stays correct so each fault keeps breaking one thing only.
        const response = await tokens
          .handle(req)
          .catch((error: Error) => ({ status: 500, body: { error: 'server_error', error_description: error.message } }));
        if (latencyMs > 0) await delay(latencyMs);
        if (!res.destroyed) writeTokenResponse(res, response);
      })();
      return;
    }
    void (async () => {
      let response: ScimResponse;
      let limitHeaders: Record<string, string> = {};
      try {
        if (limiter) limitHeaders = limiter.admit();
        // The rate-limited fault: a throttling server that answers correctly once asked again. The request it
        // throttled last time for a method and URL goes through when it comes back, whatever the counter says.
        if (faults.has('rate-limited')) {
          const key = `${req.method} ${req.url}`;
          if (throttledLast.has(key)) throttledLast.delete(key);
          else if (requests % 5 === 0 || requests % 13 === 0) {
            throttledLast.add(key);
            if (requests % 5 === 0) throw new ScimHttpError(429, 'Too many requests, slow down', undefined, { 'Retry-After': '0' });
            throw new ScimHttpError(503, 'Busy, try again');
          }
        }
        response = await route(req, router);
      } catch (error) {
        response = errorResponse(error, faults);
      }
      // The limit describes every answer the limiter let through, whatever the handler made of the request.
      if (Object.keys(limitHeaders).length > 0) response = { ...response, headers: { ...limitHeaders, ...response.headers } };
      if (latencyMs > 0) await delay(latencyMs);
      if (!res.destroyed) writeResponse(res, response, faults);
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  listening = `${urlHost(host)}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    baseUrl: `http://${listening}${basePath}`,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // close() alone waits for keep-alive sockets (fetch keeps them) to time out.
        server.closeAllConnections();
      });
      return closing;
    },
    users: store.users,
    groups: store.groups,
    requestCount: () => requests,
    rateLimitedCount: () => limiter?.refused() ?? 0,
    ...(tokens ? { tokenUrl: `http://${listening}${TOKEN_PATH}` } : {}),
    expireTokens: () => tokens?.expireAll(),
    tokenRequestCount: () => tokens?.requestCount() ?? 0,
    issuedTokens: () => tokens?.issuedTokens() ?? [],
  };
}
