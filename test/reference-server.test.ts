// The bundled reference server: the Entra flows the suite relies on work, authentication is enforced, and the
// correct server behaves as the RFC says (each fault's own probe is in test/fault-probes.test.ts).
import { describe, it, expect } from 'vitest';
import { startReferenceServer } from '../reference/server.ts';
import {
  CORE_GROUP,
  ENTERPRISE,
  MANAGER,
  call,
  createGroup,
  createUser,
  entraUser,
  filterQuery,
  listNames,
  managerOf,
  memberNames,
  patch,
  plainUser,
  withServer,
  type Json,
} from './support/reference-client.ts';

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
