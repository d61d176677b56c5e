// The attribute paths Entra writes in its mappings (userName, name.givenName, emails[type eq "work"].value,
// urn:...:enterprise:2.0:User:department) read from and written into SCIM resources.

export const MANAGER_PATH = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager';

export interface ScimPath {
  /** Schema URN the attribute lives under; undefined for core attributes. */
  urn?: string;
  attribute: string;
  /** A value filter on a multi-valued attribute; only the `<sub> eq "<value>"` form Entra uses. */
  filter?: { attribute: string; value: string };
  subAttribute?: string;
}

const CORE_URNS = new Set(['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:core:2.0:Group']);
const PATH_RE = /^([A-Za-z$][\w$-]*)(?:\[\s*([A-Za-z$][\w$-]*)\s+eq\s+"([^"]*)"\s*\])?(?:\.([A-Za-z$][\w$-]*))?$/i;

export class PathError extends Error {}

export function parsePath(path: string): ScimPath {
  let urn: string | undefined;
  let rest = path;
  if (path.toLowerCase().startsWith('urn:')) {
    // The attribute name follows the schema URN's last colon; a dotted sub-attribute may follow it.
    const colon = path.lastIndexOf(':');
    urn = path.slice(0, colon);
    rest = path.slice(colon + 1);
    if (CORE_URNS.has(urn)) urn = undefined;
  }
  const match = PATH_RE.exec(rest);
  if (!match)
    throw new PathError(
      `unsupported attribute path "${path}": expected attr, attr.sub, attr[type eq "x"].sub, optionally after a schema URN`,
    );
  const [, attribute, filterAttr, filterValue, sub] = match;
  return {
    ...(urn ? { urn } : {}),
    attribute: attribute!,
    ...(filterAttr ? { filter: { attribute: filterAttr, value: filterValue ?? '' } } : {}),
    ...(sub ? { subAttribute: sub } : {}),
  };
}

/** True for paths Entra keeps as separate PATCH operations with a path even in the aadOptscim062020 dialect. */
export function isValuePath(path: string): boolean {
  return parsePath(path).filter !== undefined;
}

type Json = Record<string, unknown>;

// SCIM attribute names are case-insensitive (RFC 7643 §2.1), so lookups ignore case.
function key(obj: Json, name: string): string | undefined {
  if (name in obj) return name;
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

function container(resource: Json, p: ScimPath): Json | undefined {
  if (!p.urn) return resource;
  const k = key(resource, p.urn);
  const value = k ? resource[k] : undefined;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function matches(element: unknown, filter: { attribute: string; value: string }): element is Json {
  if (!element || typeof element !== 'object') return false;
  const k = key(element as Json, filter.attribute);
  const v = k ? (element as Json)[k] : undefined;
  return typeof v === 'string' && v.toLowerCase() === filter.value.toLowerCase();
}

/** Reads a path from a resource; undefined when absent. */
export function getPath(resource: unknown, path: string): unknown {
  if (!resource || typeof resource !== 'object') return undefined;
  const p = parsePath(path);
  const holder = container(resource as Json, p);
  if (!holder) return undefined;
  const k = key(holder, p.attribute);
  let value: unknown = k ? holder[k] : undefined;
  if (p.filter) {
    if (!Array.isArray(value)) return undefined;
    value = value.find((e) => matches(e, p.filter!));
  }
  if (p.subAttribute) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const sk = key(value as Json, p.subAttribute);
    value = sk ? (value as Json)[sk] : undefined;
  }
  return value;
}

/** Writes a path into a resource the way Entra shapes its create body (a work email is also primary). */
export function setPath(resource: Json, path: string, value: unknown): void {
  const p = parsePath(path);
  let holder = resource;
  if (p.urn) {
    holder = (resource[p.urn] as Json | undefined) ?? {};
    resource[p.urn] = holder;
  }
  if (p.filter) {
    const list = (holder[p.attribute] as Json[] | undefined) ?? [];
    holder[p.attribute] = list;
    let element = list.find((e) => matches(e, p.filter!));
    if (!element) {
      element = { [p.filter.attribute]: p.filter.value };
      if (p.attribute === 'emails' && p.filter.value === 'work') element.primary = true;
      list.push(element);
    }
    element[p.subAttribute ?? 'value'] = value;
    return;
  }
  if (p.subAttribute) {
    const inner = (holder[p.attribute] as Json | undefined) ?? {};
    holder[p.attribute] = inner;
    inner[p.subAttribute] = value;
    return;
  }
  holder[p.attribute] = value;
}

/** The filter expression Entra sends for a matching attribute, e.g. userName eq "x" or emails[type eq "work"].value eq "x". */
export function eqFilter(path: string, value: string): string {
  return `${path} eq ${JSON.stringify(value)}`;
}
