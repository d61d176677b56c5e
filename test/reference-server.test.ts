// The bundled reference server: the Entra flows the suite relies on work, authentication is enforced, and
// each fault flips its behaviour (probed once on a correct and once on a faulty server) and leaves its neighbours.
import { describe, it, expect } from 'vitest';
import { FAULTS, startReferenceServer, type FaultName, type ReferenceServer, type ReferenceServerOptions } from '../reference/server.ts';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const TOKEN = 'smoke-token';

type Json = Record<string, any>;

async function withServer(options: ReferenceServerOptions, run: (server: ReferenceServer) => Promise<void>): Promise<void> {
  const server = await startReferenceServer({ host: '127.0.0.1', auth: { mode: 'bearer', token: TOKEN }, ...options });
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

async function call(server: ReferenceServer, method: string, path: string, body?: unknown, token = TOKEN) {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as Json };
}

const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });
const filterQuery = (filter: string) => `?filter=${encodeURIComponent(filter)}`;

/** The create body from Microsoft's SCIM endpoint tutorial, with the attributes Entra's default mapping sends. */
function entraUser(userName: string): Json {
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

async function createUser(server: ReferenceServer, userName: string): Promise<Json> {
  const created = await call(server, 'POST', '/Users', entraUser(userName));
  expect(created.status).toBe(201);
  return created.body;
}

describe('reference server', () => {
  it('creates an Entra user with 201, a Location equal to meta.location, and stores values as sent', async () => {
    await withServer({}, async (server) => {
      const created = await call(server, 'POST', '/Users', entraUser('Ada.Lovelace@example.com'));
      expect(created.status).toBe(201);
      expect(created.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
      expect(created.body.id).toEqual(expect.any(String));
      expect(created.headers.get('location')).toBe(created.body.meta.location);
      expect(created.body.meta.location).toBe(`${server.baseUrl}/Users/${created.body.id}`);
      expect(created.body.phoneNumbers[0].value).toBe('+1 (555) 010-2000');
      expect(created.body[ENTERPRISE]).toEqual({ department: 'Engineering', employeeNumber: '1001' });

      const duplicate = await call(server, 'POST', '/Users', entraUser('ada.lovelace@EXAMPLE.com'));
      expect(duplicate.status).toBe(409);
      expect(duplicate.body).toMatchObject({ status: '409', scimType: 'uniqueness' });

      const malformed = await call(server, 'POST', '/Users', '{"userName":');
      expect(malformed.status).toBe(400);
      expect(malformed.body.scimType).toBe('invalidSyntax');
    });
  });

  it('answers filters: hit, miss (200, empty), different case, value path', async () => {
    await withServer({}, async (server) => {
      const user = await createUser(server, 'grace@example.com');
      const hit = await call(server, 'GET', `/Users${filterQuery('userName eq "grace@example.com"')}`);
      expect(hit.status).toBe(200);
      expect(hit.body).toMatchObject({ totalResults: 1, startIndex: 1, itemsPerPage: 1 });
      expect(hit.body.Resources[0].id).toBe(user.id);

      const miss = await call(server, 'GET', `/Users${filterQuery('userName eq "6f1c0a52-1f8e-4f57-9d36-6a3c4e4d2b10"')}&aadOptscim062020`);
      expect(miss.status).toBe(200);
      expect(miss.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] });

      const otherCase = await call(server, 'GET', `/Users${filterQuery('userName eq "GRACE@Example.COM"')}`);
      expect(otherCase.body.totalResults).toBe(1);

      const byEmail = await call(server, 'GET', `/Users${filterQuery('emails[type eq "work"].value eq "Grace@example.com"')}`);
      expect(byEmail.body.totalResults).toBe(1);
      // externalId is caseExact.
      const externalId = await call(server, 'GET', `/Users${filterQuery('externalId eq "GRACE"')}`);
      expect(externalId.body.totalResults).toBe(0);

      const bad = await call(server, 'GET', `/Users${filterQuery('userName eq')}`);
      expect(bad.status).toBe(400);
      expect(bad.body.scimType).toBe('invalidFilter');
    });
  });

  it('applies the default-dialect PATCH (capitalised ops, "False", manager as a bare id)', async () => {
    await withServer({}, async (server) => {
      const manager = await createUser(server, 'boss@example.com');
      const user = await createUser(server, 'alan@example.com');
      const patched = await call(
        server,
        'PATCH',
        `/Users/${user.id}`,
        patch(
          { op: 'Replace', path: 'active', value: 'False' },
          { op: 'Replace', path: 'name.familyName', value: 'Turing' },
          { op: 'Add', path: `${ENTERPRISE}:manager`, value: manager.id },
          { op: 'Replace', path: 'phoneNumbers[type eq "mobile"].value', value: '+44 20 7946 0000' },
        ),
      );
      expect(patched.status).toBe(200);

      const read = await call(server, 'GET', `/Users/${user.id}`);
      expect(read.body.active).toBe(false);
      expect(read.body.name).toEqual({ formatted: 'Ada Lovelace', familyName: 'Turing', givenName: 'Ada' });
      expect(read.body[ENTERPRISE].manager).toEqual({ value: manager.id });
      expect(read.body.phoneNumbers).toContainEqual({ type: 'mobile', value: '+44 20 7946 0000' });
      expect(read.body.meta.lastModified > read.body.meta.created).toBe(true);

      // A soft-deleted user is still found by filter, and a replace with "" clears the manager.
      const found = await call(server, 'GET', `/Users${filterQuery('userName eq "alan@example.com"')}`);
      expect(found.body.Resources[0].active).toBe(false);
      await call(server, 'PATCH', `/Users/${user.id}`, patch({ op: 'Replace', path: `${ENTERPRISE}:manager`, value: '' }));
      expect((await call(server, 'GET', `/Users/${user.id}`)).body[ENTERPRISE].manager).toBeUndefined();
    });
  });

  it('applies the aadOptscim062020 merged no-path replace with dotted and URN keys', async () => {
    await withServer({}, async (server) => {
      const user = await createUser(server, 'katherine@example.com');
      const patched = await call(
        server,
        'PATCH',
        `/Users/${user.id}`,
        patch(
          {
            op: 'replace',
            value: { displayName: 'Katherine J', 'name.givenName': 'Katherine', [`${ENTERPRISE}:employeeNumber`]: '2002', active: false },
          },
          { op: 'replace', path: 'emails[type eq "work"].value', value: 'kj@example.com' },
        ),
      );
      expect(patched.status).toBe(200);
      const read = (await call(server, 'GET', `/Users/${user.id}`)).body;
      expect(read.displayName).toBe('Katherine J');
      expect(read.name).toEqual({ formatted: 'Ada Lovelace', familyName: 'Lovelace', givenName: 'Katherine' });
      expect(read[ENTERPRISE]).toEqual({ department: 'Engineering', employeeNumber: '2002' });
      expect(read.emails).toEqual([{ primary: true, type: 'work', value: 'kj@example.com' }]);
      expect(read.active).toBe(false);
      expect(read['name.givenName']).toBeUndefined();
    });
  });

  it('adds and removes group members in both dialects, and deletes with 204 then 404', async () => {
    await withServer({}, async (server) => {
      const [a, b, c] = [
        await createUser(server, 'a@example.com'),
        await createUser(server, 'b@example.com'),
        await createUser(server, 'c@example.com'),
      ];
      const group = await call(server, 'POST', '/Groups', {
        schemas: [CORE_GROUP, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
        externalId: '8f0c6d1e-1111-4a2b-9c3d-000000000001',
        displayName: 'Engineers',
        meta: { resourceType: 'Group' },
      });
      expect(group.status).toBe(201);
      expect(group.headers.get('location')).toBe(group.body.meta.location);
      const groupPath = `/Groups/${group.body.id}`;
      const memberIds = async () => ((await call(server, 'GET', groupPath)).body.members ?? []).map((m: Json) => m.value);

      const add = await call(
        server,
        'PATCH',
        groupPath,
        patch({ op: 'Add', path: 'members', value: [a, b, c, a].map((u) => ({ $ref: null, value: u.id })) }),
      );
      expect(add.status).toBe(204);
      expect(await memberIds()).toEqual([a.id, b.id, c.id]);

      await call(server, 'PATCH', groupPath, patch({ op: 'Remove', path: 'members', value: [{ $ref: null, value: a.id }] }));
      expect(await memberIds()).toEqual([b.id, c.id]);
      await call(server, 'PATCH', groupPath, patch({ op: 'remove', path: `members[value eq "${b.id}"]` }));
      expect(await memberIds()).toEqual([c.id]);

      const excluded = await call(server, 'GET', `/Groups${filterQuery('displayName eq "engineers"')}&excludedAttributes=members`);
      expect(excluded.body.totalResults).toBe(1);
      expect(excluded.body.Resources[0].members).toBeUndefined();

      expect((await call(server, 'DELETE', `/Users/${c.id}`)).status).toBe(204);
      expect((await call(server, 'GET', `/Users/${c.id}`)).status).toBe(404);
      expect((await call(server, 'DELETE', `/Users/${c.id}`)).status).toBe(404);
      expect(await memberIds()).toEqual([]);

      expect((await call(server, 'DELETE', groupPath)).status).toBe(204);
      const gone = await call(server, 'GET', groupPath);
      expect(gone.status).toBe(404);
      expect(gone.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' });
    });
  });

  it('lets a fault flip exactly its behaviour', async () => {
    await withServer({ faults: ['filter-case-sensitive', 'group-remove-ignores-value'] }, async (server) => {
      await createUser(server, 'mixed.case@example.com');
      expect((await call(server, 'GET', `/Users${filterQuery('userName eq "mixed.case@example.com"')}`)).body.totalResults).toBe(1);
      expect((await call(server, 'GET', `/Users${filterQuery('userName eq "MIXED.case@example.com"')}`)).body.totalResults).toBe(0);

      const [a, b] = [await createUser(server, 'x@example.com'), await createUser(server, 'y@example.com')];
      const group = await call(server, 'POST', '/Groups', {
        schemas: [CORE_GROUP],
        displayName: 'Faulty',
        members: [{ value: a.id }, { value: b.id }],
      });
      await call(server, 'PATCH', `/Groups/${group.body.id}`, patch({ op: 'Remove', path: 'members', value: [{ value: a.id }] }));
      expect((await call(server, 'GET', `/Groups/${group.body.id}`)).body.members).toBeUndefined();
    });
    await expect(startReferenceServer({ faults: ['no-such-fault' as never] })).rejects.toThrow(/valid faults: .*filter-ignored/);
  });

  it('rejects missing or wrong credentials with a 401 SCIM Error', async () => {
    await withServer({}, async (server) => {
      const wrong = await call(server, 'GET', '/Users', undefined, 'not-the-token');
      expect(wrong.status).toBe(401);
      expect(wrong.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401' });
      const missing = await fetch(`${server.baseUrl}/ServiceProviderConfig`);
      expect(missing.status).toBe(401);
      expect((await call(server, 'GET', '/ServiceProviderConfig')).status).toBe(200);
      expect(server.requestCount()).toBe(3);
    });
  });
});

const ADSCIM_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';
const MANAGER = `${ENTERPRISE}:manager`;

/** Ids are random: replacing each with its userName / displayName makes observations comparable across servers. */
function named(server: ReferenceServer, value: unknown): unknown {
  const names = new Map<string, string>();
  for (const [id, user] of server.users) names.set(id, String(user.userName));
  for (const [id, group] of server.groups) names.set(id, String(group.displayName));
  return JSON.parse(JSON.stringify(value ?? null), (_key, v: unknown) => (typeof v === 'string' && names.has(v) ? names.get(v) : v));
}

/** Status, plus scimType on errors: "204", "400 invalidValue". */
const outcome = (response: { status: number; body: Json }) =>
  `${response.status}${response.status >= 400 && response.body?.scimType ? ` ${response.body.scimType}` : ''}`;

async function createGroup(server: ReferenceServer, displayName: string, extra: Json = {}): Promise<Json> {
  const created = await call(server, 'POST', '/Groups', { schemas: [CORE_GROUP, ADSCIM_GROUP], displayName, ...extra });
  expect(created.status).toBe(201);
  return created.body;
}

async function plainUser(server: ReferenceServer, userName: string, extra: Json = {}): Promise<Json> {
  const created = await call(server, 'POST', '/Users', { schemas: [CORE_USER], userName, ...extra });
  expect(created.status).toBe(201);
  return created.body;
}

const memberNames = async (server: ReferenceServer, group: Json) =>
  named(
    server,
    ((await call(server, 'GET', `/Groups/${group.id}`)).body.members ?? []).map((m: Json) => m.value),
  );
const managerOf = async (server: ReferenceServer, user: Json) =>
  named(server, (await call(server, 'GET', `/Users/${user.id}`)).body[ENTERPRISE]?.manager);
const listNames = (server: ReferenceServer, list: Json) =>
  named(
    server,
    list.Resources.map((r: Json) => r.id),
  );

interface FaultCase {
  fault: FaultName;
  /** Observes the behaviour (and, where useful, a neighbouring one the fault must leave alone). */
  probe(server: ReferenceServer): Promise<unknown>;
  correct: unknown;
  faulty: unknown;
}

async function groupSchemasProbe(server: ReferenceServer) {
  const withExtension = await call(server, 'POST', '/Groups', { schemas: [CORE_GROUP, ADSCIM_GROUP], displayName: 'Entra group' });
  const coreOnly = await call(server, 'POST', '/Groups', { schemas: [CORE_GROUP], displayName: 'Validator group' });
  return { withExtension: outcome(withExtension), coreOnly: outcome(coreOnly) };
}

async function managerClearProbe(server: ReferenceServer) {
  const boss = await plainUser(server, 'boss');
  const user = await plainUser(server, 'worker');
  const after: unknown[] = [];
  for (const clear of [
    { op: 'Replace', path: MANAGER, value: '' },
    { op: 'replace', path: MANAGER, value: { value: '' } },
    { op: 'Remove', path: MANAGER },
  ]) {
    await call(server, 'PATCH', `/Users/${user.id}`, patch({ op: 'Add', path: MANAGER, value: boss.id }));
    after.push(outcome(await call(server, 'PATCH', `/Users/${user.id}`, patch(clear))), await managerOf(server, user));
  }
  return after;
}

async function nullClearProbe(server: ReferenceServer) {
  const user = await plainUser(server, 'nulls', {
    displayName: 'Shown',
    title: 'Titled',
    name: { givenName: 'Given', familyName: 'Family' },
  });
  const patched = await call(
    server,
    'PATCH',
    `/Users/${user.id}`,
    patch(
      { op: 'Replace', path: 'displayName', value: null },
      { op: 'Replace', path: 'title', value: '' },
      { op: 'replace', value: { 'name.givenName': '' } },
    ),
  );
  const read = (await call(server, 'GET', `/Users/${user.id}`)).body;
  return { status: patched.status, displayName: read.displayName ?? 'absent', title: read.title ?? 'absent', name: read.name };
}

async function pagingProbe(server: ReferenceServer) {
  for (const n of [1, 2, 3, 4, 5]) await plainUser(server, `page${n}`);
  const page = async (query: string) => {
    const body = (await call(server, 'GET', `/Users?${query}`)).body;
    return {
      startIndex: body.startIndex,
      itemsPerPage: body.itemsPerPage,
      totalResults: body.totalResults,
      names: listNames(server, body),
    };
  };
  return [await page('startIndex=1&count=2'), await page('startIndex=4&count=2'), await page(filterQuery('userName eq "page1"').slice(1))];
}

const FAULT_CASES: FaultCase[] = [
  {
    fault: 'group-extension-schema-rejected',
    probe: groupSchemasProbe,
    correct: { withExtension: '201', coreOnly: '201' },
    faulty: { withExtension: '400 invalidValue', coreOnly: '201' },
  },
  {
    fault: 'group-core-schema-only-rejected',
    probe: groupSchemasProbe,
    correct: { withExtension: '201', coreOnly: '201' },
    faulty: { withExtension: '201', coreOnly: '400 invalidValue' },
  },
  {
    fault: 'group-rename-ignored',
    async probe(server) {
      const group = await createGroup(server, 'Old name', { externalId: 'e1' });
      const path = outcome(
        await call(server, 'PATCH', `/Groups/${group.id}`, patch({ op: 'Replace', path: 'displayName', value: 'Path name' })),
      );
      const afterPath = (await call(server, 'GET', `/Groups/${group.id}`)).body.displayName;
      const noPath = outcome(
        await call(
          server,
          'PATCH',
          `/Groups/${group.id}`,
          patch({ op: 'replace', value: { displayName: 'No-path name', externalId: 'e2' } }),
        ),
      );
      const read = (await call(server, 'GET', `/Groups/${group.id}`)).body;
      return { path, afterPath, noPath, afterNoPath: read.displayName, externalId: read.externalId };
    },
    correct: { path: '204', afterPath: 'Path name', noPath: '204', afterNoPath: 'No-path name', externalId: 'e2' },
    faulty: { path: '204', afterPath: 'Old name', noPath: '204', afterNoPath: 'Old name', externalId: 'e2' },
  },
  {
    fault: 'group-add-first-member-only',
    async probe(server) {
      const users = [await plainUser(server, 'm1'), await plainUser(server, 'm2'), await plainUser(server, 'm3')];
      const group = await createGroup(server, 'Team');
      const status = outcome(
        await call(
          server,
          'PATCH',
          `/Groups/${group.id}`,
          patch({ op: 'Add', path: 'members', value: users.map((u) => ({ $ref: null, value: u.id })) }),
        ),
      );
      return { status, members: await memberNames(server, group) };
    },
    correct: { status: '204', members: ['m1', 'm2', 'm3'] },
    faulty: { status: '204', members: ['m1'] },
  },
  {
    fault: 'group-replace-members-unsupported',
    async probe(server) {
      const [a, b, c] = [await plainUser(server, 'ra'), await plainUser(server, 'rb'), await plainUser(server, 'rc')];
      const group = await createGroup(server, 'Replaced', { members: [{ value: a.id }] });
      const replace = outcome(
        await call(server, 'PATCH', `/Groups/${group.id}`, patch({ op: 'replace', path: 'members', value: [{ value: b.id }] })),
      );
      const add = outcome(
        await call(server, 'PATCH', `/Groups/${group.id}`, patch({ op: 'Add', path: 'members', value: [{ value: c.id }] })),
      );
      return { replace, add, members: await memberNames(server, group) };
    },
    correct: { replace: '204', add: '204', members: ['rb', 'rc'] },
    faulty: { replace: '400 invalidPath', add: '204', members: ['ra', 'rc'] },
  },
  {
    fault: 'group-patch-first-op-only',
    async probe(server) {
      const [a, b] = [await plainUser(server, 'fa'), await plainUser(server, 'fb')];
      const group = await createGroup(server, 'Several');
      const status = outcome(
        await call(
          server,
          'PATCH',
          `/Groups/${group.id}`,
          patch(
            { op: 'Add', path: 'members', value: [{ value: a.id }] },
            { op: 'Add', path: 'members', value: [{ value: b.id }] },
            { op: 'Replace', path: 'displayName', value: 'Renamed' },
          ),
        ),
      );
      return {
        status,
        members: await memberNames(server, group),
        displayName: (await call(server, 'GET', `/Groups/${group.id}`)).body.displayName,
      };
    },
    correct: { status: '204', members: ['fa', 'fb'], displayName: 'Renamed' },
    faulty: { status: '204', members: ['fa'], displayName: 'Several' },
  },
  {
    fault: 'group-delete-keeps-group',
    async probe(server) {
      const group = await createGroup(server, 'Doomed');
      const user = await plainUser(server, 'doomed');
      return [
        outcome(await call(server, 'DELETE', `/Groups/${group.id}`)),
        outcome(await call(server, 'GET', `/Groups/${group.id}`)),
        outcome(await call(server, 'DELETE', `/Users/${user.id}`)),
        outcome(await call(server, 'GET', `/Users/${user.id}`)),
      ];
    },
    correct: ['204', '404', '204', '404'],
    faulty: ['204', '200', '204', '404'],
  },
  {
    fault: 'group-filter-case-sensitive',
    async probe(server) {
      await createGroup(server, 'Sales Team');
      await plainUser(server, 'Mixed.Case');
      const total = async (path: string) => (await call(server, 'GET', path)).body.totalResults;
      return {
        groupOtherCase: await total(`/Groups${filterQuery('displayName eq "sales team"')}`),
        groupSameCase: await total(`/Groups${filterQuery('displayName eq "Sales Team"')}`),
        userOtherCase: await total(`/Users${filterQuery('userName eq "mixed.case"')}`),
      };
    },
    correct: { groupOtherCase: 1, groupSameCase: 1, userOtherCase: 1 },
    faulty: { groupOtherCase: 0, groupSameCase: 1, userOtherCase: 1 },
  },
  {
    fault: 'delete-unknown-204',
    async probe(server) {
      const user = await plainUser(server, 'twice');
      return [
        outcome(await call(server, 'DELETE', '/Users/00000000-0000-4000-8000-000000000000')),
        outcome(await call(server, 'DELETE', '/Groups/00000000-0000-4000-8000-000000000000')),
        outcome(await call(server, 'DELETE', `/Users/${user.id}`)),
        outcome(await call(server, 'DELETE', `/Users/${user.id}`)),
        outcome(await call(server, 'GET', `/Users/${user.id}`)),
      ];
    },
    correct: ['404', '404', '204', '404', '404'],
    faulty: ['204', '204', '204', '204', '404'],
  },
  {
    fault: 'manager-bare-string-rejected',
    async probe(server) {
      const boss = await plainUser(server, 'boss');
      const user = await plainUser(server, 'worker');
      const bare = outcome(await call(server, 'PATCH', `/Users/${user.id}`, patch({ op: 'Add', path: MANAGER, value: boss.id })));
      const afterBare = await managerOf(server, user);
      const object = outcome(
        await call(server, 'PATCH', `/Users/${user.id}`, patch({ op: 'replace', path: MANAGER, value: { value: boss.id } })),
      );
      return { bare, afterBare, object, afterObject: await managerOf(server, user) };
    },
    correct: { bare: '200', afterBare: { value: 'boss' }, object: '200', afterObject: { value: 'boss' } },
    faulty: { bare: '400 invalidValue', afterBare: null, object: '200', afterObject: { value: 'boss' } },
  },
  {
    fault: 'manager-returned-as-string',
    async probe(server) {
      const boss = await plainUser(server, 'boss');
      const user = await plainUser(server, 'worker');
      const patched = await call(server, 'PATCH', `/Users/${user.id}`, patch({ op: 'Add', path: MANAGER, value: boss.id }));
      const list = (await call(server, 'GET', `/Users${filterQuery('userName eq "worker"')}`)).body;
      return {
        get: await managerOf(server, user),
        list: named(server, list.Resources[0][ENTERPRISE].manager),
        stored: named(server, server.users.get(user.id)![ENTERPRISE]),
        patchResponse: named(server, patched.body[ENTERPRISE].manager),
      };
    },
    correct: { get: { value: 'boss' }, list: { value: 'boss' }, stored: { manager: { value: 'boss' } }, patchResponse: { value: 'boss' } },
    faulty: { get: 'boss', list: 'boss', stored: { manager: { value: 'boss' } }, patchResponse: { value: 'boss' } },
  },
  {
    fault: 'manager-clear-ignored',
    probe: managerClearProbe,
    correct: ['200', null, '200', null, '200', null],
    faulty: ['200', { value: 'boss' }, '200', { value: 'boss' }, '200', null],
  },
  {
    fault: 'manager-remove-unsupported',
    async probe(server) {
      const boss = await plainUser(server, 'boss');
      const user = await plainUser(server, 'worker');
      const set = () => call(server, 'PATCH', `/Users/${user.id}`, patch({ op: 'Add', path: MANAGER, value: boss.id }));
      const observed: unknown[] = [];
      for (const remove of [
        { op: 'Remove', path: MANAGER },
        { op: 'remove', path: `${MANAGER}[value eq "${boss.id}"]` },
        { op: 'Replace', path: MANAGER, value: '' },
      ]) {
        await set();
        observed.push(outcome(await call(server, 'PATCH', `/Users/${user.id}`, patch(remove))), await managerOf(server, user));
      }
      return observed;
    },
    correct: ['200', null, '200', null, '200', null],
    faulty: ['400 invalidPath', { value: 'boss' }, '400 invalidPath', { value: 'boss' }, '200', null],
  },
  {
    fault: 'clear-null-ignored',
    probe: nullClearProbe,
    correct: { status: 200, displayName: 'absent', title: 'absent', name: { familyName: 'Family' } },
    faulty: { status: 200, displayName: 'Shown', title: 'absent', name: { familyName: 'Family' } },
  },
  {
    fault: 'null-stored-as-string',
    probe: nullClearProbe,
    correct: { status: 200, displayName: 'absent', title: 'absent', name: { familyName: 'Family' } },
    faulty: { status: 200, displayName: 'null', title: 'absent', name: { familyName: 'Family' } },
  },
  {
    fault: 'same-attribute-first-op-wins',
    async probe(server) {
      const user = await plainUser(server, 'ordered');
      await call(
        server,
        'PATCH',
        `/Users/${user.id}`,
        patch(
          { op: 'Replace', path: 'displayName', value: 'First' },
          { op: 'Replace', path: 'name.givenName', value: 'Given' },
          { op: 'Replace', path: 'name.familyName', value: 'Family' },
          { op: 'replace', value: { displayName: 'Last' } },
        ),
      );
      const read = (await call(server, 'GET', `/Users/${user.id}`)).body;
      const group = await createGroup(server, 'Group first');
      await call(
        server,
        'PATCH',
        `/Groups/${group.id}`,
        patch({ op: 'Replace', path: 'displayName', value: 'Group middle' }, { op: 'Replace', path: 'displayName', value: 'Group last' }),
      );
      return { displayName: read.displayName, name: read.name, group: (await call(server, 'GET', `/Groups/${group.id}`)).body.displayName };
    },
    correct: { displayName: 'Last', name: { givenName: 'Given', familyName: 'Family' }, group: 'Group last' },
    faulty: { displayName: 'First', name: { givenName: 'Given', familyName: 'Family' }, group: 'Group last' },
  },
  {
    fault: 'pagination-zero-based',
    probe: pagingProbe,
    correct: [
      { startIndex: 1, itemsPerPage: 2, totalResults: 5, names: ['page1', 'page2'] },
      { startIndex: 4, itemsPerPage: 2, totalResults: 5, names: ['page4', 'page5'] },
      { startIndex: 1, itemsPerPage: 1, totalResults: 1, names: ['page1'] },
    ],
    faulty: [
      { startIndex: 1, itemsPerPage: 2, totalResults: 5, names: ['page2', 'page3'] },
      { startIndex: 4, itemsPerPage: 1, totalResults: 5, names: ['page5'] },
      { startIndex: 1, itemsPerPage: 1, totalResults: 1, names: ['page1'] },
    ],
  },
  {
    fault: 'pagination-count-ignored',
    probe: pagingProbe,
    correct: [
      { startIndex: 1, itemsPerPage: 2, totalResults: 5, names: ['page1', 'page2'] },
      { startIndex: 4, itemsPerPage: 2, totalResults: 5, names: ['page4', 'page5'] },
      { startIndex: 1, itemsPerPage: 1, totalResults: 1, names: ['page1'] },
    ],
    faulty: [
      { startIndex: 1, itemsPerPage: 5, totalResults: 5, names: ['page1', 'page2', 'page3', 'page4', 'page5'] },
      { startIndex: 4, itemsPerPage: 2, totalResults: 5, names: ['page4', 'page5'] },
      { startIndex: 1, itemsPerPage: 1, totalResults: 1, names: ['page1'] },
    ],
  },
  {
    fault: 'invalid-filter-500',
    async probe(server) {
      await plainUser(server, 'filtered');
      return [
        outcome(await call(server, 'GET', `/Users${filterQuery('userName eq')}`)),
        outcome(await call(server, 'GET', `/Groups${filterQuery('displayName xx "a"')}`)),
        outcome(await call(server, 'GET', `/Users${filterQuery('userName eq "filtered"')}`)),
      ];
    },
    correct: ['400 invalidFilter', '400 invalidFilter', '200'],
    faulty: ['500', '500', '200'],
  },
  {
    fault: 'schemas-missing-enterprise',
    async probe(server) {
      const list = (await call(server, 'GET', '/Schemas')).body;
      return {
        ids: list.Resources.map((s: Json) => s.id),
        total: list.totalResults,
        one: outcome(await call(server, 'GET', `/Schemas/${ENTERPRISE}`)),
        core: outcome(await call(server, 'GET', `/Schemas/${CORE_USER}`)),
      };
    },
    correct: { ids: [CORE_USER, ENTERPRISE, CORE_GROUP], total: 3, one: '200', core: '200' },
    faulty: { ids: [CORE_USER, CORE_GROUP], total: 2, one: '404', core: '200' },
  },
  {
    fault: 'spc-invalid',
    async probe(server) {
      const config = (await call(server, 'GET', '/ServiceProviderConfig')).body;
      return { patch: config.patch ?? 'absent', filter: config.filter ?? 'absent', bulk: config.bulk?.supported };
    },
    correct: { patch: { supported: true }, filter: { supported: true, maxResults: 200 }, bulk: false },
    faulty: { patch: 'absent', filter: 'absent', bulk: false },
  },
  {
    fault: 'spc-patch-unsupported',
    async probe(server) {
      const config = (await call(server, 'GET', '/ServiceProviderConfig')).body;
      const user = await plainUser(server, 'still.patchable');
      const patched = await call(server, 'PATCH', `/Users/${user.id}`, patch({ op: 'Replace', path: 'displayName', value: 'Patched' }));
      return { patch: config.patch, filter: config.filter, patched: patched.body.displayName };
    },
    correct: { patch: { supported: true }, filter: { supported: true, maxResults: 200 }, patched: 'Patched' },
    faulty: { patch: { supported: false }, filter: { supported: true, maxResults: 200 }, patched: 'Patched' },
  },
  {
    fault: 'resource-types-missing-group',
    async probe(server) {
      const list = (await call(server, 'GET', '/ResourceTypes')).body;
      return {
        ids: list.Resources.map((r: Json) => r.id),
        total: list.totalResults,
        group: outcome(await call(server, 'GET', '/ResourceTypes/Group')),
        user: outcome(await call(server, 'GET', '/ResourceTypes/User')),
      };
    },
    correct: { ids: ['User', 'Group'], total: 2, group: '200', user: '200' },
    faulty: { ids: ['User'], total: 1, group: '404', user: '200' },
  },
];

describe('each new fault flips its one behaviour', () => {
  it.each(FAULT_CASES.map((c) => [c.fault, c] as const))('%s', async (fault, c) => {
    await withServer({}, async (server) => expect(await c.probe(server)).toEqual(c.correct));
    await withServer({ faults: [fault] }, async (server) => expect(await c.probe(server)).toEqual(c.faulty));
  });

  it('has one case per fault, each a real fault', () => {
    const names = FAULT_CASES.map((c) => c.fault);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(Object.keys(FAULTS)).toContain(name);
  });
});

describe('the correct server', () => {
  it('clears attributes PATCHed with "" or null, whatever the path form, and never stores "null"', async () => {
    await withServer({}, async (server) => {
      const user = await createUser(server, 'clear.me@example.com');
      await call(
        server,
        'PATCH',
        `/Users/${user.id}`,
        patch(
          { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0100' },
          { op: 'Add', path: 'title', value: 'Engineer' },
        ),
      );
      for (const value of ['', null]) {
        await call(
          server,
          'PATCH',
          `/Users/${user.id}`,
          patch({ op: 'Replace', path: 'displayName', value: 'Shown' }, { op: 'Replace', path: 'name.givenName', value: 'Ada' }),
        );
        const cleared = await call(
          server,
          'PATCH',
          `/Users/${user.id}`,
          patch(
            { op: 'Replace', path: 'displayName', value },
            { op: 'Replace', path: 'name.givenName', value },
            { op: 'Replace', path: 'emails[type eq "work"].value', value },
            { op: 'Replace', path: 'phoneNumbers[type eq "mobile"].value', value },
            { op: 'replace', value: { title: value, [`${ENTERPRISE}:department`]: value } },
          ),
        );
        expect(cleared.status).toBe(200);
        const read = (await call(server, 'GET', `/Users/${user.id}`)).body;
        expect(read.displayName).toBeUndefined();
        expect(read.title).toBeUndefined();
        expect(read.name).toEqual({ formatted: 'Ada Lovelace', familyName: 'Lovelace' });
        expect(read.emails ?? []).not.toContainEqual(expect.objectContaining({ type: 'work', value: expect.anything() }));
        expect(read.phoneNumbers).toEqual([{ type: 'work', value: '+1 (555) 010-2000' }]);
        expect(read[ENTERPRISE]).toEqual({ employeeNumber: '1001' });
        expect(JSON.stringify(read)).not.toMatch(/"null"|:null/);
        // Cleared, then set again on the next round: the emails element comes back.
        await call(
          server,
          'PATCH',
          `/Users/${user.id}`,
          patch(
            { op: 'Add', path: 'emails[type eq "work"].value', value: 'back@example.com' },
            { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0100' },
          ),
        );
      }
      // A null inside a complex value is an unassigned sub-attribute, not a stored null.
      await call(
        server,
        'PATCH',
        `/Users/${user.id}`,
        patch({ op: 'replace', path: 'name', value: { givenName: null, familyName: 'Byron' } }),
      );
      expect((await call(server, 'GET', `/Users/${user.id}`)).body.name).toEqual({ formatted: 'Ada Lovelace', familyName: 'Byron' });
    });
  });

  it('applies several operations in order: the last on one attribute wins, those on different attributes all apply', async () => {
    await withServer({}, async (server) => {
      const user = await createUser(server, 'ordered@example.com');
      const patched = await call(
        server,
        'PATCH',
        `/Users/${user.id}`,
        patch(
          { op: 'Replace', path: 'displayName', value: 'One' },
          { op: 'Replace', path: 'title', value: 'Engineer' },
          { op: 'Replace', path: 'displayName', value: 'Two' },
          { op: 'Replace', path: `${ENTERPRISE}:department`, value: 'Research' },
          { op: 'Replace', path: 'displayName', value: 'Three' },
        ),
      );
      expect(patched.body).toMatchObject({
        displayName: 'Three',
        title: 'Engineer',
        [ENTERPRISE]: { department: 'Research', employeeNumber: '1001' },
      });
      await call(
        server,
        'PATCH',
        `/Users/${user.id}`,
        patch({ op: 'Replace', path: 'title', value: 'Lead' }, { op: 'Remove', path: 'title' }),
      );
      expect((await call(server, 'GET', `/Users/${user.id}`)).body.title).toBeUndefined();
    });
  });

  it('sets the manager from a bare id or {"value": id}, returns it complex, and clears it in every reported form', async () => {
    await withServer({}, async (server) => {
      const [boss, other, user] = [
        await plainUser(server, 'boss'),
        await plainUser(server, 'other.boss'),
        await createUser(server, 'report@example.com'),
      ];
      const clears = [
        { op: 'Replace', path: MANAGER, value: '' },
        { op: 'replace', path: MANAGER, value: { value: '' } },
        { op: 'Remove', path: MANAGER },
        { op: 'remove', path: `${MANAGER}[value eq "${boss.id}"]` },
        { op: 'replace', value: { [MANAGER]: '' } },
      ];
      for (const [i, clear] of clears.entries()) {
        const set = i % 2 === 0 ? { op: 'Add', path: MANAGER, value: boss.id } : { op: 'add', path: MANAGER, value: { value: boss.id } };
        expect((await call(server, 'PATCH', `/Users/${user.id}`, patch(set))).status).toBe(200);
        const read = (await call(server, 'GET', `/Users/${user.id}`)).body;
        expect(read[ENTERPRISE]).toEqual({ department: 'Engineering', employeeNumber: '1001', manager: { value: boss.id } });
        const listed = (
          await call(server, 'GET', `/Users${filterQuery(`userName eq "report@example.com" and ${MANAGER} eq "${boss.id}"`)}`)
        ).body;
        expect(listed.Resources[0][ENTERPRISE].manager).toEqual({ value: boss.id });

        expect((await call(server, 'PATCH', `/Users/${user.id}`, patch(clear))).status, JSON.stringify(clear)).toBe(200);
        expect((await call(server, 'GET', `/Users/${user.id}`)).body[ENTERPRISE], JSON.stringify(clear)).toEqual({
          department: 'Engineering',
          employeeNumber: '1001',
        });
      }
      // Changing replaces the manager whole; a remove naming someone else's id leaves it.
      await call(server, 'PATCH', `/Users/${user.id}`, patch({ op: 'Add', path: MANAGER, value: { value: boss.id, displayName: 'Boss' } }));
      await call(server, 'PATCH', `/Users/${user.id}`, patch({ op: 'Replace', path: MANAGER, value: other.id }));
      await call(server, 'PATCH', `/Users/${user.id}`, patch({ op: 'remove', path: `${MANAGER}[value eq "${boss.id}"]` }));
      expect(await managerOf(server, user)).toEqual({ value: 'other.boss' });
    });
  });

  it('adds and removes members in one PATCH, and never duplicates a member', async () => {
    await withServer({}, async (server) => {
      const [a, b, c] = [await plainUser(server, 'ga'), await plainUser(server, 'gb'), await plainUser(server, 'gc')];
      const group = await createGroup(server, 'Mixed', { members: [{ value: a.id }] });
      const path = `/Groups/${group.id}`;
      const both = await call(
        server,
        'PATCH',
        path,
        patch(
          { op: 'add', path: 'members', value: [{ value: b.id }, { value: c.id }] },
          { op: 'remove', path: 'members', value: [{ value: a.id }] },
        ),
      );
      expect(both.status).toBe(204);
      expect(await memberNames(server, group)).toEqual(['gb', 'gc']);
      await call(
        server,
        'PATCH',
        path,
        patch(
          { op: 'Add', path: 'members', value: [{ $ref: null, value: b.id }] },
          { op: 'remove', path: `members[value eq "${c.id}"]` },
          { op: 'Add', path: 'members', value: [{ value: c.id }, { value: c.id }] },
        ),
      );
      expect(await memberNames(server, group)).toEqual(['gb', 'gc']);
      expect(server.groups.get(group.id)!.members).toEqual([{ value: b.id }, { value: c.id }]);
    });
  });

  it('answers 404 SCIM Errors to DELETE of unknown or already deleted users and groups', async () => {
    await withServer({}, async (server) => {
      const user = await plainUser(server, 'gone');
      const group = await createGroup(server, 'Gone');
      for (const path of [`/Users/${user.id}`, `/Groups/${group.id}`]) {
        expect((await call(server, 'DELETE', path)).status).toBe(204);
        const again = await call(server, 'DELETE', path);
        expect(again.status).toBe(404);
        expect(again.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' });
      }
      for (const path of ['/Users/never-existed', '/Groups/never-existed']) expect((await call(server, 'DELETE', path)).status).toBe(404);
    });
  });

  it('pages per RFC 7644 section 3.4.2.4, with and without a filter', async () => {
    await withServer({}, async (server) => {
      for (let n = 1; n <= 11; n += 1) await plainUser(server, `pager${String(n).padStart(2, '0')}@example.com`);
      await plainUser(server, 'outsider@example.com');
      const page = async (query: string) => {
        const body = (await call(server, 'GET', `/Users?${query}`)).body;
        return {
          totalResults: body.totalResults,
          startIndex: body.startIndex,
          itemsPerPage: body.itemsPerPage,
          names: listNames(server, body),
        };
      };
      const pager = (from: number, to: number) =>
        Array.from({ length: to - from + 1 }, (_, i) => `pager${String(from + i).padStart(2, '0')}@example.com`);

      expect(await page('startIndex=1&count=5')).toEqual({ totalResults: 12, startIndex: 1, itemsPerPage: 5, names: pager(1, 5) });
      expect(await page('startIndex=6&count=5')).toEqual({ totalResults: 12, startIndex: 6, itemsPerPage: 5, names: pager(6, 10) });
      expect(await page('startIndex=0&count=2')).toEqual({ totalResults: 12, startIndex: 1, itemsPerPage: 2, names: pager(1, 2) });
      expect(await page('startIndex=-3&count=1')).toMatchObject({ startIndex: 1, names: pager(1, 1) });
      expect(await page('count=0')).toEqual({ totalResults: 12, startIndex: 1, itemsPerPage: 0, names: [] });
      expect(await page('startIndex=20&count=5')).toEqual({ totalResults: 12, startIndex: 20, itemsPerPage: 0, names: [] });

      const prefix = encodeURIComponent('userName sw "pager"');
      expect(await page(`filter=${prefix}`)).toMatchObject({ totalResults: 11, itemsPerPage: 11 });
      expect(await page(`filter=${prefix}&startIndex=11&count=5`)).toEqual({
        totalResults: 11,
        startIndex: 11,
        itemsPerPage: 1,
        names: pager(11, 11),
      });
      expect(await page(`filter=${prefix}&startIndex=3&count=2`)).toEqual({
        totalResults: 11,
        startIndex: 3,
        itemsPerPage: 2,
        names: pager(3, 4),
      });
      expect(await page(`filter=${encodeURIComponent('userName sw "PAGER1"')}&count=1`)).toEqual({
        totalResults: 2,
        startIndex: 1,
        itemsPerPage: 1,
        names: pager(10, 10),
      });

      for (const n of [1, 2, 3]) await createGroup(server, `Paged group ${n}`);
      expect(
        await (async () => {
          const body = (await call(server, 'GET', '/Groups?startIndex=2&count=1')).body;
          return { totalResults: body.totalResults, startIndex: body.startIndex, names: listNames(server, body) };
        })(),
      ).toEqual({ totalResults: 3, startIndex: 2, names: ['Paged group 2'] });
    });
  });

  it('rejects filters with bad syntax with 400 invalidFilter on both endpoints', async () => {
    await withServer({}, async (server) => {
      for (const filter of [
        'userName eq',
        'userName xx "a"',
        '(userName eq "a"',
        'userName eq "a" and',
        'emails[type eq "work"',
        'userName eq "a" "b"',
      ]) {
        for (const endpoint of ['/Users', '/Groups']) {
          const response = await call(server, 'GET', `${endpoint}${filterQuery(filter)}`);
          expect(response.status, `${endpoint} ${filter}`).toBe(400);
          expect(response.body).toMatchObject({ status: '400', scimType: 'invalidFilter' });
        }
      }
    });
  });

  it('advertises patch, filter, the enterprise extension and both resource types', async () => {
    await withServer({}, async (server) => {
      const config = (await call(server, 'GET', '/ServiceProviderConfig')).body;
      expect(config).toMatchObject({
        patch: { supported: true },
        filter: { supported: true },
        bulk: { supported: false },
        sort: { supported: false },
        etag: { supported: false },
        changePassword: { supported: false },
      });
      expect((await call(server, 'GET', `/Schemas/${ENTERPRISE}`)).body.attributes.map((a: Json) => a.name)).toContain('manager');
      expect((await call(server, 'GET', '/ResourceTypes/Group')).body).toMatchObject({ endpoint: '/Groups', schema: CORE_GROUP });
      expect((await call(server, 'GET', '/ServiceProviderConfig/x')).status).toBe(404);
      expect((await call(server, 'POST', '/Schemas', {})).status).toBe(405);
    });
  });
});
