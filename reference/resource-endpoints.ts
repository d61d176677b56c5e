// /Users and /Groups (RFC 7644 section 3): create, read, list/filter, replace, patch, delete,
// with the faults that bend each of them.
import { randomUUID } from 'node:crypto';
import { DeletedResources } from './deleted-resources.ts';
import type { FaultName, FaultSet } from './faults.ts';
import { applyDirectoryFaults } from './directory-faults.ts';
import { compileFilter } from './filter.ts';
import { membersFromValue } from './group-members.ts';
import type { ScimResponse } from './http-messages.ts';
import { type DefinedAttributes, type Standard, undefinedError } from './interop-mode.ts';
import { deleteAttribute, findKey, getAttribute, isInactive, isJsonObject, type JsonObject } from './json-object.ts';
import { applyGroupsOfPut, pageCounts, refuseFilteredPaging, refuseOktaCreate } from './okta-faults.ts';
import { pageOf } from './pagination.ts';
import { applyPatch } from './patch.ts';
import { project, projectionFromQuery, type Projection } from './projection.ts';
import { flattenEmails, managerAsString } from './response-faults.ts';
import { badRequest, notFound, ScimHttpError } from './scim-error.ts';
import { parseAttributePath } from './attribute-path.ts';
import { CORE_SCHEMA, findSchema, type ResourceKind } from './schema-attributes.ts';
import { ENDPOINT, UNIQUE_ATTRIBUTE, type ResourceStore } from './store.ts';
import { ENTERPRISE_USER, LIST_RESPONSE, MICROSOFT_GROUP, sameUrn } from './urns.ts';

export interface ResourceRequest {
  method: string;
  /** The id segment, when the URL names one resource. */
  id?: string;
  query: URLSearchParams;
  /** Absolute base URL (scheme, the request's Host, base path) that locations are built on. */
  scimBase: string;
  origin: string;
  readBody(): Promise<unknown>;
}

export interface ResourceSettings {
  faults: FaultSet;
  basePath: string;
  userPatchStatus: 200 | 204;
  groupPatchStatus: 200 | 204;
  /** Attribute paths a vendor requires on every user besides userName (e.g. ALVAO's externalId). */
  requiredUserAttributes: string[];
  /** Held to the interoperability profile: what it defines, and it refuses the rest (reference/interop-mode.ts). */
  standard?: Standard;
  defined: DefinedAttributes;
}

export class ResourceEndpoints {
  /** List requests so far (pagination-unstable-order moves its order on with each). */
  private listRequests = 0;
  private readonly deleted: DeletedResources;

  constructor(
    private readonly store: ResourceStore,
    private readonly settings: ResourceSettings,
  ) {
    this.deleted = new DeletedResources(store, settings.faults);
  }

  private has(kind: ResourceKind, fault: FaultName, onlyFor?: ResourceKind): boolean {
    return (onlyFor === undefined || onlyFor === kind) && this.settings.faults.has(fault);
  }

  async handle(kind: ResourceKind, req: ResourceRequest): Promise<ScimResponse> {
    const allowed = req.id === undefined ? ['GET', 'POST'] : ['GET', 'PUT', 'PATCH', 'DELETE'];
    if (!allowed.includes(req.method)) {
      throw new ScimHttpError(405, `${req.method} is not supported on this endpoint`, undefined, { Allow: allowed.join(', ') });
    }
    if (req.id === undefined) return req.method === 'GET' ? this.list(kind, req) : this.create(kind, req);
    switch (req.method) {
      case 'GET':
        return this.get(kind, req, req.id);
      case 'PUT':
        return this.replace(kind, req, req.id);
      case 'PATCH':
        return this.patch(kind, req, req.id);
      default:
        return this.remove(kind, req, req.id);
    }
  }

  private projection(kind: ResourceKind, req: ResourceRequest): Projection {
    return projectionFromQuery(req.query, { ignoreExcluded: this.has(kind, 'group-excluded-members-ignored', 'Group') });
  }

  private location(kind: ResourceKind, scimBase: string, id: string): string {
    return `${scimBase}/${ENDPOINT[kind]}/${encodeURIComponent(id)}`;
  }

  /** The stored resource as the client sees it: id and meta always present, location for this Host. */
  private withMeta(kind: ResourceKind, id: string, resource: JsonObject, scimBase: string): JsonObject {
    const { schemas, id: _storedId, meta: storedMeta, ...attributes } = resource;
    const meta = isJsonObject(storedMeta) ? storedMeta : {};
    // schemas and id first and meta last, whatever order PATCH added attributes in, for readable reports.
    return {
      ...(schemas !== undefined ? { schemas } : {}),
      id,
      ...attributes,
      meta: { resourceType: kind, ...meta, location: this.location(kind, scimBase, id) },
    };
  }

  private visible(kind: ResourceKind, resource: JsonObject): boolean {
    return !((this.has(kind, 'soft-deleted-hidden', 'User') || this.has(kind, 'inactive-unreachable', 'User')) && isInactive(resource));
  }

  private find(kind: ResourceKind, id: string): JsonObject {
    const resource = this.store.resources(kind).get(id);
    if (!resource || this.deleted.isTombstone(id) || (this.has(kind, 'inactive-unreachable', 'User') && isInactive(resource)))
      throw notFound(`${kind} ${id} not found`);
    return resource;
  }

  private list(kind: ResourceKind, req: ResourceRequest): ScimResponse {
    const filterText = req.query.get('filter');
    const filtered = filterText !== null && filterText.trim() !== '' && !this.settings.faults.has('filter-ignored');
    if (filtered) this.filterAllowed(kind, filterText);
    let matches = [...this.store.resources(kind)]
      .map(([id, resource]) => this.withMeta(kind, id, resource, req.scimBase))
      .filter((resource) => this.visible(kind, resource));
    refuseFilteredPaging(req.query, filtered, this.settings.faults);
    if (filtered) {
      if (this.settings.faults.has('sw-filter-500') && /\ssw\s/i.test(filterText))
        throw new ScimHttpError(500, 'Internal error while filtering');
      matches = matches.filter(this.filterPredicate(kind, filterText));
      if (this.has(kind, 'deactivated-hidden-from-filter', 'User')) matches = matches.filter((r) => !isInactive(r));
      if (matches.length === 0 && this.settings.faults.has('filter-miss-404')) throw notFound(`No ${kind} matches ${filterText}`);
    }
    this.listRequests += 1;
    const faults = this.settings.faults;
    const { startIndex, items, totalResults } = pageOf(
      matches,
      req.query,
      {
        zeroBased: faults.has('pagination-zero-based'),
        ignoreCount: faults.has('pagination-count-ignored'),
        totalIsPage: faults.has('pagination-total-is-page'),
        rejectAboveMax: faults.has('pagination-count-above-max-400'),
        ...(faults.has('pagination-unstable-order') ? { rotateBy: this.listRequests } : {}),
        emptyUnlessFiltered: faults.has('unfiltered-list-empty'),
        ...(faults.has('interop-page-maximum-50') ? { maxResults: 50 } : {}),
        ...(faults.has('interop-default-page-10') ? { defaultCount: 10 } : {}),
        ...(faults.has('interop-count-above-max-400') ? { rejectAboveMax: true } : {}),
        ...(this.has(kind, 'interop-groups-unpaged', 'Group') ? { ignoreCount: true } : {}),
      },
      filtered,
    );
    const projection = this.projection(kind, req);
    const page = items.map((r) => this.forReading(kind, project(kind, r, projection)));
    if (faults.has('list-not-listresponse')) return { status: 200, body: page };
    const body = { schemas: [LIST_RESPONSE], totalResults, startIndex, itemsPerPage: page.length, Resources: page };
    return { status: 200, body: pageCounts(req.query, body, faults) };
  }

  /** Held to the profile: a filter on an attribute it does not define is 400 invalidFilter (its §6.3). */
  private filterAllowed(kind: ResourceKind, filterText: string): void {
    if (this.settings.faults.has('interop-and-filter-rejected') && /["')]\s+and\s+/i.test(filterText))
      throw badRequest('invalidFilter', 'The and operator is not supported');
    if (this.settings.standard !== 'interop' || this.settings.faults.has('interop-undefined-filter-attribute-empty')) return;
    const unknown = this.settings.defined.undefinedInFilter(kind, filterText);
    if (unknown !== undefined) throw badRequest('invalidFilter', `The filter names ${unknown}, which no ${kind} schema defines`);
  }

  private filterPredicate(kind: ResourceKind, filterText: string): (resource: unknown) => boolean {
    const caseExactEq = this.has(kind, 'filter-case-sensitive', 'User')
      ? 'userName'
      : this.has(kind, 'group-filter-case-sensitive', 'Group')
        ? 'displayName'
        : undefined;
    // A vendor that matches only on userName: any filter naming externalId finds nobody.
    if (this.has(kind, 'filter-externalid-ignored', 'User') && /\bexternalId\b/i.test(filterText)) return () => false;
    try {
      const keepEscapedQuotes = this.has(kind, 'filter-escaped-quote-broken', 'User');
      return compileFilter(kind, filterText, {
        ...(caseExactEq === undefined ? {} : { caseExactEq }),
        ...(keepEscapedQuotes ? { keepEscapedQuotes } : {}),
        ...(this.has(kind, 'interop-externalid-case-insensitive', 'User') ? { caseIgnored: 'externalId' } : {}),
      });
    } catch (error) {
      if (error instanceof ScimHttpError && error.scimType === 'invalidFilter' && this.settings.faults.has('invalid-filter-500')) {
        throw new ScimHttpError(500, `Internal error while filtering: ${error.detail}`);
      }
      throw error;
    }
  }

  /** The read-side faults of GET and list; body is a copy of the stored resource. */
  private forReading(kind: ResourceKind, body: JsonObject): JsonObject {
    if (this.has(kind, 'manager-returned-as-string', 'User')) managerAsString(body);
    return body;
  }

  /** The resource GET /{endpoint}/{id} serves: the one with that id, or what an interop fault serves instead. */
  private stored(kind: ResourceKind, id: string): JsonObject | undefined {
    const resources = this.store.resources(kind);
    const exact = resources.get(id);
    if (exact || kind !== 'User') return exact;
    const faults = this.settings.faults;
    if (faults.has('interop-id-case-insensitive')) return [...resources].find(([key]) => key.toLowerCase() === id.toLowerCase())?.[1];
    if (faults.has('interop-user-by-username')) return [...resources.values()].find((r) => getAttribute(r, 'userName') === id);
    if (faults.has('interop-groups-under-users')) return this.store.groups.get(id);
    return undefined;
  }

  private get(kind: ResourceKind, req: ResourceRequest, id: string): ScimResponse {
    const stored = this.stored(kind, id);
    if (!stored || !this.visible(kind, stored) || this.deleted.isTombstone(id)) {
      if (!stored && this.has(kind, 'unknown-id-400', 'User')) throw new ScimHttpError(400, `${kind} ${id} not found`);
      if (!stored && this.has(kind, 'group-unknown-id-400', 'Group')) throw new ScimHttpError(400, `${kind} ${id} not found`);
      throw notFound(`${kind} ${id} not found`);
    }
    const body = this.forReading(kind, project(kind, this.withMeta(kind, id, stored, req.scimBase), this.projection(kind, req)));
    if (this.has(kind, 'emails-as-string', 'User')) flattenEmails(body);
    if (this.has(kind, 'get-drops-name', 'User')) deleteAttribute(body, 'name');
    return { status: 200, body };
  }

  private async create(kind: ResourceKind, req: ResourceRequest): Promise<ScimResponse> {
    const raw = await req.readBody();
    refuseOktaCreate(kind, raw, this.settings.faults);
    const resource = this.incoming(kind, this.heldToSchemas(kind, raw));
    if (kind === 'Group') this.checkGroupSchemas(resource);
    if (this.has(kind, 'create-drops-extension', 'User')) deleteAttribute(resource, ENTERPRISE_USER);
    if (this.has(kind, 'custom-extension-dropped', 'User')) dropCustomExtensions(resource);
    const duplicatesAllowed = this.has(kind, 'duplicates-allowed', 'User') || this.has(kind, 'group-duplicates-allowed', 'Group');
    try {
      if (!duplicatesAllowed) this.assertUnique(kind, resource);
    } catch (error) {
      if (error instanceof ScimHttpError && error.status === 409 && this.has(kind, 'interop-duplicate-post-400', 'User'))
        throw badRequest('invalidValue', error.detail);
      throw error;
    }
    this.beforeStore(kind, resource);

    const id = randomUUID();
    const now = this.store.now();
    const location = this.location(kind, req.scimBase, id);
    const stored: JsonObject = { ...resource, id, meta: { resourceType: kind, created: now, lastModified: now, location } };
    this.store.resources(kind).set(id, stored);

    const headers: Record<string, string> = {};
    // location-mismatch drops the base path; with an empty base path that would still match, so it invents one.
    if (this.has(kind, 'location-mismatch'))
      headers.Location = `${req.origin}${this.settings.basePath === '' ? '/v1' : ''}/${ENDPOINT[kind]}/${encodeURIComponent(id)}`;
    else if (!this.has(kind, 'missing-location')) headers.Location = location;
    const body = this.has(kind, 'create-no-echo', 'User')
      ? { schemas: stored.schemas, id, meta: stored.meta }
      : project(kind, this.withMeta(kind, id, stored, req.scimBase), this.projection(kind, req));
    if (this.has(kind, 'emails-as-string', 'User') && !this.has(kind, 'create-no-echo', 'User')) flattenEmails(body);
    if (this.has(kind, 'create-empty-body', 'User')) return { status: 201, headers };
    return { status: this.has(kind, 'create-returns-200', 'User') ? 200 : 201, headers, body };
  }

  /** Entra sends the ADSCIM Group schema, the validator only the core one; each fault refuses one of the two. */
  private checkGroupSchemas(group: JsonObject): void {
    const withExtension = (group.schemas as unknown[]).some((s) => typeof s === 'string' && sameUrn(s, MICROSOFT_GROUP));
    if (withExtension && this.settings.faults.has('group-extension-schema-rejected')) {
      throw badRequest('invalidValue', `Unsupported schema ${MICROSOFT_GROUP}`);
    }
    if (!withExtension && this.settings.faults.has('group-core-schema-only-rejected')) {
      throw badRequest('invalidValue', `"schemas" must list ${MICROSOFT_GROUP}`);
    }
  }

  private async replace(kind: ResourceKind, req: ResourceRequest, id: string): Promise<ScimResponse> {
    // Body first, then the lookup: no await between reading the resource and storing the new version.
    const body = await req.readBody();
    if (this.has(kind, 'put-unsupported', 'User')) throw new ScimHttpError(501, 'PUT is not supported on users; use PATCH');
    this.deleted.reviveForWrite(kind, id);
    const existing = this.find(kind, id);
    const resource = this.incoming(kind, this.heldToSchemas(kind, body));
    if (this.has(kind, 'put-drops-extension', 'User')) deleteAttribute(resource, ENTERPRISE_USER);
    this.assertUnique(kind, resource, id, existing);
    this.beforeStore(kind, resource);
    const meta = isJsonObject(existing.meta) ? existing.meta : {};
    const stored = { ...resource, id, meta: { ...meta, resourceType: kind, lastModified: this.store.now() } };
    this.store.resources(kind).set(id, stored);
    if (kind === 'User') applyGroupsOfPut(this.store, id, body, this.settings.faults);
    return { status: 200, body: project(kind, this.withMeta(kind, id, stored, req.scimBase), this.projection(kind, req)) };
  }

  private async patch(kind: ResourceKind, req: ResourceRequest, id: string): Promise<ScimResponse> {
    const body = await req.readBody();
    this.deleted.reviveForWrite(kind, id);
    const existing = this.find(kind, id);
    const patched = applyPatch(existing, body, {
      kind,
      faults: this.settings.faults,
      ...(this.settings.standard === 'interop' ? { defined: this.settings.defined } : {}),
    });
    requireUniqueAttribute(kind, patched);
    if (!this.has(kind, 'interop-duplicate-patch-applied', 'User')) this.assertUnique(kind, patched, id, existing);
    if (this.has(kind, 'interop-deactivate-deletes', 'User') && isInactive(patched) && !isInactive(existing)) {
      this.store.resources(kind).delete(id);
      this.store.removeFromGroups(id);
      return { status: 204 };
    }
    this.beforeStore(kind, patched);
    const meta = isJsonObject(existing.meta) ? existing.meta : {};
    const stored = { ...patched, id, meta: { ...meta, resourceType: kind, lastModified: this.store.now() } };
    this.store.resources(kind).set(id, stored);
    if (this.has(kind, 'patch-returns-202', 'User')) return { status: 202 };
    const status = kind === 'User' ? this.settings.userPatchStatus : this.settings.groupPatchStatus;
    if (status === 204) return { status };
    return { status, body: project(kind, this.withMeta(kind, id, stored, req.scimBase), this.projection(kind, req)) };
  }

  private remove(kind: ResourceKind, req: ResourceRequest, id: string): ScimResponse {
    if (!this.store.resources(kind).has(id) && this.settings.faults.has('delete-unknown-204')) return { status: 204 };
    const existing = this.find(kind, id);
    if (this.has(kind, 'delete-keeps-user', 'User') || this.has(kind, 'group-delete-keeps-group', 'Group')) return { status: 204 };
    if (this.has(kind, 'interop-delete-deactivates', 'User')) {
      existing[findKey(existing, 'active') ?? 'active'] = false;
      return { status: 204 };
    }
    this.deleted.deleted(kind, id, existing);
    if (!this.deleted.keepsInPlace()) this.store.resources(kind).delete(id);
    if (kind === 'User') this.store.removeFromGroups(id);
    if (this.has(kind, 'delete-returns-200', 'User') || this.has(kind, 'group-delete-returns-200', 'Group'))
      return { status: 200, body: project(kind, this.withMeta(kind, id, existing, req.scimBase)) };
    return { status: 204 };
  }

  /** Held to the profile, a POST or PUT body may name only schemas and attributes the server defines (its §5.3). */
  private heldToSchemas(kind: ResourceKind, body: unknown): unknown {
    if (this.settings.standard !== 'interop' || !isJsonObject(body)) return body;
    const { faults, defined } = this.settings;
    const schema = faults.has('interop-undefined-schema-accepted') ? undefined : defined.undefinedSchema(kind, body);
    if (schema !== undefined) throw undefinedError(`The schema ${schema}`);
    const attribute = faults.has('interop-undefined-attribute-stored') ? undefined : defined.undefinedAttribute(kind, body);
    if (attribute !== undefined) throw undefinedError(`The attribute ${attribute}`);
    return body;
  }

  /** A POST/PUT body as it will be stored: as sent, minus the server-owned id and meta. */
  private incoming(kind: ResourceKind, body: unknown): JsonObject {
    if (!isJsonObject(body)) throw badRequest('invalidSyntax', 'The request body must be a JSON object');
    const schemas = body.schemas;
    if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && sameUrn(s, CORE_SCHEMA[kind]))) {
      throw badRequest('invalidSyntax', `"schemas" must list ${CORE_SCHEMA[kind]}`);
    }
    const resource = structuredClone(body);
    deleteAttribute(resource, 'id');
    deleteAttribute(resource, 'meta');
    if (kind === 'User') this.requireVendorAttributes(resource);
    requireUniqueAttribute(kind, resource);
    if (kind === 'Group') {
      const key = findKey(resource, 'members');
      if (key !== undefined) {
        const members = resource[key];
        delete resource[key];
        if (members !== null) resource.members = Array.isArray(members) ? membersFromValue(members) : membersFromValue([members]);
      }
    }
    return resource;
  }

  /** On update only a changed value is checked: duplicates a fault let in must not block every later PATCH. */
  private assertUnique(kind: ResourceKind, resource: JsonObject, exceptId?: string, previous?: JsonObject): void {
    const attribute = UNIQUE_ATTRIBUTE[kind];
    const value = getAttribute(resource, attribute) as string;
    const before = previous === undefined ? undefined : getAttribute(previous, attribute);
    if (typeof before === 'string' && before.toLowerCase() === value.toLowerCase()) return;
    const conflict = this.store.findConflict(kind, value, exceptId, this.deleted.tombstones);
    // interop-username-unique-case-exact: only the same userName in the same letter case conflicts.
    const caseExact = this.has(kind, 'interop-username-unique-case-exact', 'User');
    const sameCase = conflict !== undefined && getAttribute(this.store.resources(kind).get(conflict) ?? {}, attribute) === value;
    if ((conflict === undefined || (caseExact && !sameCase)) && !this.deleted.isReserved(kind, value)) return;
    const scimType = this.has(kind, 'duplicate-no-scimtype', 'User') ? undefined : 'uniqueness';
    throw new ScimHttpError(409, `A ${kind} with ${attribute} ${JSON.stringify(value)} already exists`, scimType);
  }

  /** userName and the vendor's required attributes; the fault makes up a userName and lets the rest be missing. */
  private requireVendorAttributes(resource: JsonObject): void {
    const lenient = this.settings.faults.has('required-attributes-not-enforced');
    if (lenient && typeof getAttribute(resource, 'userName') !== 'string') resource.userName = `generated-${randomUUID()}`;
    if (lenient) return;
    for (const path of this.settings.requiredUserAttributes) {
      if (!hasValue(resource, path)) throw badRequest('invalidValue', `${path} is required`);
    }
  }

  /** The write-side faults that alter what is stored. */
  private beforeStore(kind: ResourceKind, resource: JsonObject): void {
    if (kind === 'User') applyDirectoryFaults(resource, this.settings.faults);
    if (!this.has(kind, 'phone-reformatted', 'User')) return;
    const phones = getAttribute(resource, 'phoneNumbers');
    if (!Array.isArray(phones)) return;
    for (const phone of phones) {
      if (isJsonObject(phone) && typeof phone.value === 'string') phone.value = phone.value.replace(/[\s\-()]/g, '');
    }
  }
}

/**
 * Whether a profile's attribute path holds a value, read with the server's own path and filter code (not the suite's,
 * so that a path bug cannot hide on both sides): `a.b` is `a.b pr`, `a[f].b` is `a[f and b pr]`.
 */
function hasValue(resource: JsonObject, path: string): boolean {
  const p = parseAttributePath(path, (urn) => findSchema(urn) !== undefined);
  if (!p || p.attribute === undefined) return false;
  const head = `${p.urn !== undefined ? `${p.urn}:` : ''}${p.attribute}`;
  let filter = `${head}${p.subAttribute !== undefined ? `.${p.subAttribute}` : ''} pr`;
  if (p.filter !== undefined) filter = `${head}[(${p.filter})${p.subAttribute !== undefined ? ` and ${p.subAttribute} pr` : ''}]`;
  return compileFilter('User', filter)(resource);
}

function requireUniqueAttribute(kind: ResourceKind, resource: JsonObject): void {
  const attribute = UNIQUE_ATTRIBUTE[kind];
  const value = getAttribute(resource, attribute);
  if (typeof value !== 'string' || value.trim() === '')
    throw badRequest('invalidValue', `${attribute} is required and must be a non-empty string`);
}

/** The custom-extension-dropped fault: a server that knows only the standard schemas forgets vendor extensions. */
function dropCustomExtensions(resource: JsonObject): void {
  for (const key of Object.keys(resource)) {
    if (key.toLowerCase().startsWith('urn:') && !sameUrn(key, ENTERPRISE_USER)) delete resource[key];
  }
}
