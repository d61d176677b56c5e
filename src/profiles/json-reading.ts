// Exports and discovery documents come from systems this suite does not control: every read tolerates a
// missing or mistyped field and unknown ones, and leaves the decision about what is fatal to the caller.

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A field by its exact name, else by any letter case: SCIM servers spell multiValued as multivalued too. */
export function field(object: unknown, name: string): unknown {
  if (!isObject(object)) return undefined;
  if (Object.hasOwn(object, name)) return object[name];
  const lower = name.toLowerCase();
  const key = Object.keys(object).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : object[key];
}

export function text(object: unknown, name: string): string | undefined {
  const value = field(object, name);
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function flag(object: unknown, name: string): boolean | undefined {
  const value = field(object, name);
  if (typeof value === 'boolean') return value;
  // Graph metadata and some servers write booleans as "True"/"false".
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return undefined;
}

export function list(object: unknown, name: string): unknown[] {
  const value = field(object, name);
  return Array.isArray(value) ? value : [];
}

export function sameName(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}
