// Attribute definitions for core User, enterprise User and core Group (RFC 7643 sections 4 and 8.7).
// They feed both the /Schemas documents and the server's own behaviour (case-exact filtering,
// boolean coercion in PATCH, canonical attribute names), so what the server advertises is what it does.
import { CORE_GROUP, CORE_USER, ENTERPRISE_USER, sameUrn } from './urns.ts';

export type ResourceKind = 'User' | 'Group';

export interface AttributeDefinition {
  name: string;
  type: 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'binary' | 'complex';
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned: 'always' | 'never' | 'default' | 'request';
  uniqueness: 'none' | 'server' | 'global';
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: AttributeDefinition[];
}

export interface SchemaDefinition {
  id: string;
  name: string;
  description: string;
  attributes: AttributeDefinition[];
}

type Overrides = Partial<Omit<AttributeDefinition, 'name' | 'description'>>;

function attribute(name: string, description: string, overrides: Overrides = {}): AttributeDefinition {
  return {
    name,
    type: 'string',
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...overrides,
  };
}

function complex(name: string, description: string, subAttributes: AttributeDefinition[], overrides: Overrides = {}): AttributeDefinition {
  return attribute(name, description, { type: 'complex', subAttributes, ...overrides });
}

/** The value/display/type/primary shape RFC 7643 section 2.4 gives most multi-valued attributes. */
function multiValued(name: string, description: string, types: string[], valueOverrides: Overrides = {}): AttributeDefinition {
  return complex(
    name,
    description,
    [
      attribute('value', `The ${name} value.`, valueOverrides),
      attribute('display', 'A human-readable name, primarily used for display purposes.'),
      attribute('type', 'A label indicating the function of the value.', types.length > 0 ? { canonicalValues: types } : {}),
      attribute('primary', 'Whether this is the preferred value; at most one value may be primary.', { type: 'boolean' }),
    ],
    { multiValued: true },
  );
}

// The RFC leaves externalId out of the schema documents as a common attribute, but Entra maps it and
// tools that check /Schemas for every mapped attribute (the gallery Logic App) look for it there.
const externalId = attribute('externalId', 'An identifier for the resource as defined by the provisioning client.', { caseExact: true });

const userAttributes: AttributeDefinition[] = [
  attribute('userName', 'Unique identifier for the User, typically used to sign in.', { required: true, uniqueness: 'server' }),
  externalId,
  complex('name', "The components of the user's real name.", [
    attribute('formatted', 'The full name, formatted for display.'),
    attribute('familyName', 'The family name of the User.'),
    attribute('givenName', 'The given name of the User.'),
    attribute('middleName', 'The middle name(s) of the User.'),
    attribute('honorificPrefix', 'The honorific prefix(es) of the User.'),
    attribute('honorificSuffix', 'The honorific suffix(es) of the User.'),
  ]),
  attribute('displayName', 'The name of the User, suitable for display to end-users.'),
  attribute('nickName', 'The casual way to address the user.'),
  attribute('profileUrl', "A fully qualified URL pointing to the User's online profile.", {
    type: 'reference',
    referenceTypes: ['external'],
  }),
  attribute('title', 'The user\'s title, such as "Vice President".'),
  attribute('userType', 'Identifies the relationship between the organization and the user.'),
  attribute('preferredLanguage', "The User's preferred written or spoken language."),
  attribute('locale', "The User's default location for localizing items such as currency and dates."),
  attribute('timezone', "The User's time zone in IANA Time Zone database format."),
  attribute('active', "The User's administrative status.", { type: 'boolean' }),
  attribute('password', "The User's cleartext password, used to set or replace it.", { mutability: 'writeOnly', returned: 'never' }),
  multiValued('emails', 'Email addresses for the user.', ['work', 'home', 'other']),
  multiValued('phoneNumbers', 'Phone numbers for the User.', ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
  multiValued('ims', 'Instant messaging addresses for the User.', ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']),
  multiValued('photos', 'URLs of photos of the User.', ['photo', 'thumbnail'], { type: 'reference', referenceTypes: ['external'] }),
  complex(
    'addresses',
    'A physical mailing address for this User.',
    [
      attribute('formatted', 'The full mailing address, formatted for display.'),
      attribute('streetAddress', 'The full street address component.'),
      attribute('locality', 'The city or locality component.'),
      attribute('region', 'The state or region component.'),
      attribute('postalCode', 'The zip code or postal code component.'),
      attribute('country', 'The country name component.'),
      attribute('type', 'A label indicating the function of the address.', { canonicalValues: ['work', 'home', 'other'] }),
      attribute('primary', 'Whether this is the preferred mailing address.', { type: 'boolean' }),
    ],
    { multiValued: true },
  ),
  complex(
    'groups',
    'The groups the user belongs to, maintained by the service provider.',
    [
      attribute('value', 'The identifier of the Group.', { mutability: 'readOnly' }),
      attribute('$ref', 'The URI of the Group resource.', { type: 'reference', referenceTypes: ['User', 'Group'], mutability: 'readOnly' }),
      attribute('display', 'A human-readable name for the Group.', { mutability: 'readOnly' }),
      attribute('type', 'Whether membership is direct or indirect.', { canonicalValues: ['direct', 'indirect'], mutability: 'readOnly' }),
    ],
    { multiValued: true, mutability: 'readOnly' },
  ),
  multiValued('entitlements', 'Entitlements for the User.', []),
  multiValued('roles', 'Roles for the User.', []),
  multiValued('x509Certificates', 'X.509 certificates issued to the User.', [], { type: 'binary' }),
];

const enterpriseUserAttributes: AttributeDefinition[] = [
  attribute('employeeNumber', 'Numeric or alphanumeric identifier assigned to a person by the organization.'),
  attribute('costCenter', 'Identifies the name of a cost center.'),
  attribute('organization', 'Identifies the name of an organization.'),
  attribute('division', 'Identifies the name of a division.'),
  attribute('department', 'Identifies the name of a department.'),
  complex('manager', "The User's manager.", [
    attribute('value', 'The id of the SCIM resource representing the manager.'),
    attribute('$ref', 'The URI of the SCIM resource representing the manager.', { type: 'reference', referenceTypes: ['User'] }),
    attribute('displayName', 'The displayName of the manager.', { mutability: 'readOnly' }),
  ]),
];

const groupAttributes: AttributeDefinition[] = [
  attribute('displayName', 'A human-readable name for the Group.', { required: true }),
  externalId,
  complex(
    'members',
    'A list of members of the Group.',
    [
      attribute('value', 'Identifier of the member of this Group.', { mutability: 'immutable' }),
      attribute('$ref', 'The URI of the member resource.', {
        type: 'reference',
        referenceTypes: ['User', 'Group'],
        mutability: 'immutable',
      }),
      attribute('display', 'A human-readable name for the member.', { mutability: 'immutable' }),
      attribute('type', 'The type of the member.', { canonicalValues: ['User', 'Group'], mutability: 'immutable' }),
    ],
    { multiValued: true },
  ),
];

/** Common attributes (RFC 7643 section 3.1) are in no schema document but still need their characteristics. */
const commonAttributes: AttributeDefinition[] = [
  attribute('id', 'Unique identifier assigned by the service provider.', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  externalId,
];

export const SCHEMAS: readonly SchemaDefinition[] = [
  { id: CORE_USER, name: 'User', description: 'User Account', attributes: userAttributes },
  { id: ENTERPRISE_USER, name: 'EnterpriseUser', description: 'Enterprise User', attributes: enterpriseUserAttributes },
  { id: CORE_GROUP, name: 'Group', description: 'Group', attributes: groupAttributes },
];

export const CORE_SCHEMA: Record<ResourceKind, string> = { User: CORE_USER, Group: CORE_GROUP };
export const EXTENSION_SCHEMAS: Record<ResourceKind, readonly string[]> = { User: [ENTERPRISE_USER], Group: [] };

export function findSchema(urn: string): SchemaDefinition | undefined {
  return SCHEMAS.find((s) => sameUrn(urn, s.id));
}

export function isCoreUrn(kind: ResourceKind, urn: string | undefined): boolean {
  return sameUrn(urn, CORE_SCHEMA[kind]);
}

/** The canonical spelling of an extension URN this kind supports, or undefined. */
export function extensionUrn(kind: ResourceKind, urn: string): string | undefined {
  return EXTENSION_SCHEMAS[kind].find((u) => sameUrn(urn, u));
}

function findByName(list: readonly AttributeDefinition[] | undefined, name: string): AttributeDefinition | undefined {
  const lower = name.toLowerCase();
  return list?.find((a) => a.name.toLowerCase() === lower);
}

/**
 * The definition of attribute (and optionally its sub-attribute) of a resource kind, matched
 * case-insensitively as RFC 7643 section 2.1 requires. urn undefined or the core URN means core.
 */
export function lookupAttribute(kind: ResourceKind, urn: string | undefined, name: string, sub?: string): AttributeDefinition | undefined {
  let parent: AttributeDefinition | undefined;
  if (urn === undefined || isCoreUrn(kind, urn)) {
    parent = findByName(findSchema(CORE_SCHEMA[kind])?.attributes, name) ?? findByName(commonAttributes, name);
  } else {
    const ext = extensionUrn(kind, urn);
    parent = ext ? findByName(findSchema(ext)?.attributes, name) : undefined;
  }
  if (sub === undefined) return parent;
  return findByName(parent?.subAttributes, sub);
}
