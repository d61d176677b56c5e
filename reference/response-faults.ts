// Faults that misshape a user on its way out while the stored user stays correct. Both change the response
// object in place: callers pass a copy (project() returns one).
import { findKey, isJsonObject, type JsonObject } from './json-object.ts';
import { ENTERPRISE_USER } from './urns.ts';

/** emails-as-string: the work (else primary, else first) address as a bare string. */
export function flattenEmails(user: JsonObject): void {
  const key = findKey(user, 'emails');
  const emails = key === undefined ? undefined : user[key];
  if (key === undefined || !Array.isArray(emails) || emails.length === 0) return;
  const objects = emails.filter(isJsonObject);
  const chosen =
    objects.find((e) => typeof e.type === 'string' && e.type.toLowerCase() === 'work') ??
    objects.find((e) => e.primary === true) ??
    objects[0];
  user[key] = typeof chosen?.value === 'string' ? chosen.value : '';
}

/** manager-returned-as-string: {"value": id} becomes the bare id, which breaks Entra's deserializer. */
export function managerAsString(user: JsonObject): void {
  const extensionKey = findKey(user, ENTERPRISE_USER);
  const extension = extensionKey === undefined ? undefined : user[extensionKey];
  if (!isJsonObject(extension)) return;
  const key = findKey(extension, 'manager');
  const manager = key === undefined ? undefined : extension[key];
  if (key !== undefined && isJsonObject(manager) && typeof manager.value === 'string') extension[key] = manager.value;
}
