// The faults that store user strings the way a careless database does: through ISO-8859-1, in short columns,
// or with the +tag of mail addresses dropped. Plain ASCII values of ordinary length pass through all of them.
import type { FaultSet } from './faults.ts';
import { findKey, getAttribute, isJsonObject, type JsonObject } from './json-object.ts';

/** Every string in a JSON value, rewritten. */
function mapStrings(value: unknown, rewrite: (s: string) => string): unknown {
  if (typeof value === 'string') return rewrite(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, rewrite));
  if (isJsonObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, rewrite)]));
  return value;
}

/** Cuts the string attribute `name` of `holder` to `length` characters. */
function cut(holder: unknown, name: string, length: number): void {
  if (!isJsonObject(holder)) return;
  const key = findKey(holder, name);
  const value = key === undefined ? undefined : holder[key];
  if (key !== undefined && typeof value === 'string') holder[key] = value.slice(0, length);
}

export function applyDirectoryFaults(user: JsonObject, faults: FaultSet): void {
  if (faults.has('latin1-storage')) {
    for (const [key, value] of Object.entries(user)) user[key] = mapStrings(value, (s) => s.replace(/[\u0100-\uffff]/g, '?'));
  }
  if (faults.has('short-columns')) {
    cut(user, 'displayName', 64);
    cut(getAttribute(user, 'name'), 'givenName', 32);
    cut(getAttribute(user, 'name'), 'familyName', 32);
  }
  if (faults.has('plus-address-stripped')) {
    const emails = getAttribute(user, 'emails');
    for (const email of Array.isArray(emails) ? emails : []) {
      if (isJsonObject(email) && typeof email.value === 'string') email.value = email.value.replace(/\+[^@]*@/, '@');
    }
  }
}
