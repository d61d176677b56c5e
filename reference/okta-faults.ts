// The faults that break what Okta sends (its create body, its PUT, its paged lookups), kept out of the endpoints'
// own code: each function is a no-op without its fault.
import type { FaultSet } from './faults.ts';
import { memberIds } from './group-members.ts';
import { findKey, getAttribute, isJsonObject, type JsonObject } from './json-object.ts';
import { badRequest, ScimHttpError } from './scim-error.ts';
import type { ResourceKind } from './schema-attributes.ts';
import type { ResourceStore } from './store.ts';

/** create-rejects-password and group-create-empty-members-rejected: a create refused for what Okta adds to it. */
export function refuseOktaCreate(kind: ResourceKind, body: unknown, faults: FaultSet): void {
  if (!isJsonObject(body)) return;
  if (kind === 'User' && faults.has('create-rejects-password')) {
    for (const name of ['password', 'groups']) {
      if (findKey(body, name) !== undefined) throw badRequest('invalidValue', `${name} cannot be set on a user`);
    }
  }
  const members = getAttribute(body, 'members');
  if (kind === 'Group' && faults.has('group-create-empty-members-rejected') && Array.isArray(members) && members.length === 0) {
    throw badRequest('invalidValue', 'members must list at least one member');
  }
}

/** filter-with-paging-400: a filtered list refused when startIndex or count come with it. */
export function refuseFilteredPaging(query: URLSearchParams, filtered: boolean, faults: FaultSet): void {
  if (filtered && faults.has('filter-with-paging-400') && (query.has('startIndex') || query.has('count'))) {
    throw new ScimHttpError(400, 'startIndex and count are not supported together with filter');
  }
}

/** paged-list-without-counts: a page asked for with startIndex or count loses its startIndex and itemsPerPage. */
export function pageCounts(query: URLSearchParams, body: JsonObject, faults: FaultSet): JsonObject {
  if (!faults.has('paged-list-without-counts') || !(query.has('startIndex') || query.has('count'))) return body;
  const { startIndex: _startIndex, itemsPerPage: _itemsPerPage, ...rest } = body;
  return rest;
}

/** put-clears-memberships: the user leaves every group the PUT body's "groups" does not list. */
export function applyGroupsOfPut(store: ResourceStore, userId: string, body: unknown, faults: FaultSet): void {
  if (!faults.has('put-clears-memberships') || !isJsonObject(body)) return;
  const groups = getAttribute(body, 'groups');
  if (!Array.isArray(groups)) return;
  const listed = new Set(groups.flatMap((g) => (isJsonObject(g) && typeof g.value === 'string' ? [g.value] : [])));
  for (const [groupId, group] of store.groups) {
    if (listed.has(groupId) || !memberIds(group).has(userId)) continue;
    const remaining = (group.members as unknown[]).filter((m) => !(isJsonObject(m) && m.value === userId));
    if (remaining.length > 0) group.members = remaining;
    else delete group.members;
  }
}
