// The discovery endpoints of RFC 7644 section 4: /ServiceProviderConfig, /ResourceTypes and /Schemas.
import { SCHEMAS, type SchemaDefinition } from './schema-attributes.ts';
import { CORE_GROUP, CORE_USER, ENTERPRISE_USER, RESOURCE_TYPE_SCHEMA, SCHEMA_SCHEMA, SERVICE_PROVIDER_CONFIG_SCHEMA } from './urns.ts';

export type AuthMode = 'bearer' | 'basic' | 'none';

export const MAX_RESULTS = 200;

/** `interop`: the server is held to the interoperability profile and says so (interopProfileConformant, its §4). */
export function serviceProviderConfig(scimBase: string, authMode: AuthMode, interop = false): Record<string, unknown> {
  // Advertise the scheme the server actually checks; a server without auth still says bearer, which is what Entra uses.
  const scheme =
    authMode === 'basic'
      ? { type: 'httpbasic', name: 'HTTP Basic', description: 'Authentication with HTTP Basic credentials.' }
      : {
          type: 'oauthbearertoken',
          name: 'OAuth Bearer Token',
          description: 'Authentication with a bearer token in the Authorization header.',
        };
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [{ ...scheme, primary: true }],
    ...(interop ? { interopProfileConformant: true } : {}),
    meta: { resourceType: 'ServiceProviderConfig', location: `${scimBase}/ServiceProviderConfig` },
  };
}

export interface ExtensionSchema {
  urn: string;
  attributes: string[];
}

export function resourceTypes(scimBase: string, extensions: ExtensionSchema[] = []): Record<string, unknown>[] {
  return [
    {
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'User Account',
      schema: CORE_USER,
      schemaExtensions: [{ schema: ENTERPRISE_USER, required: false }, ...extensions.map((e) => ({ schema: e.urn, required: false }))],
      meta: { resourceType: 'ResourceType', location: `${scimBase}/ResourceTypes/User` },
    },
    {
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'Group',
      schema: CORE_GROUP,
      schemaExtensions: [],
      meta: { resourceType: 'ResourceType', location: `${scimBase}/ResourceTypes/Group` },
    },
  ];
}

function schemaDocument(schema: SchemaDefinition, scimBase: string): Record<string, unknown> {
  return {
    schemas: [SCHEMA_SCHEMA],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes,
    meta: { resourceType: 'Schema', location: `${scimBase}/Schemas/${schema.id}` },
  };
}

export function schemaDocuments(
  scimBase: string,
  extensions: ExtensionSchema[] = [],
  schemas: readonly SchemaDefinition[] = SCHEMAS,
): Record<string, unknown>[] {
  const vendor = extensions.map((e) => ({
    id: e.urn,
    name: e.urn.split(':').at(-2) ?? e.urn,
    description: 'Vendor extension',
    attributes: e.attributes.map((name) => ({
      name,
      type: 'string',
      multiValued: false,
      required: false,
      caseExact: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'none',
    })),
  }));
  return [...schemas, ...vendor].map((s) => schemaDocument(s as SchemaDefinition, scimBase));
}
