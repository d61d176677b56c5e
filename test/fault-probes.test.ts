// Each fault of the reference server that has a direct probe flips its one behaviour: the probe runs once on a
// correct and once on a faulty server, and observes the behaviour (and, where useful, a neighbour it must leave).
// The probes are keyed by the fault's record in reference/faults.ts; a fault needs none (its checks catch it).
import { describe, it, expect } from 'vitest';
import { isFaultName, type FaultName } from '../reference/faults.ts';
import type { ReferenceServer } from '../reference/server.ts';
import {
  ADSCIM_GROUP,
  CORE_GROUP,
  CORE_USER,
  ENTERPRISE,
  MANAGER,
  call,
  createGroup,
  filterQuery,
  listNames,
  managerOf,
  memberNames,
  named,
  outcome,
  patch,
  plainUser,
  withServer,
  type Json,
} from './support/reference-client.ts';

interface FaultProbe {
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

const FAULT_PROBES: { [F in FaultName]?: FaultProbe } = {
  'group-extension-schema-rejected': {
    probe: groupSchemasProbe,
    correct: { withExtension: '201', coreOnly: '201' },
    faulty: { withExtension: '400 invalidValue', coreOnly: '201' },
  },
  'group-core-schema-only-rejected': {
    probe: groupSchemasProbe,
    correct: { withExtension: '201', coreOnly: '201' },
    faulty: { withExtension: '201', coreOnly: '400 invalidValue' },
  },
  'group-rename-ignored': {
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
  'group-add-first-member-only': {
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
  'group-replace-members-unsupported': {
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
  'group-patch-first-op-only': {
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
  'group-delete-keeps-group': {
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
  'group-filter-case-sensitive': {
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
  'delete-unknown-204': {
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
  'manager-bare-string-rejected': {
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
  'manager-returned-as-string': {
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
  'manager-clear-ignored': {
    probe: managerClearProbe,
    correct: ['200', null, '200', null, '200', null],
    faulty: ['200', { value: 'boss' }, '200', { value: 'boss' }, '200', null],
  },
  'manager-remove-unsupported': {
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
  'clear-null-ignored': {
    probe: nullClearProbe,
    correct: { status: 200, displayName: 'absent', title: 'absent', name: { familyName: 'Family' } },
    faulty: { status: 200, displayName: 'Shown', title: 'absent', name: { familyName: 'Family' } },
  },
  'null-stored-as-string': {
    probe: nullClearProbe,
    correct: { status: 200, displayName: 'absent', title: 'absent', name: { familyName: 'Family' } },
    faulty: { status: 200, displayName: 'null', title: 'absent', name: { familyName: 'Family' } },
  },
  'same-attribute-first-op-wins': {
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
  'pagination-zero-based': {
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
  'pagination-count-ignored': {
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
  'invalid-filter-500': {
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
  'schemas-missing-enterprise': {
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
  'spc-invalid': {
    async probe(server) {
      const config = (await call(server, 'GET', '/ServiceProviderConfig')).body;
      return { patch: config.patch ?? 'absent', filter: config.filter ?? 'absent', bulk: config.bulk?.supported };
    },
    correct: { patch: { supported: true }, filter: { supported: true, maxResults: 200 }, bulk: false },
    faulty: { patch: 'absent', filter: 'absent', bulk: false },
  },
  'spc-patch-unsupported': {
    async probe(server) {
      const config = (await call(server, 'GET', '/ServiceProviderConfig')).body;
      const user = await plainUser(server, 'still.patchable');
      const patched = await call(server, 'PATCH', `/Users/${user.id}`, patch({ op: 'Replace', path: 'displayName', value: 'Patched' }));
      return { patch: config.patch, filter: config.filter, patched: patched.body.displayName };
    },
    correct: { patch: { supported: true }, filter: { supported: true, maxResults: 200 }, patched: 'Patched' },
    faulty: { patch: { supported: false }, filter: { supported: true, maxResults: 200 }, patched: 'Patched' },
  },
  'resource-types-missing-group': {
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
};

describe('each new fault flips its one behaviour', () => {
  it.each(Object.entries(FAULT_PROBES) as [FaultName, FaultProbe][])('%s', async (fault, c) => {
    await withServer({}, async (server) => expect(await c.probe(server)).toEqual(c.correct));
    await withServer({ faults: [fault] }, async (server) => expect(await c.probe(server)).toEqual(c.faulty));
  });

  it('has one case per fault, each a real fault', () => {
    // Keyed by the fault's name, so one case per fault; vitest does not typecheck, hence the names once more.
    expect(Object.keys(FAULT_PROBES).filter((name) => !isFaultName(name))).toEqual([]);
  });
});
