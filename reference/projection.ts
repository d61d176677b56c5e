// The attributes / excludedAttributes query parameters (RFC 7644 section 3.4.2.5) and the
// "returned" characteristics that apply to every response (id always, password never).
import { parseAttributePath } from './attribute-path.ts';
import { findKey, isJsonObject, type JsonObject } from './json-object.ts';
import { findSchema, isCoreUrn, type ResourceKind } from './schema-attributes.ts';

export interface Projection {
  attributes?: string[];
  excludedAttributes?: string[];
}

function listParameter(query: URLSearchParams, name: string): string[] | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return items.length > 0 ? items : undefined;
}

export function projectionFromQuery(query: URLSearchParams, options: { ignoreExcluded?: boolean } = {}): Projection {
  const attributes = listParameter(query, 'attributes');
  const excludedAttributes = options.ignoreExcluded ? undefined : listParameter(query, 'excludedAttributes');
  return { ...(attributes ? { attributes } : {}), ...(excludedAttributes ? { excludedAttributes } : {}) };
}

/** An attribute path as the chain of object keys it walks through (an extension is one more level). */
function keyChain(kind: ResourceKind, path: string): string[] | undefined {
  const p = parseAttributePath(path, (urn) => findSchema(urn) !== undefined);
  if (!p || p.filter !== undefined) return undefined;
  const chain = p.urn !== undefined && !isCoreUrn(kind, p.urn) ? [p.urn] : [];
  if (p.attribute !== undefined) chain.push(p.attribute);
  if (p.subAttribute !== undefined) chain.push(p.subAttribute);
  return chain.length > 0 ? chain : undefined;
}

function include(src: JsonObject, dst: JsonObject, chain: string[], created: WeakSet<object>): void {
  const [name, ...rest] = chain;
  const key = name === undefined ? undefined : findKey(src, name);
  if (key === undefined) return;
  const value = src[key];
  if (rest.length === 0) {
    dst[key] = structuredClone(value);
    return;
  }
  if (Array.isArray(value)) {
    if (!Array.isArray(dst[key])) {
      const elements = value.map(() => ({}));
      elements.forEach((e) => created.add(e));
      dst[key] = elements;
      created.add(elements);
    }
    const target = dst[key] as unknown[];
    value.forEach((element, i) => {
      const into = target[i];
      if (isJsonObject(element) && isJsonObject(into)) include(element, into, rest, created);
    });
  } else if (isJsonObject(value)) {
    if (!isJsonObject(dst[key])) {
      const object = {};
      created.add(object);
      dst[key] = object;
    }
    include(value, dst[key] as JsonObject, rest, created);
  }
}

/** Drops the empty containers include() made for sub-attributes that turned out to be absent. */
function prune(value: unknown, created: WeakSet<object>): unknown {
  if (Array.isArray(value)) {
    const kept = value.map((v) => prune(v, created)).filter((v) => v !== undefined);
    return created.has(value) && kept.length === 0 ? undefined : kept;
  }
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      const p = prune(v, created);
      if (p !== undefined) out[k] = p;
    }
    return created.has(value) && Object.keys(out).length === 0 ? undefined : out;
  }
  return value;
}

function exclude(obj: JsonObject, chain: string[]): void {
  const [name, ...rest] = chain;
  const key = name === undefined ? undefined : findKey(obj, name);
  if (key === undefined) return;
  const value = obj[key];
  if (rest.length === 0) delete obj[key];
  else if (Array.isArray(value)) value.forEach((e) => isJsonObject(e) && exclude(e, rest));
  else if (isJsonObject(value)) exclude(value, rest);
}

const ALWAYS_RETURNED = ['schemas', 'id'];

export function project(kind: ResourceKind, resource: JsonObject, projection: Projection = {}): JsonObject {
  let out: JsonObject;
  if (projection.attributes) {
    const created = new WeakSet<object>();
    const selected: JsonObject = {};
    for (const name of ALWAYS_RETURNED) if (name in resource) selected[name] = structuredClone(resource[name]);
    for (const path of projection.attributes) {
      const chain = keyChain(kind, path);
      if (chain) include(resource, selected, chain, created);
    }
    out = prune(selected, created) as JsonObject;
  } else {
    out = structuredClone(resource);
    for (const path of projection.excludedAttributes ?? []) {
      const chain = keyChain(kind, path);
      if (chain && !(chain.length === 1 && ALWAYS_RETURNED.includes(chain[0]!))) exclude(out, chain);
    }
  }
  // password is "returned": "never" (RFC 7643 section 4.1.1), whatever was asked for.
  const password = findKey(out, 'password');
  if (kind === 'User' && password !== undefined) delete out[password];
  return out;
}
