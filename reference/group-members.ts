// The stored shape of Group.members: [{value, display?, $ref?, type?}], one entry per member id.
import { badRequest } from './scim-error.ts';
import { isJsonObject, type JsonObject } from './json-object.ts';

export interface Member {
  value: string;
  display?: string;
  $ref?: string;
  type?: string;
}

function toMember(item: unknown): Member {
  if (!isJsonObject(item) || typeof item.value !== 'string' || item.value === '') {
    throw badRequest('invalidValue', `Each member needs a non-empty string "value" (the member's id); got ${JSON.stringify(item)}`);
  }
  // Entra sends "$ref": null; a null reference is no reference, so it is not kept.
  const member: Member = { value: item.value };
  for (const key of ['display', '$ref', 'type'] as const) {
    if (typeof item[key] === 'string') member[key] = item[key];
  }
  return member;
}

/** Members from a request value: a list, or a single member object. */
export function membersFromValue(value: unknown): Member[] {
  return uniqueMembers((Array.isArray(value) ? value : [value]).map(toMember));
}

export function uniqueMembers(members: Member[]): Member[] {
  const seen = new Set<string>();
  return members.filter((m) => !seen.has(m.value) && seen.add(m.value));
}

export function memberIds(group: JsonObject): Set<string> {
  const members = group.members;
  if (!Array.isArray(members)) return new Set();
  return new Set(members.flatMap((m) => (isJsonObject(m) && typeof m.value === 'string' ? [m.value] : [])));
}
