// Deliberate defects the reference server can be started with, so the suite can prove that each of its
// checks notices exactly the bug it is about. Each fault breaks one behaviour and leaves the rest correct.
// One record per fault: what it breaks, and which checks must notice it (test/faults.test.ts runs the suite
// against the server with each fault; test/profiles.test.ts runs the vendor profiles a record names). A fault's
// direct probe, where it has one, is in test/fault-probes.test.ts under the fault's name.
import { INTEROP_FAULTS } from './interop-faults.ts';

/**
 * Check ids as globs: * within one dotted segment, ** across them, a plain id also names the checks below it,
 * and ! removes what it matches from what the others name.
 */
type Checks = readonly string[];

export interface Fault {
  /** What the server does wrong (`--list-faults` prints it). */
  readonly description: string;
  /** Under the entra profile, the checks that fail (or warn) with this fault; no other may, but those in mayFail. */
  readonly mustFail?: Checks;
  /** Checks that may fail too, depending on what concurrent checks did first. */
  readonly mayFail?: Checks;
  /** Vendor profiles whose run, against the server set up like that vendor, fails on exactly these checks. */
  readonly profiles?: Readonly<Record<string, Checks>>;
  /** In a run with Okta's requests (--client okta, entra profile): the checks that fail with this fault. */
  readonly okta?: Checks;
  /** In a run holding the server to the interoperability profile (--standard interop): the checks that fail. */
  readonly interop?: Checks;
  /** Why no check fails with this fault, and which test uses it instead. */
  readonly noCheckFails?: string;
}

// Every check that sends Entra's capitalised ops ("Add", "Replace", "Remove"); set-up steps send RFC lowercase.
const CAPITALISED_OPS = [
  'users.patch.*.default',
  'users.soft-delete.*.default-*',
  'users.manager.**',
  'groups.patch.*.default',
  'groups.members.*.default',
  'groups.members.add-then-remove',
  'users.directory-data.patch.default-*',
];

// Every check that reads a filtered ListResponse of users or groups.
const FILTERED_LISTS = [
  'users.filter.eq-*.*',
  'groups.filter.**',
  'users.list.filtered-pagination',
  'groups.list.filtered-pagination',
  'users.patch.joining-property.*',
  'users.soft-delete.disable.*',
  'users.delete.gone-from-results',
  'groups.delete.gone-from-results',
  'users.directory-data.filter-escaped-quote.*',
];
// Every check that walks the unfiltered list.
const WALKS = ['users.list.pagination', 'users.list.discovery-walk', 'groups.list.pagination', 'groups.list.discovery-walk'];
const LISTS = [...FILTERED_LISTS, ...WALKS, 'users.list.count-above-maximum', 'groups.list.count-above-maximum'];

export const FAULTS = {
  // users: filter and read
  'filter-case-sensitive': {
    description: 'userName eq comparison becomes case-sensitive',
    okta: ['users.okta-match.other-case'],
    mustFail: ['users.filter.eq-case-insensitive.userName'],
  },
  'filter-externalid-ignored': {
    description: 'a user filter that names externalId finds nobody (only userName matching works)',
    profiles: { alvao: ['users.filter.eq-hit.externalId'] },
  },
  'filter-ignored': {
    description: 'list endpoints ignore `filter` and return every resource',
    mustFail: [...FILTERED_LISTS, 'users.filter.invalid-syntax'],
    // Test Connection sees an empty tenant or not: with the filter ignored it fails only when some user exists then.
    mayFail: ['connection.test-connection', 'users.get.content-type'],
  },
  'filter-miss-404': {
    description: 'a filter that matches nothing answers 404 Error instead of 200 with zero results',
    mustFail: [
      'connection.test-connection',
      'users.filter.eq-miss.*',
      'groups.filter.eq-miss.*',
      'users.get.content-type',
      'users.delete.gone-from-results',
      'groups.delete.gone-from-results',
    ],
  },
  'list-not-listresponse': {
    description: 'list responses are a bare JSON array of resources',
    mustFail: ['connection.test-connection', ...LISTS],
  },
  'soft-deleted-hidden': {
    description: 'users with active false are 404 on GET /Users/{id} and left out of list/filter results',
    mustFail: ['users.soft-delete.disable.*'],
    profiles: { telemessage: ['users.soft-delete.disable.*'] },
  },
  'inactive-unreachable': {
    description:
      'users with active false answer 404 to every request (GET, PATCH, PUT, DELETE) and are left out of list/filter results, yet the server keeps them',
    // Restoring needs the PATCH the server now answers 404; the run lists these users as possibly left (test/safety.test.ts).
    mustFail: ['users.soft-delete.disable.*', 'users.soft-delete.restore.*'],
  },
  'unknown-id-400': {
    description: 'GET /Users/{unknown} answers 400 instead of 404',
    mustFail: ['users.get.unknown-id', 'users.delete.hard'], // a deleted user is an unknown one
  },
  'group-unknown-id-400': {
    description: 'GET /Groups/{unknown} answers 400 instead of 404',
    mustFail: ['groups.get.unknown-id', 'groups.delete.hard'], // a deleted group is an unknown one
  },
  'content-type-required': {
    description: 'a request body without a Content-Type header is refused with 415 (Okta may send none)',
    okta: ['users.okta-deactivate.without-content-type'],
  },
  'wrong-content-type': {
    description: 'responses use Content-Type application/json',
    mustFail: ['users.get.content-type'],
    profiles: { rfc: ['users.get.content-type'] }, // strict: a SHOULD failure fails the run
  },
  'numeric-error-status': {
    description: 'Error bodies carry status as a JSON number',
    mustFail: ['users.get.unknown-id', 'groups.get.unknown-id', 'users.create.duplicate-username', 'users.create.missing-required.*'],
  },
  'invalid-filter-500': {
    description: 'an unparsable filter answers 500 instead of 400 invalidFilter',
    mustFail: ['users.filter.invalid-syntax'],
  },
  'pagination-zero-based': {
    description: 'list endpoints read startIndex as 0-based (startIndex=1 skips the first match) yet echo it unchanged',
    mustFail: [...WALKS, 'users.list.filtered-pagination', 'groups.list.filtered-pagination'],
  },
  'pagination-count-ignored': {
    description: 'list endpoints ignore count and return every match from startIndex on',
    mustFail: [...WALKS, 'users.list.filtered-pagination', 'groups.list.filtered-pagination'],
  },
  'pagination-total-is-page': {
    description: 'list responses give as totalResults the number of resources on the page, not of all matches',
    mustFail: [...WALKS, 'users.list.filtered-pagination', 'groups.list.filtered-pagination'],
  },
  'pagination-unstable-order': {
    description: 'each list request sees the resources in a different order (rotated by one per request), so pages overlap and skip',
    mustFail: [...WALKS, 'users.list.filtered-pagination', 'groups.list.filtered-pagination'],
  },
  'pagination-count-above-max-400': {
    description: 'a count above the declared filter.maxResults answers 400 tooMany instead of fewer resources',
    mustFail: ['users.list.count-above-maximum', 'groups.list.count-above-maximum'],
  },
  'unfiltered-list-empty': {
    description: 'GET /Users and GET /Groups without a filter list no resources (totalResults still counts them); filtered queries work',
    mustFail: WALKS,
  },
  'sw-filter-500': {
    description: 'a filter using the sw operator answers 500; every other filter works',
    // The form Entra never sends: only its own SHOULD check notices, the walks Entra does make are unaffected.
    mustFail: ['users.list.filtered-pagination', 'groups.list.filtered-pagination'],
  },
  // users: create
  'missing-location': {
    description: 'no Location header on create (meta.location still present)',
    mustFail: ['users.create.location-header', 'users.create.location-matches'],
  },
  'location-mismatch': {
    description: 'the Location header on create differs from meta.location (no base path)',
    mustFail: ['users.create.location-matches'],
  },
  'duplicates-allowed': {
    description: 'a duplicate userName is created (201) instead of 409',
    okta: ['users.okta-create.duplicate'],
    mustFail: ['users.create.duplicate-username'],
  },
  'duplicate-no-scimtype': {
    description: 'a duplicate userName answers 409 without scimType',
    mustFail: ['users.create.duplicate-username'],
  },
  'create-returns-200': {
    description: 'POST /Users answers 200 instead of 201',
    mustFail: ['users.create.created'],
  },
  'required-attributes-not-enforced': {
    description: 'a user without userName or a vendor-required attribute is created anyway (a userName is made up)',
    mustFail: ['users.create.missing-required.*'],
  },
  'create-drops-extension': {
    description: 'enterprise extension attributes sent on create are not stored',
    mustFail: ['users.get.by-id', 'users.create.echo', 'users.directory-data.create.*'],
  },
  'custom-extension-dropped': {
    description: 'POST /Users drops attributes of extension schemas other than the enterprise one',
    profiles: {
      alertmedia: ['users.get.by-id', 'users.create.echo', 'users.directory-data.create.*', 'users.directory-data.plus-address.*'],
    },
  },
  'create-no-echo': {
    description: 'the POST /Users response body has only schemas, id and meta',
    // entra maps no attribute of a custom extension: only a profile that does notices
    mustFail: ['users.create.echo'],
  },
  'phone-reformatted': {
    description: 'phone number values are stored with spaces, dashes and parentheses removed',
    mustFail: ['users.get.by-id', 'users.create.echo', 'users.patch.replace-attributes.*', 'users.patch.replace-missing-value-path.*'],
  },
  'emails-as-string': {
    description: 'POST /Users and GET /Users/{id} return emails as a plain string instead of an array of objects',
    mustFail: [
      'users.get.by-id',
      'users.create.response-schema',
      'users.create.echo',
      'users.patch.replace-attributes.*',
      'users.patch.replace-missing-value-path.*',
      'users.directory-data.plus-address.*',
    ],
  },
  // users: PATCH
  'patch-ops-case-sensitive': {
    description: 'a PATCH op other than exactly add/remove/replace is rejected with 400 invalidSyntax',
    mustFail: CAPITALISED_OPS,
  },
  'patch-no-path-ignored': {
    description: 'add/replace operations without a path are accepted but change nothing',
    mustFail: [
      'users.patch.replace-attributes.aadOptscim062020',
      'users.patch.add-attributes.aadOptscim062020',
      'users.patch.joining-property.aadOptscim062020',
      'users.soft-delete.disable.aadOptscim062020',
      'groups.patch.*.aadOptscim062020',
      'users.directory-data.patch.aadOptscim062020-*',
    ],
  },
  'patch-urn-keys-ignored': {
    description: 'URN-qualified keys in a no-path PATCH value are silently ignored',
    mustFail: [
      'users.patch.replace-attributes.aadOptscim062020',
      'users.patch.add-attributes.aadOptscim062020',
      'users.directory-data.patch.aadOptscim062020-*',
    ],
  },
  'patch-dotted-keys-literal': {
    description: 'dotted keys in a no-path PATCH value are stored literally as top-level attributes',
    mustFail: [
      'users.patch.replace-attributes.aadOptscim062020',
      'users.patch.add-attributes.aadOptscim062020',
      'users.directory-data.patch.aadOptscim062020-*',
    ],
  },
  'patch-string-boolean-rejected': {
    description: 'the strings "True"/"False" for active are rejected with 400 invalidValue',
    mustFail: ['users.soft-delete.disable.default-string', 'users.soft-delete.restore.default-string'],
  },
  'patch-string-boolean-stored': {
    description: 'the strings "True"/"False" for boolean attributes are stored as strings',
    mustFail: ['users.soft-delete.disable.default-string', 'users.soft-delete.restore.default-string'],
  },
  'patch-value-path-notarget': {
    description: 'replace on a value path with no matching element answers 400 noTarget',
    mustFail: ['users.patch.replace-missing-value-path.*'],
  },
  'restore-ignored': {
    description: 'once active is false, a PATCH setting it true is accepted but ignored',
    mustFail: ['users.soft-delete.restore.*'],
  },
  'username-immutable': {
    description: 'PATCH on userName is accepted but ignored',
    mustFail: ['users.patch.replace-attributes.*', 'users.patch.joining-property.*'],
    profiles: { alohi: ['users.patch.replace-attributes.*', 'users.patch.joining-property.*'] },
  },
  'same-attribute-first-op-wins': {
    description: 'of several PATCH /Users operations on the same attribute path only the first is applied',
    mustFail: ['users.patch.same-attribute-twice'],
  },
  'clear-null-ignored': {
    description: 'a PATCH add/replace with value null is accepted but keeps the old value',
    mustFail: ['users.patch.clear.null'],
  },
  'clear-empty-string-ignored': {
    description: 'a PATCH add/replace with value "" is accepted but keeps the old value (null still clears)',
    mustFail: ['users.patch.clear.empty-string'],
  },
  'null-stored-as-string': {
    description: 'a PATCH add/replace with value null stores the string "null"',
    mustFail: ['users.patch.clear.null'],
  },
  // users: manager (set-up steps set the manager as a bare string, as Entra does)
  'manager-bare-string-rejected': {
    description: 'a PATCH setting manager to a bare id string answers 400 invalidValue',
    mustFail: ['users.manager.set.bare-string', 'users.manager.replace', 'users.manager.remove.*'],
  },
  'manager-returned-as-string': {
    description: 'GET and list return manager as a bare id string instead of {"value": id}',
    mustFail: ['users.manager.set.*', 'users.manager.replace'],
  },
  'manager-clear-ignored': {
    description: 'add/replace of manager with "" or {"value": ""} is accepted but keeps the manager',
    mustFail: ['users.manager.remove.replace-empty-*'],
  },
  'manager-remove-unsupported': {
    description: 'a PATCH remove on the manager path (with or without a value filter) answers 400 invalidPath',
    mustFail: ['users.manager.remove.remove', 'users.manager.remove.remove-value-filter'],
  },
  // deletes
  'delete-returns-200': {
    description: 'DELETE /Users/{id} answers 200 with a body',
    mustFail: ['users.delete.hard'],
  },
  'delete-keeps-user': {
    description: 'DELETE /Users/{id} answers 204 but the user stays readable',
    // The checks of what follows a delete stop at their precondition: the user is still readable.
    mustFail: [
      'users.delete.hard',
      'users.delete.twice',
      'users.delete.no-write-after-delete',
      'users.delete.gone-from-results',
      'users.delete.recreate',
    ],
  },
  'delete-unknown-204': {
    description: 'DELETE of an unknown user or group id answers 204 instead of 404',
    mustFail: ['users.delete.unknown', 'users.delete.twice', 'groups.delete.unknown', 'groups.delete.twice'],
  },
  'group-delete-keeps-group': {
    description: 'DELETE /Groups/{id} answers 204 but the group stays readable',
    mustFail: [
      'groups.delete.hard',
      'groups.delete.twice',
      'groups.delete.no-write-after-delete',
      'groups.delete.gone-from-results',
      'groups.delete.recreate',
    ],
  },
  'deleted-still-listed': {
    description: 'deleted users and groups are kept as hidden tombstones: 404 by id, but lists and filters still return them',
    mustFail: ['users.delete.gone-from-results', 'groups.delete.gone-from-results'],
  },
  'deleted-still-writable': {
    description: 'a PATCH or PUT of a deleted user or group answers 200 and brings it back',
    mustFail: ['users.delete.no-write-after-delete', 'groups.delete.no-write-after-delete'],
  },
  'deleted-name-reserved': {
    description: 'the userName / displayName of a deleted user or group stays taken: creating it again answers 409 uniqueness',
    mustFail: ['users.delete.recreate', 'groups.delete.recreate'],
  },
  // groups (Entra creates every group with its ADSCIM schema, so rejecting it stops almost every group check)
  'group-extension-schema-rejected': {
    description: 'POST /Groups listing the ADSCIM Group schema in schemas answers 400 invalidValue',
    // Every group check but those that create no group with Entra's body.
    mustFail: [
      'groups.**',
      '!groups.create.core-schema-only',
      '!groups.delete.unknown',
      '!groups.list.count-above-maximum',
      '!groups.get.unknown-id',
    ],
  },
  'group-core-schema-only-rejected': {
    description: 'POST /Groups without the ADSCIM Group schema in schemas answers 400 invalidValue',
    mustFail: ['groups.create.core-schema-only'],
  },
  'group-duplicates-allowed': {
    description: 'a duplicate group displayName is created',
    mustFail: ['groups.create.duplicate-displayname'],
  },
  'group-excluded-members-ignored': {
    description: 'excludedAttributes=members is ignored on groups',
    mustFail: ['groups.get.excluding-members', 'groups.filter.eq-hit-excluding-members.*'],
  },
  'group-filter-case-sensitive': {
    description: 'displayName eq comparison on groups becomes case-sensitive',
    mustFail: ['groups.filter.eq-case-insensitive.*'],
  },
  'group-rename-ignored': {
    description: 'PATCH replace of a group displayName (with or without a path) is accepted but ignored',
    mustFail: ['groups.patch.rename.*', 'groups.patch.replace-attributes.*'],
  },
  'group-patch-first-op-only': {
    description: 'a PATCH /Groups with several operations applies only the first',
    mustFail: ['groups.patch.replace-attributes.default', 'groups.members.add-then-remove'],
  },
  'group-add-first-member-only': {
    description: 'a PATCH add of several members adds only the first',
    mustFail: ['groups.members.add-several.*', 'groups.members.add-then-remove'],
  },
  'group-remove-ignores-value': {
    description: 'PATCH remove on path "members" removes every member even when value lists only some',
    mustFail: ['groups.members.remove.default', 'groups.members.add-then-remove'],
  },
  'group-member-filter-path-unsupported': {
    description: 'remove with path members[value eq "id"] answers 400 invalidPath',
    mustFail: ['groups.members.remove.aadOptscim062020'],
  },
  'group-replace-members-unsupported': {
    description: 'PATCH replace on path "members" answers 400 invalidPath',
    mustFail: ['groups.members.replace-op'],
  },
  // authentication
  'auth-not-enforced': {
    description: 'SCIM requests are answered whatever credentials they carry, or none',
    mustFail: ['connection.rejects-bad-credentials.*'],
  },
  // discovery
  'spc-invalid': {
    description: '/ServiceProviderConfig has no "patch" and no "filter" block',
    mustFail: ['discovery.service-provider-config', 'discovery.entra-capabilities'],
  },
  'spc-patch-unsupported': {
    description: '/ServiceProviderConfig declares patch.supported false',
    mustFail: ['discovery.entra-capabilities'],
  },
  'resource-types-missing-group': {
    description: '/ResourceTypes lists only User (and /ResourceTypes/Group is 404)',
    // A plain id also names the checks nested under it: the '!' patterns keep those under the list checks out.
    mustFail: ['discovery.resource-types', '!discovery.resource-types.by-id', '!discovery.resource-types.unknown-id'],
  },
  'schemas-missing-enterprise': {
    description: '/Schemas leaves out the enterprise User extension schema (and /Schemas/{urn} is 404)',
    // the User and Group resource types name the schema left out, so it is also a schema they name that is not served
    mustFail: ['discovery.schemas.mapped-attributes', 'discovery.schemas.resource-type-schemas-served'],
  },
  'schemas-missing-group': {
    description: '/Schemas leaves out the core Group schema (and /Schemas/{urn} is 404)',
    mustFail: [
      'discovery.schemas',
      'discovery.schemas.mapped-attributes',
      'discovery.schemas.resource-type-schemas-served',
      '!discovery.schemas.self-described',
      '!discovery.schemas.by-id',
      '!discovery.schemas.attribute-types',
    ],
  },
  'resource-type-by-id-list': {
    description: 'GET /ResourceTypes/{id} of a listed resource type answers the whole ListResponse instead of that one resource type',
    mustFail: ['discovery.resource-types.by-id'],
  },
  'resource-type-unknown-200': {
    description: 'GET /ResourceTypes/{id} of an unknown id answers 200 with an empty ListResponse instead of 404',
    mustFail: ['discovery.resource-types.unknown-id'],
  },
  'schema-resources-without-schemas': {
    description: 'the schema resources under /Schemas (and /Schemas/{id}) carry no "schemas" attribute',
    mustFail: ['discovery.schemas.self-described'],
  },
  'schema-by-id-list': {
    description: 'GET /Schemas/{id} of a listed schema answers the whole ListResponse instead of that one schema',
    mustFail: ['discovery.schemas.by-id'],
  },
  'resource-type-schema-not-served': {
    description: 'the User resource type names an extension schema that /Schemas does not serve',
    mustFail: ['discovery.schemas.resource-type-schemas-served'],
  },
  'schema-attribute-types-invalid': {
    description: 'the core User schema under /Schemas types its string attributes "text" (the server still treats them as strings)',
    // the ScimSchema validation of discovery.schemas reads attribute types too
    mustFail: [
      'discovery.schemas',
      'discovery.schemas.attribute-types',
      '!discovery.schemas.mapped-attributes',
      '!discovery.schemas.self-described',
      '!discovery.schemas.by-id',
      '!discovery.schemas.resource-type-schemas-served',
    ],
  },
  // users: real directory data
  'latin1-storage': {
    description: 'user strings are stored through ISO-8859-1: characters outside it (Ł, CJK, Cyrillic, Arabic) come back as "?"',
    mustFail: ['users.directory-data.create.*', 'users.directory-data.patch.*'],
  },
  'short-columns': {
    description: 'a user displayName is stored cut to 64 characters, name.givenName and name.familyName to 32',
    mustFail: ['users.directory-data.create.max-length', 'users.directory-data.patch.*-max-length'],
  },
  'plus-address-stripped': {
    description: 'the +tag of a plus-addressed user email is dropped on store (ada+news@example.com becomes ada@example.com)',
    mustFail: ['users.directory-data.plus-address.*'],
  },
  'filter-escaped-quote-broken': {
    description: 'a filter value holding \\" is not unescaped (the backslash stays), so it matches nothing',
    mustFail: ['users.directory-data.filter-escaped-quote.*'],
  },
  'patch-returns-202': {
    description: 'PATCH /Users/{id} applies the change but answers 202 Accepted without a body',
    // Every user PATCH check judges the status too; users.patch.status judges nothing else (the gallery's item).
    mustFail: ['users.patch.**', 'users.manager.**', 'users.soft-delete.**', 'users.directory-data.patch.*'],
  },
  // throttling
  'rate-limited': {
    description: 'every 5th request answers 429 (Retry-After: 0) and every 13th 503 without Retry-After; asked again, it answers correctly',
    noCheckFails: 'asked again, it answers correctly: the verdict must not change (test/robustness.test.ts)',
  },
  // Okta's requests (test/okta-faults.test.ts runs an Okta run against each record with an okta row)
  'paged-list-without-counts': {
    description: 'a list asked for with startIndex or count is answered without startIndex and itemsPerPage (totalResults still right)',
    mustFail: [...WALKS, 'users.list.filtered-pagination', 'groups.list.filtered-pagination'],
    okta: ['connection.okta-test-connection.*'],
  },
  'filter-with-paging-400': {
    description: 'a filtered list that also carries startIndex or count answers 400 (a filter alone, or paging alone, works)',
    mustFail: ['users.list.filtered-pagination', 'groups.list.filtered-pagination'],
    okta: ['users.okta-match.*', 'users.okta-deactivate.still-found'],
  },
  'create-rejects-password': {
    description: 'POST /Users answers 400 invalidValue when the body carries password or groups',
    // Every Okta check that creates a user; the lookup of a userName nobody has creates none.
    okta: ['users.okta-*.**', '!users.okta-match.miss', 'groups.okta-push.members'],
  },
  'create-empty-body': {
    description: 'POST /Users creates the user but answers 201 with an empty body',
    // Without an id, every check that needs a user of its own stops at its precondition (the user is still removed).
    mustFail: [
      'users.**',
      '!users.get.unknown-id',
      '!users.get.content-type',
      '!users.filter.invalid-syntax',
      '!users.list.count-above-maximum',
      '!users.delete.unknown',
      '!users.create.missing-required.*',
      'groups.members.**',
      'groups.filter.**',
      '!groups.filter.eq-miss.*',
      'groups.get.excluding-members',
    ],
    okta: ['users.okta-*.**', '!users.okta-match.miss', 'groups.okta-push.members'],
  },
  'get-drops-name': {
    description: 'GET /Users/{id} leaves name out of the user (lists and the other answers still carry it)',
    mustFail: [
      'users.get.by-id',
      'users.patch.replace-attributes.*',
      'users.patch.add-attributes.*',
      'users.directory-data.create.*',
      'users.directory-data.patch.*',
    ],
    okta: ['users.okta-read.by-id', 'users.okta-update.put', 'users.okta-update.put-keeps-unchanged'],
  },
  'put-unsupported': {
    description: 'PUT /Users/{id} answers 501 Not Implemented',
    okta: ['users.okta-update.*'],
  },
  'put-drops-extension': {
    description: 'PUT /Users/{id} stores the user without the enterprise extension attributes it was sent',
    okta: ['users.okta-update.put-keeps-unchanged'],
  },
  'put-clears-memberships': {
    description: 'PUT /Users/{id} takes "groups" from the body: the user leaves every group the body does not list',
    okta: ['users.okta-update.put-keeps-groups'],
  },
  'pathless-active-ignored': {
    description: 'a PATCH replace without a path whose value holds active is accepted, but active stays as it was (other keys apply)',
    mustFail: ['users.soft-delete.disable.aadOptscim062020'],
    okta: ['users.okta-deactivate.*'],
  },
  'deactivated-hidden-from-filter': {
    description: 'users with active false are left out of filtered lists (GET /Users/{id} and the unfiltered list still return them)',
    mustFail: ['users.soft-delete.disable.*'],
    okta: ['users.okta-deactivate.still-found'],
  },
  'group-create-empty-members-rejected': {
    description: 'POST /Groups with an empty members list answers 400 invalidValue',
    okta: ['groups.okta-push.**', 'users.okta-update.put-keeps-groups'],
  },
  'group-rename-id-rejected': {
    description: 'a group PATCH replace without a path whose value restates the group id answers 400 mutability',
    okta: ['groups.okta-push.rename'],
  },
  'group-mixed-members-first-only': {
    description: 'a group PATCH that both removes and adds members applies only its first operation',
    mustFail: ['groups.members.add-then-remove'],
    okta: ['groups.okta-push.members'],
  },
  'group-delete-returns-200': {
    description: 'DELETE /Groups/{id} removes the group but answers 200 with its body',
    mustFail: ['groups.delete.hard'],
    okta: ['groups.okta-push.unlink'],
  },
  'entitlement-endpoint-missing': {
    description: '/ResourceTypes lists an Okta Role resource type at /Roles (its schema served), but GET /Roles answers 404',
    okta: ['discovery.okta-entitlements'],
  },
  // the server held to the interoperability profile (standard: 'interop'): reference/interop-faults.ts
  ...INTEROP_FAULTS,
} satisfies Record<string, Fault>;

export type FaultName = keyof typeof FAULTS;

export type FaultSet = ReadonlySet<FaultName>;

/** Every record by its name, each read as a Fault. */
export const FAULT_RECORDS = Object.entries(FAULTS) as [FaultName, Fault][];

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
