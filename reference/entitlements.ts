// Okta entitlements (Okta Identity Governance): with the entitlements option, /ResourceTypes lists a Role resource type
// with Okta's Role schema, /Schemas describes that schema and GET /Roles lists two roles. Off by default: the server
// then lists only User and Group, as most servers do. The entitlement-endpoint-missing fault lists them but serves no /Roles.
import type { JsonObject } from './json-object.ts';
import { LIST_RESPONSE, RESOURCE_TYPE_SCHEMA, SCHEMA_SCHEMA } from './urns.ts';

export const OKTA_ROLE = 'urn:okta:scim:schemas:core:1.0:Role';

const ROLES = [
  { id: 'role-reader', displayName: 'Reader' },
  { id: 'role-editor', displayName: 'Editor' },
];

export function roleResourceType(scimBase: string): JsonObject {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: 'Role',
    name: 'Role',
    endpoint: '/Roles',
    description: 'Roles a user can be granted in the app',
    schema: OKTA_ROLE,
    schemaExtensions: [],
    meta: { resourceType: 'ResourceType', location: `${scimBase}/ResourceTypes/Role` },
  };
}

export function roleSchema(scimBase: string): JsonObject {
  return {
    schemas: [SCHEMA_SCHEMA],
    id: OKTA_ROLE,
    name: 'Role',
    description: 'A role of the app',
    attributes: [
      {
        name: 'displayName',
        type: 'string',
        multiValued: false,
        description: 'The name of the role.',
        required: true,
        caseExact: false,
        mutability: 'readOnly',
        returned: 'default',
        uniqueness: 'none',
      },
    ],
    meta: { resourceType: 'Schema', location: `${scimBase}/Schemas/${OKTA_ROLE}` },
  };
}

/** GET /Roles: every role on one page (there are two). */
export function rolesList(scimBase: string): JsonObject {
  const resources = ROLES.map((r) => ({
    schemas: [OKTA_ROLE],
    ...r,
    meta: { resourceType: 'Role', location: `${scimBase}/Roles/${r.id}` },
  }));
  return { schemas: [LIST_RESPONSE], totalResults: resources.length, startIndex: 1, itemsPerPage: resources.length, Resources: resources };
}
