// GET /ServiceProviderConfig, /ResourceTypes[/{id}] and /Schemas[/{id}], with the faults that misstate them.
// The documents themselves stay correct in discovery-documents.ts; faults only misstate copies of them here, so what
// a faulty server advertises never changes how it behaves.
import { type AuthMode, type ExtensionSchema, resourceTypes, schemaDocuments, serviceProviderConfig } from './discovery-documents.ts';
import { roleResourceType, roleSchema } from './entitlements.ts';
import type { FaultSet } from './faults.ts';
import type { ScimResponse } from './http-messages.ts';
import { INTEROP_SCHEMAS, type Standard } from './interop-mode.ts';
import type { JsonObject } from './json-object.ts';
import { notFound } from './scim-error.ts';
import { CORE_GROUP, CORE_USER, ENTERPRISE_USER, LIST_RESPONSE, sameUrn } from './urns.ts';

/** The extension the User resource type names under the resource-type-schema-not-served fault; /Schemas never has it. */
const UNSERVED_EXTENSION = 'urn:example:params:scim:schemas:extension:unserved:2.0:User';

export interface DiscoveryRequest {
  /** The endpoint segment as sent, any case. */
  endpoint: string;
  id?: string;
  scimBase: string;
  authMode: AuthMode;
  faults: FaultSet;
  extensions: ExtensionSchema[];
  /** Lists Okta's Role resource type and its schema (reference/entitlements.ts). */
  entitlements: boolean;
  /** Held to a standard (the interoperability profile): its claim in the ServiceProviderConfig, its schemas. */
  standard?: Standard;
}

function listResponse(resources: JsonObject[]): JsonObject {
  return { schemas: [LIST_RESPONSE], totalResults: resources.length, startIndex: 1, itemsPerPage: resources.length, Resources: resources };
}

function providerConfig(req: DiscoveryRequest): JsonObject {
  const config = serviceProviderConfig(req.scimBase, req.authMode, req.standard === 'interop');
  if (req.faults.has('interop-claim-as-string')) config.interopProfileConformant = 'true';
  if (req.faults.has('interop-patch-declared-unsupported')) config.patch = { supported: false };
  if (req.faults.has('interop-page-maximum-50')) config.filter = { supported: true, maxResults: 50 };
  if (req.faults.has('spc-invalid')) {
    delete config.patch;
    delete config.filter;
  }
  if (req.faults.has('spc-patch-unsupported') && config.patch !== undefined) config.patch = { supported: false };
  return config;
}

/** Attribute definitions with every string type written "text" (copies: the definitions also drive the server). */
function retyped(attributes: unknown): unknown {
  if (!Array.isArray(attributes)) return attributes;
  return attributes.map((a: JsonObject) => ({
    ...a,
    ...(a.type === 'string' ? { type: 'text' } : {}),
    ...(a.subAttributes ? { subAttributes: retyped(a.subAttributes) } : {}),
  }));
}

function misstatedSchema(req: DiscoveryRequest, document: JsonObject): JsonObject {
  let misstated = document;
  if (req.faults.has('schema-resources-without-schemas')) {
    const { schemas: _schemas, ...rest } = misstated;
    misstated = rest;
  }
  if (req.faults.has('schema-attribute-types-invalid') && sameUrn(document.id as string, CORE_USER)) {
    misstated = { ...misstated, attributes: retyped(misstated.attributes) };
  }
  if (sameUrn(document.id as string, CORE_USER)) misstated = { ...misstated, attributes: interopMisstated(req, misstated.attributes) };
  return misstated;
}

/** The interop faults' copies of the core User attributes: title left out, or phoneNumbers' types undeclared. */
function interopMisstated(req: DiscoveryRequest, attributes: unknown): unknown {
  if (!Array.isArray(attributes)) return attributes;
  return attributes
    .filter((a: JsonObject) => !(req.faults.has('interop-schemas-omit-title') && a.name === 'title'))
    .map((a: JsonObject) =>
      req.faults.has('interop-phone-types-undeclared') && a.name === 'phoneNumbers'
        ? { ...a, subAttributes: (a.subAttributes as JsonObject[]).map(({ canonicalValues: _values, ...sub }) => sub) }
        : a,
    );
}

function misstatedResourceType(req: DiscoveryRequest, document: JsonObject): JsonObject {
  if (req.faults.has('interop-resource-type-id-lowercase')) document = { ...document, id: String(document.id).toLowerCase() };
  if (!req.faults.has('resource-type-schema-not-served') || document.id !== 'User') return document;
  return {
    ...document,
    schemaExtensions: [...(document.schemaExtensions as JsonObject[]), { schema: UNSERVED_EXTENSION, required: false }],
  };
}

function documents(req: DiscoveryRequest, kind: 'schemas' | 'resourcetypes'): JsonObject[] {
  if (kind === 'schemas') {
    const all = [
      ...schemaDocuments(req.scimBase, req.extensions, req.standard === 'interop' ? INTEROP_SCHEMAS : undefined),
      ...(req.entitlements ? [roleSchema(req.scimBase)] : []),
    ];
    return all
      .filter(
        (d) =>
          !(req.faults.has('schemas-missing-enterprise') && sameUrn(d.id as string, ENTERPRISE_USER)) &&
          !(req.faults.has('schemas-missing-group') && sameUrn(d.id as string, CORE_GROUP)),
      )
      .map((d) => misstatedSchema(req, d));
  }
  const all = [
    ...resourceTypes(req.scimBase, req.extensions).map((d) => misstatedResourceType(req, d)),
    ...(req.entitlements ? [roleResourceType(req.scimBase)] : []),
  ];
  return req.faults.has('resource-types-missing-group') ? all.filter((d) => d.id !== 'Group') : all;
}

/** Undefined when the endpoint is not a discovery endpoint; the caller answers 404 then. */
export function discoveryResponse(req: DiscoveryRequest): ScimResponse | undefined {
  const endpoint = req.endpoint.toLowerCase();
  if (endpoint === 'serviceproviderconfig') return req.id === undefined ? { status: 200, body: providerConfig(req) } : undefined;
  if (endpoint !== 'schemas' && endpoint !== 'resourcetypes') return undefined;
  if (endpoint === 'resourcetypes' && req.faults.has('interop-resource-types-404')) throw notFound('No resource types here');
  const found = documents(req, endpoint);
  if (req.id === undefined) {
    // Listed without the enterprise extension, which GET /Schemas/{urn} still serves.
    const unlisted = endpoint === 'schemas' && req.faults.has('interop-extension-schema-unlisted');
    return { status: 200, body: listResponse(unlisted ? found.filter((d) => !sameUrn(d.id as string, ENTERPRISE_USER)) : found) };
  }
  const document = found.find((d) => typeof d.id === 'string' && sameUrn(d.id, req.id!));
  const listsInstead = req.faults.has(endpoint === 'schemas' ? 'schema-by-id-list' : 'resource-type-by-id-list');
  if (document) return { status: 200, body: listsInstead ? listResponse(found) : document };
  if (endpoint === 'resourcetypes' && req.faults.has('resource-type-unknown-200')) return { status: 200, body: listResponse([]) };
  throw notFound(`No ${req.endpoint} ${req.id}`);
}
