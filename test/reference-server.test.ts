// Smoke test of the bundled reference server: the Entra flows the suite relies on work, a couple of
// faults really flip their behaviour, and authentication is enforced.
import { describe, it, expect } from 'vitest';
import { startReferenceServer, type ReferenceServer, type ReferenceServerOptions } from '../reference/server.ts';

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
      const [a, b, c] = [await createUser(server, 'a@example.com'), await createUser(server, 'b@example.com'), await createUser(server, 'c@example.com')];
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

      const add = await call(server, 'PATCH', groupPath, patch({ op: 'Add', path: 'members', value: [a, b, c, a].map((u) => ({ $ref: null, value: u.id })) }));
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
      const group = await call(server, 'POST', '/Groups', { schemas: [CORE_GROUP], displayName: 'Faulty', members: [{ value: a.id }, { value: b.id }] });
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
