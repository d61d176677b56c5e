// PATCH of Group.members. The library compares removed members with deep equality, so {"$ref": null,
// "value": id} never matches a stored {"value": id}: removals by value become removals by id filter.
// Adding a member already present, or removing one that is not, is a no-op so Entra's retries stay idempotent.
import { formatAttributePath, type AttributePath } from './attribute-path.ts';
import type { FaultSet } from './faults.ts';
import { memberIds, membersFromValue } from './group-members.ts';
import type { JsonObject } from './json-object.ts';
import type { Operation, Step } from './patch-operation.ts';
import { badRequest } from './scim-error.ts';

function removeSteps(operation: Operation, p: AttributePath, resource: JsonObject, faults: FaultSet): Step[] {
  const path = formatAttributePath(p);
  if (p.filter !== undefined) {
    if (faults.has('group-member-filter-path-unsupported')) throw badRequest('invalidPath', `Unsupported path ${path}`);
    return [{ kind: 'library', operation: { op: 'remove', path } }];
  }
  if (operation.value === undefined || faults.has('group-remove-ignores-value')) {
    return [{ kind: 'library', operation: { op: 'remove', path: 'members' } }];
  }
  const present = memberIds(resource);
  return membersFromValue(operation.value)
    .filter((m) => present.has(m.value))
    .map((m) => ({ kind: 'library', operation: { op: 'remove', path: `members[value eq ${JSON.stringify(m.value)}]` } }));
}

export function memberSteps(operation: Operation, p: AttributePath, resource: JsonObject, faults: FaultSet): Step[] {
  if (operation.op === 'remove') return removeSteps(operation, p, resource, faults);
  if (p.filter !== undefined)
    return [{ kind: 'library', operation: { op: operation.op, path: formatAttributePath(p), value: operation.value } }];
  const members = operation.value === null ? [] : membersFromValue(operation.value);
  if (operation.op === 'replace') {
    if (faults.has('group-replace-members-unsupported'))
      throw badRequest('invalidPath', 'replace on members is not supported; use add and remove');
    return [{ kind: 'library', operation: { op: 'replace', path: 'members', value: members } }];
  }
  const sent = faults.has('group-add-first-member-only') ? members.slice(0, 1) : members;
  const present = memberIds(resource);
  const added = sent.filter((m) => !present.has(m.value));
  return added.length > 0 ? [{ kind: 'library', operation: { op: 'add', path: 'members', value: added } }] : [];
}
