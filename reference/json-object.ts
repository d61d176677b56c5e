// Reading SCIM resources as plain JSON: attribute names are case-insensitive (RFC 7643 section 2.1),
// but stored resources keep the spelling the client sent, so lookups go through the actual key.

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function findKey(object: JsonObject, name: string): string | undefined {
  if (Object.hasOwn(object, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(object).find((k) => k.toLowerCase() === lower);
}

export function getAttribute(object: JsonObject, name: string): unknown {
  const key = findKey(object, name);
  return key === undefined ? undefined : object[key];
}

export function deleteAttribute(object: JsonObject, name: string): void {
  const key = findKey(object, name);
  if (key !== undefined) delete object[key];
}

/** active false, or the string "False" a faulty server may have kept. */
export function isInactive(resource: JsonObject): boolean {
  const active = getAttribute(resource, 'active');
  return active === false || (typeof active === 'string' && active.toLowerCase() === 'false');
}
