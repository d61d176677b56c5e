// Talking to the bundled reference server directly, as its own tests do: a server per test, raw SCIM calls,
// and observations made comparable across servers (ids replaced by names, statuses with their scimType).
import { expect } from 'vitest';
import { startReferenceServer, type ReferenceServer, type ReferenceServerOptions } from '../../reference/server.ts';

export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const TOKEN = 'smoke-token';

export type Json = Record<string, any>;

export async function withServer(options: ReferenceServerOptions, run: (server: ReferenceServer) => Promise<void>): Promise<void> {
  const server = await startReferenceServer({ host: '127.0.0.1', auth: { mode: 'bearer', token: TOKEN }, ...options });
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

export async function call(server: ReferenceServer, method: string, path: string, body?: unknown, token = TOKEN) {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as Json };
}

export const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });
export const filterQuery = (filter: string) => `?filter=${encodeURIComponent(filter)}`;

/** The create body from Microsoft's SCIM endpoint tutorial, with the attributes Entra's default mapping sends. */
export function entraUser(userName: string): Json {
  return {
    schemas: [CORE_USER, ENTERPRISE],
    externalId: userName.split('@')[0],
    userName,
    active: true,
    emails: [{ primary: true, type: 'work', value: userName }],
    meta: { resourceType: 'User' },
    name: { formatted: 'Ada Lovelace', familyName: 'Lovelace', givenName: 'Ada' },
    phoneNumbers: [{ type: 'work', value: '+1 (555) 010-2000' }],
    roles: [],
    [ENTERPRISE]: { department: 'Engineering', employeeNumber: '1001' },
  };
}

export async function createUser(server: ReferenceServer, userName: string): Promise<Json> {
  const created = await call(server, 'POST', '/Users', entraUser(userName));
  expect(created.status).toBe(201);
  return created.body;
}

export const ADSCIM_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';
export const MANAGER = `${ENTERPRISE}:manager`;

/** Ids are random: replacing each with its userName / displayName makes observations comparable across servers. */
export function named(server: ReferenceServer, value: unknown): unknown {
  const names = new Map<string, string>();
  for (const [id, user] of server.users) names.set(id, String(user.userName));
  for (const [id, group] of server.groups) names.set(id, String(group.displayName));
  return JSON.parse(JSON.stringify(value ?? null), (_key, v: unknown) => (typeof v === 'string' && names.has(v) ? names.get(v) : v));
}

/** Status, plus scimType on errors: "204", "400 invalidValue". */
export const outcome = (response: { status: number; body: Json }) =>
  `${response.status}${response.status >= 400 && response.body?.scimType ? ` ${response.body.scimType}` : ''}`;

export async function createGroup(server: ReferenceServer, displayName: string, extra: Json = {}): Promise<Json> {
  const created = await call(server, 'POST', '/Groups', { schemas: [CORE_GROUP, ADSCIM_GROUP], displayName, ...extra });
  expect(created.status).toBe(201);
  return created.body;
}

export async function plainUser(server: ReferenceServer, userName: string, extra: Json = {}): Promise<Json> {
  const created = await call(server, 'POST', '/Users', { schemas: [CORE_USER], userName, ...extra });
  expect(created.status).toBe(201);
  return created.body;
}

export const memberNames = async (server: ReferenceServer, group: Json) =>
  named(
    server,
    ((await call(server, 'GET', `/Groups/${group.id}`)).body.members ?? []).map((m: Json) => m.value),
  );
export const managerOf = async (server: ReferenceServer, user: Json) =>
  named(server, (await call(server, 'GET', `/Users/${user.id}`)).body[ENTERPRISE]?.manager);
export const listNames = (server: ReferenceServer, list: Json) =>
  named(
    server,
    list.Resources.map((r: Json) => r.id),
  );
