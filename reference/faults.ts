// Deliberate defects the reference server can be started with, so the suite can prove that each of its
// checks notices exactly the bug it is about. Each fault breaks one behaviour and leaves the rest correct.

export const FAULTS = {
  'required-attributes-not-enforced': 'a user without userName or a vendor-required attribute is created anyway (a userName is made up)',
  'rate-limited':
    'every 5th request answers 429 (Retry-After: 0) and every 13th 503 without Retry-After; asked again, it answers correctly',
  'auth-not-enforced': 'SCIM requests are answered whatever credentials they carry, or none',
  'filter-externalid-ignored': 'a user filter that names externalId finds nobody (only userName matching works)',
  'custom-extension-dropped': 'POST /Users drops attributes of extension schemas other than the enterprise one',
  'filter-case-sensitive': 'userName eq comparison becomes case-sensitive',
  'filter-ignored': 'list endpoints ignore `filter` and return every resource',
  'filter-miss-404': 'a filter that matches nothing answers 404 Error instead of 200 with zero results',
  'soft-deleted-hidden': 'users with active false are 404 on GET /Users/{id} and left out of list/filter results',
  'inactive-unreachable':
    'users with active false answer 404 to every request (GET, PATCH, PUT, DELETE) and are left out of list/filter results, yet the server keeps them',
  'patch-ops-case-sensitive': 'a PATCH op other than exactly add/remove/replace is rejected with 400 invalidSyntax',
  'patch-no-path-ignored': 'add/replace operations without a path are accepted but change nothing',
  'patch-urn-keys-ignored': 'URN-qualified keys in a no-path PATCH value are silently ignored',
  'patch-dotted-keys-literal': 'dotted keys in a no-path PATCH value are stored literally as top-level attributes',
  'patch-string-boolean-rejected': 'the strings "True"/"False" for active are rejected with 400 invalidValue',
  'patch-string-boolean-stored': 'the strings "True"/"False" for boolean attributes are stored as strings',
  'patch-value-path-notarget': 'replace on a value path with no matching element answers 400 noTarget',
  'restore-ignored': 'once active is false, a PATCH setting it true is accepted but ignored',
  'missing-location': 'no Location header on create (meta.location still present)',
  'location-mismatch': 'the Location header on create differs from meta.location (no base path)',
  'numeric-error-status': 'Error bodies carry status as a JSON number',
  'duplicates-allowed': 'a duplicate userName is created (201) instead of 409',
  'duplicate-no-scimtype': 'a duplicate userName answers 409 without scimType',
  'create-returns-200': 'POST /Users answers 200 instead of 201',
  'create-drops-extension': 'enterprise extension attributes sent on create are not stored',
  'create-no-echo': 'the POST /Users response body has only schemas, id and meta',
  'phone-reformatted': 'phone number values are stored with spaces, dashes and parentheses removed',
  'emails-as-string': 'POST /Users and GET /Users/{id} return emails as a plain string instead of an array of objects',
  'username-immutable': 'PATCH on userName is accepted but ignored',
  'delete-returns-200': 'DELETE /Users/{id} answers 200 with a body',
  'delete-keeps-user': 'DELETE /Users/{id} answers 204 but the user stays readable',
  'unknown-id-400': 'GET /Users/{unknown} answers 400 instead of 404',
  'wrong-content-type': 'responses use Content-Type application/json',
  'list-not-listresponse': 'list responses are a bare JSON array of resources',
  'group-remove-ignores-value': 'PATCH remove on path "members" removes every member even when value lists only some',
  'group-member-filter-path-unsupported': 'remove with path members[value eq "id"] answers 400 invalidPath',
  'group-duplicates-allowed': 'a duplicate group displayName is created',
  'group-excluded-members-ignored': 'excludedAttributes=members is ignored on groups',
  'group-extension-schema-rejected': 'POST /Groups listing the ADSCIM Group schema in schemas answers 400 invalidValue',
  'group-core-schema-only-rejected': 'POST /Groups without the ADSCIM Group schema in schemas answers 400 invalidValue',
  'group-rename-ignored': 'PATCH replace of a group displayName (with or without a path) is accepted but ignored',
  'group-add-first-member-only': 'a PATCH add of several members adds only the first',
  'group-replace-members-unsupported': 'PATCH replace on path "members" answers 400 invalidPath',
  'group-patch-first-op-only': 'a PATCH /Groups with several operations applies only the first',
  'group-delete-keeps-group': 'DELETE /Groups/{id} answers 204 but the group stays readable',
  'group-filter-case-sensitive': 'displayName eq comparison on groups becomes case-sensitive',
  'delete-unknown-204': 'DELETE of an unknown user or group id answers 204 instead of 404',
  'manager-bare-string-rejected': 'a PATCH setting manager to a bare id string answers 400 invalidValue',
  'manager-returned-as-string': 'GET and list return manager as a bare id string instead of {"value": id}',
  'manager-clear-ignored': 'add/replace of manager with "" or {"value": ""} is accepted but keeps the manager',
  'manager-remove-unsupported': 'a PATCH remove on the manager path (with or without a value filter) answers 400 invalidPath',
  'clear-empty-string-ignored': 'a PATCH add/replace with value "" is accepted but keeps the old value (null still clears)',
  'clear-null-ignored': 'a PATCH add/replace with value null is accepted but keeps the old value',
  'null-stored-as-string': 'a PATCH add/replace with value null stores the string "null"',
  'same-attribute-first-op-wins': 'of several PATCH /Users operations on the same attribute path only the first is applied',
  'pagination-zero-based': 'list endpoints read startIndex as 0-based (startIndex=1 skips the first match) yet echo it unchanged',
  'pagination-count-ignored': 'list endpoints ignore count and return every match from startIndex on',
  'pagination-total-is-page': 'list responses give as totalResults the number of resources on the page, not of all matches',
  'pagination-unstable-order':
    'each list request sees the resources in a different order (rotated by one per request), so pages overlap and skip',
  'pagination-count-above-max-400': 'a count above the declared filter.maxResults answers 400 tooMany instead of fewer resources',
  'unfiltered-list-empty':
    'GET /Users and GET /Groups without a filter list no resources (totalResults still counts them); filtered queries work',
  'sw-filter-500': 'a filter using the sw operator answers 500; every other filter works',
  'invalid-filter-500': 'an unparsable filter answers 500 instead of 400 invalidFilter',
  'schemas-missing-group': '/Schemas leaves out the core Group schema (and /Schemas/{urn} is 404)',
  'schemas-missing-enterprise': '/Schemas leaves out the enterprise User extension schema (and /Schemas/{urn} is 404)',
  'spc-invalid': '/ServiceProviderConfig has no "patch" and no "filter" block',
  'spc-patch-unsupported': '/ServiceProviderConfig declares patch.supported false',
  'resource-types-missing-group': '/ResourceTypes lists only User (and /ResourceTypes/Group is 404)',
  'deleted-still-listed': 'deleted users and groups are kept as hidden tombstones: 404 by id, but lists and filters still return them',
  'deleted-still-writable': 'a PATCH or PUT of a deleted user or group answers 200 and brings it back',
  'deleted-name-reserved': 'the userName / displayName of a deleted user or group stays taken: creating it again answers 409 uniqueness',
  'latin1-storage': 'user strings are stored through ISO-8859-1: characters outside it (Ł, CJK, Cyrillic, Arabic) come back as "?"',
  'short-columns': 'a user displayName is stored cut to 64 characters, name.givenName and name.familyName to 32',
  'plus-address-stripped': 'the +tag of a plus-addressed user email is dropped on store (ada+news@example.com becomes ada@example.com)',
  'filter-escaped-quote-broken': 'a filter value holding \\" is not unescaped (the backslash stays), so it matches nothing',
  'patch-returns-202': 'PATCH /Users/{id} applies the change but answers 202 Accepted without a body',
  'resource-type-by-id-list':
    'GET /ResourceTypes/{id} of a listed resource type answers the whole ListResponse instead of that one resource type',
  'resource-type-unknown-200': 'GET /ResourceTypes/{id} of an unknown id answers 200 with an empty ListResponse instead of 404',
  'schema-resources-without-schemas': 'the schema resources under /Schemas (and /Schemas/{id}) carry no "schemas" attribute',
  'schema-by-id-list': 'GET /Schemas/{id} of a listed schema answers the whole ListResponse instead of that one schema',
  'resource-type-schema-not-served': 'the User resource type names an extension schema that /Schemas does not serve',
  'schema-attribute-types-invalid':
    'the core User schema under /Schemas types its string attributes "text" (the server still treats them as strings)',
} as const;

export type FaultName = keyof typeof FAULTS;

export type FaultSet = ReadonlySet<FaultName>;

export function isFaultName(name: string): name is FaultName {
  return Object.hasOwn(FAULTS, name);
}

/** Rejects unknown names up front: a typo would otherwise start a correct server and hide the test's intent. */
export function parseFaults(names: readonly string[] = []): FaultSet {
  const unknown = names.filter((n) => !isFaultName(n));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown fault${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}; valid faults: ${Object.keys(FAULTS).join(', ')}`,
    );
  }
  return new Set(names as FaultName[]);
}
