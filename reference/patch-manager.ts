// PATCH of the enterprise manager. Entra sends the id as a bare string, the validator as {"value": id};
// both are stored as {"value": id}. Clearing has been seen as a replace with "" or {"value": ""}, a remove
// with the path alone, and a remove on manager[value eq "<id>"]; all of them must work.
import type { AttributePath } from './attribute-path.ts';
import type { FaultSet } from './faults.ts';
import { compileFilter } from './filter.ts';
import { getAttribute, isJsonObject, type JsonObject } from './json-object.ts';
import type { Operation, Step } from './patch-operation.ts';
import { badRequest } from './scim-error.ts';
import { ENTERPRISE_USER } from './urns.ts';

const MANAGER_PATH = `${ENTERPRISE_USER}:manager`;

const REMOVE_MANAGER: Step[] = [
  { kind: 'library', operation: { op: 'remove', path: MANAGER_PATH } },
  { kind: 'tidy', target: { urn: ENTERPRISE_USER, attribute: 'manager' } },
];

/** The manager id an add/replace value names: "" when it clears, undefined when the value has no usable shape. */
function managerId(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value === null) return '';
  if (!isJsonObject(value)) return undefined;
  const id = getAttribute(value, 'value') ?? '';
  return typeof id === 'string' ? id : undefined;
}

export function managerSteps(operation: Operation, p: AttributePath, resource: JsonObject, faults: FaultSet): Step[] {
  if (operation.op === 'remove') {
    if (faults.has('manager-remove-unsupported')) throw badRequest('invalidPath', `Removing ${MANAGER_PATH} is not supported`);
    if (p.filter === undefined) return REMOVE_MANAGER;
    // A filter naming another manager matches nothing, and removing nothing is a no-op.
    return compileFilter('User', `${MANAGER_PATH}[${p.filter}]`)(resource) ? REMOVE_MANAGER : [];
  }
  if (p.filter !== undefined)
    throw badRequest('invalidPath', 'manager is single-valued: a value filter cannot select it for add or replace');
  const { value } = operation;
  const id = managerId(value);
  if (id === undefined) throw badRequest('invalidValue', `manager must be an id string or {"value": id}; got ${JSON.stringify(value)}`);
  if (id.trim() === '') return faults.has('manager-clear-ignored') ? [] : REMOVE_MANAGER;
  if (typeof value === 'string' && faults.has('manager-bare-string-rejected')) {
    throw badRequest('invalidValue', 'manager must be a complex value {"value": id}, not a bare string');
  }
  // Removing first makes the new manager replace the old one whole instead of merging into it.
  return [REMOVE_MANAGER[0]!, { kind: 'library', operation: { op: 'add', path: MANAGER_PATH, value: { value: id } } }];
}
