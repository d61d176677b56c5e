// Runs the reference server on its own, e.g. to point the suite (or Microsoft's SCIM Validator via a tunnel) at it:
//   npx tsx reference/main.ts --port 8080 --token T --fault filter-ignored --latency 25
import { parseArgs } from 'node:util';
import { FAULTS, isFaultName } from './faults.ts';
import { startReferenceServer, type ReferenceServerOptions } from './server.ts';

const USAGE = `Usage: tsx reference/main.ts [options]
  --host <host>             address to listen on (default 127.0.0.1)
  --port <port>             port (default 0: any free port)
  --base-path <path>        SCIM base path (default /scim/v2)
  --token <token>           require Authorization: Bearer <token>
  --basic <user:password>   require HTTP Basic credentials instead
  --oauth-client <id:secret>  require bearer tokens from the OAuth client-credentials
                            token endpoint at <origin>/oauth2/token instead
  --token-lifetime <s>      with --oauth-client: seconds an access token lives (default 3600)
  --fault <name>            enable a fault; repeat for several
  --latency <ms>            delay every response
  --rate-limit <n>          answer 429 above n SCIM requests in the current second
  --burst <b>               with --rate-limit: a token bucket of b requests refilled at n per second instead
  --retry-after <s>         with --rate-limit: the Retry-After of a 429 in seconds (default 1; with --burst,
                            the time until the next token, rounded up)
  --rate-headers            with --rate-limit: RateLimit-Policy and RateLimit (IETF draft) on every answer
  --user-patch-status <200|204>   (default 200)
  --group-patch-status <200|204>  (default 204)
  --standard interop        hold the server to the SCIM 2.0 Interoperability Profile (draft -01) and say so
                            (interopProfileConformant): it then refuses path-less PATCH operations and anything
                            its schemas do not define, which Entra and Okta send
  --list-faults             print the faults and exit
Faults: ${Object.keys(FAULTS).join(', ')}`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function integer(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) fail(`--${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

function patchStatus(name: string, raw: string | undefined): 200 | 204 | undefined {
  const value = integer(name, raw);
  if (value !== undefined && value !== 200 && value !== 204) fail(`--${name} must be 200 or 204`);
  return value as 200 | 204 | undefined;
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'base-path': { type: 'string' },
      token: { type: 'string' },
      basic: { type: 'string' },
      'oauth-client': { type: 'string' },
      'token-lifetime': { type: 'string' },
      fault: { type: 'string', multiple: true },
      latency: { type: 'string' },
      'rate-limit': { type: 'string' },
      'retry-after': { type: 'string' },
      burst: { type: 'string' },
      'rate-headers': { type: 'boolean' },
      'user-patch-status': { type: 'string' },
      'group-patch-status': { type: 'string' },
      standard: { type: 'string' },
      'list-faults': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
const args = parsed.values;

if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
if (args['list-faults']) {
  for (const [name, { description }] of Object.entries(FAULTS)) console.log(`${name.padEnd(38)} ${description}`);
  process.exit(0);
}

const unknownFault = (args.fault ?? []).find((name) => !isFaultName(name));
if (unknownFault !== undefined) fail(`Unknown fault "${unknownFault}"; valid faults: ${Object.keys(FAULTS).join(', ')}`);
if ([args.token, args.basic, args['oauth-client']].filter((v) => v !== undefined).length > 1)
  fail('Use one of --token, --basic and --oauth-client');
if (args['token-lifetime'] !== undefined && args['oauth-client'] === undefined) fail('--token-lifetime needs --oauth-client');

let auth: ReferenceServerOptions['auth'] = { mode: 'none' };
if (args.token !== undefined) auth = { mode: 'bearer', token: args.token };
if (args.basic !== undefined) {
  const colon = args.basic.indexOf(':');
  if (colon < 0) fail('--basic must be user:password');
  auth = { mode: 'basic', username: args.basic.slice(0, colon), password: args.basic.slice(colon + 1) };
}
if (args['oauth-client'] !== undefined) {
  const client = args['oauth-client'];
  const colon = client.indexOf(':');
  if (colon < 1 || colon === client.length - 1) fail('--oauth-client must be client-id:secret');
  const lifetime = integer('token-lifetime', args['token-lifetime']);
  auth = {
    mode: 'oauth',
    clientId: client.slice(0, colon),
    clientSecret: client.slice(colon + 1),
    ...(lifetime !== undefined ? { tokenLifetimeSeconds: lifetime } : {}),
  };
}

const options: ReferenceServerOptions = {
  auth,
  faults: (args.fault ?? []).filter(isFaultName),
};
if (args.host !== undefined) options.host = args.host;
const port = integer('port', args.port);
if (port !== undefined) options.port = port;
if (args['base-path'] !== undefined) options.basePath = args['base-path'];
const latency = integer('latency', args.latency);
if (latency !== undefined) options.latencyMs = latency;
const rateLimit = integer('rate-limit', args['rate-limit']);
const retryAfter = integer('retry-after', args['retry-after']);
const burst = integer('burst', args.burst);
if (retryAfter !== undefined && rateLimit === undefined) fail('--retry-after needs --rate-limit');
if (burst !== undefined && rateLimit === undefined) fail('--burst needs --rate-limit');
if (args['rate-headers'] && rateLimit === undefined) fail('--rate-headers needs --rate-limit');
if (rateLimit !== undefined) {
  if (rateLimit < 1) fail('--rate-limit must be at least 1');
  if (burst !== undefined && burst < 1) fail('--burst must be at least 1');
  options.rateLimit = {
    perSecond: rateLimit,
    ...(burst !== undefined ? { burst } : {}),
    ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
    ...(args['rate-headers'] ? { headers: 'draft' as const } : {}),
  };
}
const userPatchStatus = patchStatus('user-patch-status', args['user-patch-status']);
if (userPatchStatus !== undefined) options.userPatchStatus = userPatchStatus;
const groupPatchStatus = patchStatus('group-patch-status', args['group-patch-status']);
if (groupPatchStatus !== undefined) options.groupPatchStatus = groupPatchStatus;

if (args.standard !== undefined) {
  if (args.standard !== 'interop') fail(`--standard must be interop, got ${JSON.stringify(args.standard)}`);
  options.standard = 'interop';
}

const server = await startReferenceServer(options).catch((error: Error) => fail(error.message));
console.log(server.baseUrl);
if (server.tokenUrl) console.error(`token endpoint: ${server.tokenUrl}`);
if (options.faults?.length) console.error(`faults: ${options.faults.join(', ')}`);
if (options.standard) console.error('held to the SCIM 2.0 Interoperability Profile (draft-zollner-scim-interop-profile-01)');
if (options.rateLimit) {
  const limit = options.rateLimit;
  const kind = limit.burst === undefined ? 'per clock second' : `per second, token bucket of ${limit.burst}`;
  const retry =
    limit.retryAfterSeconds !== undefined ? `${limit.retryAfterSeconds} s` : limit.burst === undefined ? '1 s' : 'until the next token';
  console.error(
    `rate limit: ${limit.perSecond} requests ${kind} (Retry-After ${retry}${limit.headers === 'draft' ? '; RateLimit-Policy and RateLimit headers' : ''})`,
  );
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
