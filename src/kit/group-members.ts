// Group membership as Entra changes it (fact entra.groups.members, suites/evidence/entra.ts); ctx.expect.members reads it back.
import type { Dialect } from './check.ts';
import { PATCH_SCHEMA, type PatchBody, type PatchOperation } from './patch-dialects.ts';

export function addMembers(dialect: Dialect, ids: string[]): PatchOperation {
  if (dialect === 'rfc') return { op: 'add', path: 'members', value: ids.map((id) => ({ value: id })) };
  return { op: dialect === 'default' ? 'Add' : 'add', path: 'members', value: ids.map((id) => ({ $ref: null, value: id })) };
}

/** Without the flag: path "members" with the values to remove; with it (and in RFC form): one op per member on members[value eq "id"]. */
export function removeMembers(dialect: Dialect, ids: string[]): PatchOperation[] {
  if (dialect === 'default') return [{ op: 'Remove', path: 'members', value: ids.map((id) => ({ $ref: null, value: id })) }];
  return ids.map((id) => ({ op: 'remove', path: `members[value eq ${JSON.stringify(id)}]` }));
}

export function patchBody(...operations: PatchOperation[]): PatchBody {
  return { schemas: [PATCH_SCHEMA], Operations: operations };
}

/** RFC 7644 §3.5.2: 200 with the resource or 204; Microsoft documents 204 for groups and accepts either. */
export const GROUP_PATCH_OK = [200, 204];
