// GET /ServiceProviderConfig, /ResourceTypes[/{id}] and /Schemas[/{id}], with the faults that misstate them.
// The documents themselves stay correct in discovery-documents.ts; faults only take parts away here, so what a
// faulty server advertises never changes how it behaves.
import { type AuthMode, type ExtensionSchema, resourceTypes, schemaDocuments, serviceProviderConfig } from './discovery-documents.ts';
import type { FaultSet } from './faults.ts';
import type { ScimResponse } from './http-messages.ts';
import type { JsonObject } from './json-object.ts';
import { notFound } from './scim-error.ts';
import { CORE_GROUP, ENTERPRISE_USER, LIST_RESPONSE, sameUrn } from './urns.ts';

export interface DiscoveryRequest {
  /** The endpoint segment as sent, any case. */
  endpoint: string;
  id?: string;
  scimBase: string;
  authMode: AuthMode;
  faults: FaultSet;
  extensions: ExtensionSchema[];
}

function listResponse(resources: JsonObject[]): JsonObject {
  return { schemas: [LIST_RESPONSE], totalResults: resources.length, startIndex: 1, itemsPerPage: resources.length, Resources: resources };
}

function providerConfig(req: DiscoveryRequest): JsonObject {
  const config = serviceProviderConfig(req.scimBase, req.authMode);
  if (req.faults.has('spc-invalid')) {
    delete config.patch;
    delete config.filter;
  }
  if (req.faults.has('spc-patch-unsupported') && config.patch !== undefined) config.patch = { supported: false };
  return config;
}

function documents(req: DiscoveryRequest, kind: 'schemas' | 'resourcetypes'): JsonObject[] {
  if (kind === 'schemas') {
    const all = schemaDocuments(req.scimBase, req.extensions);
    return all.filter(
      (d) =>
        !(req.faults.has('schemas-missing-enterprise') && sameUrn(d.id as string, ENTERPRISE_USER)) &&
        !(req.faults.has('schemas-missing-group') && sameUrn(d.id as string, CORE_GROUP)),
    );
  }
  const all = resourceTypes(req.scimBase, req.extensions);
  return req.faults.has('resource-types-missing-group') ? all.filter((d) => d.id !== 'Group') : all;
}

/** Undefined when the endpoint is not a discovery endpoint; the caller answers 404 then. */
export function discoveryResponse(req: DiscoveryRequest): ScimResponse | undefined {
  const endpoint = req.endpoint.toLowerCase();
  if (endpoint === 'serviceproviderconfig') return req.id === undefined ? { status: 200, body: providerConfig(req) } : undefined;
  if (endpoint !== 'schemas' && endpoint !== 'resourcetypes') return undefined;
  const found = documents(req, endpoint);
  if (req.id === undefined) return { status: 200, body: listResponse(found) };
  const document = found.find((d) => typeof d.id === 'string' && sameUrn(d.id, req.id!));
  if (document) return { status: 200, body: document };
  throw notFound(`No ${req.endpoint} ${req.id}`);
}
