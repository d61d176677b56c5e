// Facts about Okta provisioning: [C] where Okta's developer documentation says it (its SCIM references, the guides to
// building and testing a SCIM integration, its Runscope tests), [S] where only vendors' experience with Okta does.
// Ids start with okta. whatever the mark; the mark tells them apart. A check citing one of them sends Okta's requests.
import type { DocFact, ReportFact } from '../../src/kit/index.ts';

const SCIM20 = 'https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20';
const SCIM11 = 'https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-11';
const PREPARE = 'https://developer.okta.com/docs/guides/scim-provisioning-integration-prepare/main/';
const CRUD_TEST = 'https://developer.okta.com/docs/guides/scim-provisioning-integration-test/main/';
const ENTITLEMENTS = 'https://developer.okta.com/docs/guides/scim-with-entitlements/main/';

const reference = (gist: string): DocFact => ({ mark: 'C', doc: 'SCIM 2.0 reference', url: SCIM20, gist });
const prepare = (gist: string): DocFact => ({ mark: 'C', doc: 'building a SCIM API service (and its SPEC test)', url: PREPARE, gist });
const crudTest = (gist: string): DocFact => ({ mark: 'C', doc: 'testing a SCIM integration (the CRUD test)', url: CRUD_TEST, gist });
const reported = (gist: string, report: string): ReportFact => ({ mark: 'S', gist, report });

export const OKTA_FACTS = {
  'okta.test-connection': {
    mark: 'C',
    doc: 'SCIM 1.1 reference (connection check)',
    url: SCIM11,
    gist: 'Once provisioning is saved, Okta checks the connection with two fixed reads: GET /Users?startIndex=1&count=2 and GET /Groups?startIndex=1&count=100.',
  },
  'okta.spec-test.lists': prepare(
    "Okta's SPEC test reads /Users and /Groups a page at a time (startIndex, count) and needs 200 with a ListResponse whose totalResults, startIndex and itemsPerPage are numbers.",
  ),
  'okta.authentication': prepare(
    'The SCIM API must be secured against anonymous access: Okta authenticates with an Authorization header token, Basic credentials or OAuth 2.0.',
  ),
  'okta.users.basic-schema': prepare(
    'Okta needs four user attributes stored and returned: userName, name.givenName, name.familyName and emails.',
  ),
  'okta.unique-id': prepare(
    'Every resource needs an id the app assigns: unique, never reassigned, stable across requests, case-sensitive and read-only; Okta links its user to it.',
  ),
  'okta.spec-test.unknown-id': prepare(
    "Okta's SPEC test reads a user id that does not exist (its UserIdThatDoesNotExist variable) and needs the 404 a missing resource answers.",
  ),
  'okta.spec-test.username-case': prepare(
    "Okta's SPEC test looks the user it created up again with its userName in capital letters, to see that userName compares without regard to case.",
  ),
  'okta.users.match': reference(
    'Before it creates a user, Okta looks it up with GET /Users?filter=userName eq "<userName>"&startIndex=1&count=100, and links the user it finds.',
  ),
  'okta.users.no-match': reference(
    'A lookup that finds nobody may answer 200 with an empty ListResponse or 404 with a SCIM error: Okta takes either as "no such user" and creates it.',
  ),
  'okta.users.create': reference(
    'Okta creates a user with POST /Users: the core schema, userName, name, a primary work email, displayName, locale, externalId, groups [], password and active true; it needs 201 with the user in the body.',
  ),
  'okta.users.duplicate': reference(
    'A create whose userName is taken already is refused with 409 Conflict, which Okta reads as "the user exists".',
  ),
  'okta.users.update-put': reference(
    "Okta updates a user's profile by reading it (GET /Users/{id}) and sending it back whole with PUT /Users/{id}, its changes merged in; it needs 200 with the user.",
  ),
  'okta.users.deactivate': reference(
    'Okta deactivates and reactivates a user with a PATCH whose one replace operation has no path and the value {"active": false} (or true), and takes 200 with the user or 204.',
  ),
  'okta.users.never-deleted': crudTest(
    'Okta never deletes a user: unassigning or deactivating sets active false, and the user must stay on the server, active false, for Okta to find again.',
  ),
  'okta.crud-test': crudTest(
    "Okta's CRUD test creates a user, changes its first name, deactivates, reactivates and unassigns it, checking the user on the SCIM server after each step.",
  ),
  'okta.groups.push-create': reference(
    'Group Push creates a group with POST /Groups (the core Group schema, displayName and members []) and needs 201 with the group and its id.',
  ),
  'okta.groups.rename': reference(
    'Group Push renames a group with a PATCH replace without a path whose value is {"id": "<group id>", "displayName": "<new name>"}; 200 or 204 answers it.',
  ),
  'okta.groups.members': reference(
    'Group Push changes members with one PATCH that can remove members[value eq "<id>"] and add members [{"value", "display"}] together; 200 or 204 answers it.',
  ),
  'okta.groups.delete': reference(
    'Unlinking a pushed group, with the option to delete it in the app, sends DELETE /Groups/{id}, which answers 204.',
  ),
  'okta.entitlements': {
    mark: 'C',
    doc: 'building a SCIM 2.0 server with entitlements',
    url: ENTITLEMENTS,
    gist: "With entitlements, Okta reads /ResourceTypes, then every value from the endpoint of each resource type whose schema is Okta's Role or Entitlement URN.",
  },
  'okta.requests.no-content-type': reported(
    "Okta's requests with a body may carry no Content-Type header: a server that refuses a body without one (415) refuses Okta's updates.",
    "the request samples of Okta's SCIM guides and vendors' logs of Okta's requests (Accept: application/scim+json, no Content-Type).",
  ),
  'okta.users.extras-ignored': reported(
    'A server that does not store password or groups should ignore them in the create rather than refuse the user.',
    "vendors' notes on Okta integrations: servers that reject the password Okta sends on create (or the empty groups list) fail every assignment.",
  ),
  'okta.users.put-from-get': reported(
    'Okta builds its PUT from what the GET returned: an attribute the GET leaves out is missing from the PUT, and a server that replaces the whole user loses it.',
    "vendors' reports of Okta profile pushes that erased attributes their GET /Users/{id} did not return.",
  ),
} satisfies Record<`okta.${string}`, DocFact | ReportFact>;
