// What "unassigned" means after a PATCH: RFC 7643 section 2.5 makes null equivalent to unassigned, and
// Entra's gallery tests clear values with "" and then null, expecting the attribute gone, not stored empty.
import type { AttributePath } from './attribute-path.ts';
import { findKey, isJsonObject, type JsonObject } from './json-object.ts';

/** "" and null, sent as a whole add/replace value, clear the target instead of being stored. */
export function isClearingValue(value: unknown): boolean {
  return value === null || value === '';
}

/** Nested nulls are unassigned sub-attributes or elements: leaving them out stores nothing for them. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null).map(withoutNulls);
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

const LABELS = new Set(['type', 'primary']);

/** An element whose data is gone and that only says what kind of value it was, e.g. {"type":"work"}. */
function isHollow(element: unknown): boolean {
  return isJsonObject(element) && Object.keys(element).every((k) => LABELS.has(k.toLowerCase()));
}

/**
 * After a removal under target: elements left hollow, and an attribute or extension object left empty, are
 * removed, so a cleared emails[type eq "work"].value reads as no work email rather than {"type":"work"}.
 */
export function tidyAfterRemoval(resource: JsonObject, target: AttributePath): void {
  const extensionKey = target.urn === undefined ? undefined : findKey(resource, target.urn);
  const container = target.urn === undefined ? resource : extensionKey === undefined ? undefined : resource[extensionKey];
  if (!isJsonObject(container) || target.attribute === undefined) return;
  const key = findKey(container, target.attribute);
  const value = key === undefined ? undefined : container[key];
  if (key !== undefined && Array.isArray(value)) {
    const kept = value.filter((e) => !isHollow(e));
    if (kept.length > 0) container[key] = kept;
    else delete container[key];
  } else if (key !== undefined && isJsonObject(value) && Object.keys(value).length === 0) {
    delete container[key];
  }
  if (extensionKey !== undefined && Object.keys(container).length === 0) delete resource[extensionKey];
}
