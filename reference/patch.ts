// PATCH (RFC 7644 section 3.5.2) applied with scim-patch, after reshaping what Entra sends into the
// operations the library handles correctly. What the reshaping is for:
// - op names: Entra's default dialect capitalises them ("Replace"); the library only knows two spellings.
// - no-path add/replace: the library assigns each key of the value as a whole, so {"name": {...}} would drop
//   sub-attributes not sent, and a key equal to an extension URN is split at its last colon
//   ("...:2.0" + "User"). Each key becomes its own path operation instead, which the library merges correctly.
// - "True"/"False" strings for booleans (Entra's default dialect) become booleans.
// - "" or null as a value clears the attribute (Entra's gallery tests clear values this way); see clearing.ts.
// - a single-valued complex value ({"name": {...}}) is split per sub-attribute, so a null in it clears one.
// - manager and group members have modules of their own: patch-manager.ts, patch-members.ts.
// - removing something that is not there is a no-op, so Entra's retries stay idempotent.
// Operations apply in order, each seeing the result of the previous ones: of several on one attribute the last wins.
import { parse } from 'scim2-parse-filter';
import { patchBodyValidation, scimPatch, ScimError, type ScimPatch, type ScimPatchOperation, type ScimResource } from 'scim-patch';
import { formatAttributePath, parseAttributePath, type AttributePath } from './attribute-path.ts';
import { isClearingValue, tidyAfterRemoval, withoutNulls } from './clearing.ts';
import type { FaultSet } from './faults.ts';
import { membersFromValue } from './group-members.ts';
import { operationSkipper } from './ignored-operations.ts';
import { type DefinedAttributes, undefinedError } from './interop-mode.ts';
import { deleteAttribute, findKey, getAttribute, isInactive, isJsonObject, type JsonObject } from './json-object.ts';
import { managerSteps } from './patch-manager.ts';
import { memberSteps } from './patch-members.ts';
import type { Operation, Step } from './patch-operation.ts';
import { badRequest, ScimHttpError, type ScimType } from './scim-error.ts';
import { extensionUrn, findSchema, isCoreUrn, lookupAttribute, type ResourceKind } from './schema-attributes.ts';
import { ENTERPRISE_USER, sameUrn } from './urns.ts';

export interface PatchOptions {
  kind: ResourceKind;
  faults: FaultSet;
  /**
   * Held to the interoperability profile: what the server defines. Every operation then needs a path, naming something
   * defined, and a replace of a whole complex attribute replaces it (draft-zollner-scim-interop-profile §5.3, §6.5).
   */
  defined?: DefinedAttributes;
}

/** Applies a PATCH request body to a copy of the resource; the copy is returned, the original untouched. */
export function applyPatch(current: JsonObject, body: unknown, options: PatchOptions): JsonObject {
  const read = readOperations(body, options.faults);
  const firstOnly = options.kind === 'Group' && (options.faults.has('group-patch-first-op-only') || mixesMemberOps(read, options.faults));
  const operations = firstOnly ? read.slice(0, 1) : read;
  const skipped = operationSkipper(options.kind, options.faults);
  let resource = structuredClone(current);
  for (const operation of operations) {
    for (const expanded of expandNoPath(operation, resource, options)) {
      const target = expanded.literalKey ? undefined : resolvePath(expanded.path ?? '', resource, options.kind);
      if (skipped(expanded, target)) continue;
      for (const step of toSteps(expanded, resource, options)) resource = applyStep(resource, step, options.faults);
    }
  }
  return afterPatch(current, resource, options);
}

/** group-mixed-members-first-only: the PATCH both removes and adds members. */
function mixesMemberOps(operations: Operation[], faults: FaultSet): boolean {
  if (!faults.has('group-mixed-members-first-only')) return false;
  const onMembers = (op: string) => operations.some((o) => o.op === op && /^members\b/i.test(o.path ?? ''));
  return onMembers('add') && onMembers('remove');
}

function readOperations(body: unknown, faults: FaultSet): Operation[] {
  if (!isJsonObject(body)) throw badRequest('invalidSyntax', 'A PATCH body must be a JSON object');
  const raw = getAttribute(body, 'Operations');
  if (!Array.isArray(raw)) throw badRequest('invalidSyntax', 'A PATCH body needs an "Operations" array');
  const operations = raw.map((item, i): Operation => {
    if (!isJsonObject(item) || typeof item.op !== 'string') throw badRequest('invalidSyntax', `Operation ${i} needs a string "op"`);
    const op = faults.has('patch-ops-case-sensitive') ? item.op : item.op.toLowerCase();
    if (op !== 'add' && op !== 'remove' && op !== 'replace') {
      throw badRequest('invalidSyntax', `Operation ${i}: op ${JSON.stringify(item.op)} is not add, remove or replace`);
    }
    if (item.path !== undefined && typeof item.path !== 'string') throw badRequest('invalidPath', `Operation ${i}: path must be a string`);
    if (op === 'replace' && !('value' in item)) throw badRequest('invalidSyntax', `Operation ${i}: replace needs a "value"`);
    return { op, ...(item.path ? { path: item.path } : {}), ...('value' in item ? { value: item.value } : {}) };
  });
  try {
    // Checks schemas, a non-empty list, remove without path (noTarget) and add without value.
    patchBodyValidation({ schemas: body.schemas, Operations: operations } as ScimPatch);
  } catch (error) {
    throw fromLibraryError(error);
  }
  return operations;
}

function isSchemaUrnOf(resource: JsonObject): (urn: string) => boolean {
  const declared = Array.isArray(resource.schemas) ? resource.schemas.filter((s): s is string => typeof s === 'string') : [];
  return (urn) => findSchema(urn) !== undefined || declared.some((s) => sameUrn(urn, s));
}

function expandNoPath(operation: Operation, resource: JsonObject, options: PatchOptions): Operation[] {
  if (operation.path !== undefined) return [operation];
  if (options.defined && !options.faults.has('interop-path-less-applied'))
    throw badRequest('invalidSyntax', `"${operation.op}" without a path: every operation names its target in "path" here`);
  if (options.faults.has('patch-no-path-ignored')) return [];
  const { op, value } = operation;
  if (!isJsonObject(value)) throw badRequest('invalidSyntax', `"${op}" without a path needs an object of attributes as its value`);
  const isSchemaUrn = isSchemaUrnOf(resource);
  const expanded: Operation[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (options.kind === 'User' && key.toLowerCase() === 'active' && options.faults.has('pathless-active-ignored')) continue;
    if (/^urn:/i.test(key)) {
      if (options.faults.has('patch-urn-keys-ignored')) continue;
      if (isSchemaUrn(key) && isJsonObject(v)) {
        if (isCoreUrn(options.kind, key)) expanded.push(...expandNoPath({ op, value: v }, resource, options));
        else for (const [sub, subValue] of Object.entries(v)) expanded.push({ op, path: `${key}:${sub}`, value: subValue });
      } else {
        expanded.push({ op, path: key, value: v });
      }
    } else if (key.includes('.') && options.faults.has('patch-dotted-keys-literal')) {
      expanded.push({ op, path: key, value: v, literalKey: true });
    } else {
      expanded.push({ op, path: key, value: v });
    }
  }
  return expanded;
}

/** The path split, its filter checked, URN and names spelled as stored; a malformed path is 400 invalidPath. */
function resolvePath(rawPath: string, resource: JsonObject, kind: ResourceKind): AttributePath {
  const p = parseAttributePath(rawPath, isSchemaUrnOf(resource));
  if (!p) throw badRequest('invalidPath', `Invalid path ${JSON.stringify(rawPath)}`);
  if (p.filter !== undefined) {
    try {
      parse(p.filter);
    } catch (error) {
      throw badRequest('invalidPath', `Invalid filter in path ${JSON.stringify(rawPath)}: ${(error as Error).message}`);
    }
  }
  canonicalise(kind, p);
  return p;
}

function toSteps(operation: Operation, resource: JsonObject, options: PatchOptions): Step[] {
  const { kind, faults } = options;
  if (operation.literalKey) return [{ kind: 'set', key: operation.path ?? '', value: operation.value }];
  const p = resolvePath(operation.path ?? '', resource, kind);
  if (options.defined && !faults.has('interop-patch-undefined-attribute-applied')) {
    const unknown =
      options.defined.undefinedPath(kind, p) ??
      (p.attribute !== undefined && p.subAttribute === undefined && operation.op !== 'remove'
        ? options.defined.undefinedIn(kind, p.urn, p.attribute, operation.value)
        : undefined);
    if (unknown !== undefined) throw undefinedError(`The attribute ${unknown}`);
  }

  if (p.attribute === undefined) return wholeExtensionSteps(operation, p.urn ?? '', resource, options);
  // Okta's path-less group rename carries the group's own id: restating a read-only value changes nothing.
  const restatesId = p.urn === undefined && p.attribute === 'id' && operation.op !== 'remove' && operation.value === resource.id;
  if (restatesId && !(kind === 'Group' && faults.has('group-rename-id-rejected'))) return [];
  if (p.urn === undefined && (p.attribute === 'id' || p.attribute === 'meta')) {
    throw new ScimHttpError(400, `${p.attribute} is read-only`, 'mutability');
  }
  if (
    kind === 'User' &&
    p.urn === ENTERPRISE_USER &&
    p.attribute === 'manager' &&
    (p.subAttribute === undefined || p.subAttribute === 'value')
  ) {
    return managerSteps(operation, p, resource, faults);
  }
  if (kind === 'Group' && p.urn === undefined && p.attribute === 'members' && p.subAttribute === undefined) {
    return memberSteps(operation, p, resource, faults);
  }

  const path = formatAttributePath(p);
  if (operation.op === 'remove') {
    const value = 'value' in operation ? { value: operation.value } : {};
    return [
      { kind: 'library', operation: { op: 'remove', path, ...value } },
      { kind: 'tidy', target: p },
    ];
  }
  if (isClearingValue(operation.value)) return clearingSteps(operation, p, faults);
  if (isSingleComplex(kind, p) && isJsonObject(operation.value)) {
    const subs = Object.entries(operation.value).flatMap(([sub, value]) =>
      toSteps({ op: operation.op, path: formatAttributePath({ ...p, subAttribute: sub }), value }, resource, options),
    );
    // Held to the profile, a replace of the whole attribute replaces it (RFC 7644 merges; so does the default server).
    const whole =
      (operation.op === 'replace' && options.defined !== undefined && !faults.has('interop-complex-replace-merges')) ||
      (operation.op === 'add' && faults.has('interop-complex-add-replaces'));
    return whole ? [{ kind: 'library', operation: { op: 'remove', path } }, { kind: 'tidy', target: p }, ...subs] : subs;
  }
  const definition = p.attribute === undefined ? undefined : lookupAttribute(kind, p.urn, p.attribute, p.subAttribute);
  const collection = definition?.multiValued === true && p.filter === undefined && p.subAttribute === undefined;
  if (operation.op === 'add' && faults.has('interop-simple-add-ignored') && definition && definition.type !== 'complex') {
    if (
      !definition.multiValued &&
      p.urn === undefined &&
      p.subAttribute === undefined &&
      getAttribute(resource, p.attribute!) !== undefined
    )
      return [];
  }
  const op =
    collection && operation.op === 'replace' && faults.has('interop-collection-replace-appends')
      ? 'add'
      : collection && operation.op === 'add' && faults.has('interop-collection-add-replaces')
        ? 'replace'
        : operation.op;
  return [{ kind: 'library', operation: { op, path, value: coerceBooleans(kind, p, withoutNulls(operation.value), faults) } }];
}

/** An add/replace with "" or null: the attribute is removed, unless a fault keeps or stringifies the null. */
function clearingSteps(operation: Operation, p: AttributePath, faults: FaultSet): Step[] {
  const path = formatAttributePath(p);
  if (operation.value === null && faults.has('clear-null-ignored')) return [];
  if (operation.value === '' && faults.has('clear-empty-string-ignored')) return [];
  if (operation.value === null && faults.has('null-stored-as-string'))
    return [{ kind: 'library', operation: { op: operation.op, path, value: 'null' } }];
  return [
    { kind: 'library', operation: { op: 'remove', path } },
    { kind: 'tidy', target: p },
  ];
}

/** Like name: RFC 7644 section 3.5.2.3 replaces only the sub-attributes sent, so each is its own operation. */
function isSingleComplex(kind: ResourceKind, p: AttributePath): boolean {
  if (p.filter !== undefined || p.subAttribute !== undefined || p.attribute === undefined) return false;
  const definition = lookupAttribute(kind, p.urn, p.attribute);
  return definition?.type === 'complex' && !definition.multiValued;
}

/** Canonical spelling of URN and names, so "UserName" or a lower-case URN land on the stored keys. */
function canonicalise(kind: ResourceKind, p: AttributePath): void {
  if (p.urn !== undefined) {
    if (isCoreUrn(kind, p.urn)) delete p.urn;
    else p.urn = extensionUrn(kind, p.urn) ?? p.urn;
  }
  if (p.attribute === undefined) return;
  const definition = lookupAttribute(kind, p.urn, p.attribute);
  if (!definition) return;
  p.attribute = definition.name;
  if (p.subAttribute !== undefined) p.subAttribute = lookupAttribute(kind, p.urn, p.attribute, p.subAttribute)?.name ?? p.subAttribute;
}

/** A path that is an extension URN alone addresses the whole extension object. */
function wholeExtensionSteps(operation: Operation, urn: string, resource: JsonObject, options: PatchOptions): Step[] {
  if (operation.op === 'remove') return [{ kind: 'delete', key: findKey(resource, urn) ?? urn }];
  if (!isJsonObject(operation.value)) throw badRequest('invalidValue', `The value for ${urn} must be an object of its attributes`);
  return Object.entries(operation.value).flatMap(([key, value]) =>
    toSteps({ op: operation.op, path: `${urn}:${key}`, value }, resource, options),
  );
}

function parseBooleanString(value: string): boolean | undefined {
  const lower = value.trim().toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

function coerceBooleans(kind: ResourceKind, p: AttributePath, value: unknown, faults: FaultSet): unknown {
  if (faults.has('patch-string-boolean-stored') || p.attribute === undefined) return value;
  const target = lookupAttribute(kind, p.urn, p.attribute, p.subAttribute);
  if (!target) return value;
  if (target.type === 'boolean') {
    const isActive = kind === 'User' && p.urn === undefined && p.subAttribute === undefined && target.name === 'active';
    if (typeof value === 'string' && isActive && faults.has('patch-string-boolean-rejected')) {
      throw badRequest('invalidValue', `active must be a boolean, not the string ${JSON.stringify(value)}`);
    }
    const coerced = typeof value === 'string' ? parseBooleanString(value) : value;
    if (typeof coerced !== 'boolean')
      throw badRequest('invalidValue', `${formatAttributePath(p)} must be a boolean; got ${JSON.stringify(value)}`);
    return coerced;
  }
  if (target.type !== 'complex' || p.subAttribute !== undefined) return value;
  const coerceElement = (element: unknown): unknown => {
    if (!isJsonObject(element)) return element;
    const out: JsonObject = {};
    for (const [key, v] of Object.entries(element)) {
      const sub = lookupAttribute(kind, p.urn, target.name, key);
      const asBoolean = sub?.type === 'boolean' && typeof v === 'string' ? parseBooleanString(v) : undefined;
      out[key] = asBoolean ?? v;
    }
    return out;
  };
  return Array.isArray(value) ? value.map(coerceElement) : coerceElement(value);
}

function applyStep(resource: JsonObject, step: Step, faults: FaultSet): JsonObject {
  if (step.kind === 'set') {
    resource[step.key] = step.value;
    return resource;
  }
  if (step.kind === 'delete') {
    deleteAttribute(resource, step.key);
    return resource;
  }
  if (step.kind === 'tidy') {
    tidyAfterRemoval(resource, step.target);
    return resource;
  }
  try {
    return scimPatch(resource as unknown as ScimResource, [step.operation as ScimPatchOperation], {
      mutateDocument: true,
      // Off only for the fault: on, a replace on emails[type eq "work"].value with no work email adds one.
      treatMissingAsAdd: !faults.has('patch-value-path-notarget'),
    }) as unknown as JsonObject;
  } catch (error) {
    // The library's "filter matched nothing" errors carry the value path; for a removal that is a no-op.
    if (step.operation.op === 'remove' && error instanceof ScimError && 'valuePath' in error) return resource;
    throw fromLibraryError(error);
  }
}

function fromLibraryError(error: unknown): ScimHttpError {
  if (error instanceof ScimHttpError) return error;
  if (error instanceof ScimError) return badRequest((error.scimCode as ScimType | undefined) ?? 'invalidSyntax', error.message);
  // The library can trip over values of an unexpected shape (a path through a string); that is the request's fault.
  return badRequest('invalidValue', `The PATCH could not be applied: ${(error as Error).message}`);
}

function afterPatch(before: JsonObject, after: JsonObject, { kind, faults }: PatchOptions): JsonObject {
  if (kind === 'Group') {
    // Keeps the stored shape whatever path an operation took (e.g. members[value eq "x"].display).
    if (Array.isArray(after.members)) {
      const members = membersFromValue(after.members);
      if (members.length > 0) after.members = members;
      else delete after.members;
    }
    return after;
  }
  if (faults.has('restore-ignored') && isInactive(before) && !isInactive(after)) {
    after[findKey(after, 'active') ?? 'active'] = getAttribute(before, 'active');
  }
  if (faults.has('username-immutable')) {
    deleteAttribute(after, 'userName');
    after[findKey(before, 'userName') ?? 'userName'] = getAttribute(before, 'userName');
  }
  return after;
}
