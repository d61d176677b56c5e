// Facts Microsoft documents about Entra provisioning [C]: its docs on Microsoft Learn, and the gallery's validation
// Logic App, which Microsoft publishes with its SCIM reference code.
import type { DocFact } from '../../src/kit/index.ts';

const TUTORIAL = 'https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups';
const COMPATIBILITY =
  'https://learn.microsoft.com/en-us/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility';
const GALLERY = 'https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/app-gallery-user-provisioning-requirements';
const ACCOUNT_DISCOVERY = 'https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/assign-user-or-group-access-portal';
const GRAPH_USER = 'https://learn.microsoft.com/en-us/graph/api/resources/user';
const LOGIC_APP =
  'https://github.com/AzureAD/SCIMReferenceCode/blob/master/Microsoft.SCIM.LogicAppValidationTemplate/StandardLogicApp/SCIM-Validation-Test-Overview.md';

const tutorial = (gist: string): DocFact => ({ mark: 'C', doc: 'SCIM endpoint tutorial', url: TUTORIAL, gist });
const compatibility = (gist: string): DocFact => ({ mark: 'C', doc: 'SCIM 2.0 compliance issues', url: COMPATIBILITY, gist });
const gallery = (gist: string): DocFact => ({ mark: 'C', doc: 'gallery provisioning requirements', url: GALLERY, gist });
const logicApp = (gist: string): DocFact => ({ mark: 'C', doc: 'gallery validation Logic App', url: LOGIC_APP, gist });

export const ENTRA_FACTS = {
  'entra.test-connection': tutorial(
    'Test Connection sends GET /Users?filter=<first matching attribute> eq "<random GUID>" and needs 200 with an empty ListResponse; a 404 or a 400 fails the connection.',
  ),
  'entra.matching.filter': tutorial(
    'Entra finds a user in the app with GET /Users?filter=<matching attribute> eq "<value>", one matching attribute at a time, in precedence order.',
  ),
  'entra.matching.no-match': tutorial('A matching filter that finds nothing is answered 200 with totalResults 0, never 404.'),
  'entra.users.create': tutorial(
    'Entra creates a user with POST /Users (core and enterprise schemas, externalId, userName, active, a work email, name, every mapped attribute with a value) and expects 201 with the new id.',
  ),
  'entra.values-as-sent': tutorial(
    'Entra compares what it reads back with its own values to decide on updates, so every value must be stored and returned exactly as sent.',
  ),
  'entra.needs-patch-and-filter': tutorial(
    'Entra updates users and groups with PATCH and looks them up with filters: an endpoint without either cannot be provisioned.',
  ),
  'entra.patch.dialects': compatibility(
    'Entra updates with PATCH in two dialects: by default one operation per attribute with capitalised ops ("Replace") and paths such as emails[type eq "work"].value; with ?aadOptscim062020, lowercase ops, real booleans, and simple, dotted and URN keys in one path-less operation.',
  ),
  'entra.patch.add-sets-empty': compatibility(
    'Entra sets an attribute that had no value with an add operation ("Add" by default, "add" with the aadOptscim062020 flag).',
  ),
  'entra.soft-delete': tutorial(
    'Entra sets active false when a user is unassigned, leaves scope, is soft-deleted or disabled, and still reads that user by id and by filter; active true brings it back.',
  ),
  'entra.delete': tutorial('Entra deletes with DELETE /Users/{id} or /Groups/{id}, expects 204, and a GET afterwards must answer 404.'),
  'entra.groups.create': tutorial(
    "Entra creates a group with POST /Groups (the core Group schema plus Microsoft's ADSCIM group schema, externalId, displayName, no members) and expects 201 with the id.",
  ),
  'entra.groups.read': tutorial(
    'Entra reads groups without their members: GET /Groups/{id}?excludedAttributes=members and GET /Groups?excludedAttributes=members&filter=displayName eq "<name>".',
  ),
  'entra.groups.match-display-name': tutorial(
    'Entra matches groups on displayName, so a displayName eq filter must find exactly that group.',
  ),
  'entra.groups.update': compatibility(
    'Entra renames a group with a replace of displayName, and updates its other mapped attributes the same way, in either PATCH dialect.',
  ),
  'entra.groups.members': tutorial(
    'Entra adds and removes members with PATCH on path members and a value list [{"$ref": null, "value": "<id>"}] (with the aadOptscim062020 flag, a removal names members[value eq "<id>"]), and accepts 204 or 200.',
  ),
  'entra.groups.several-members': gallery('Microsoft asks gallery apps to accept several members in one add operation.'),
  'entra.gallery.authentication-validated': gallery(
    "A gallery app's authentication must be validated with a non-gallery app first, which an endpoint that answers without valid credentials cannot pass.",
  ),
  'entra.gallery.clear': logicApp(
    "Microsoft's gallery test clears optional attributes with a PATCH of empty strings, then one of nulls, and expects them to have no value afterwards.",
  ),
  'entra.gallery.patch-status': logicApp("Microsoft's gallery test accepts a user PATCH answered 200 or 204, and no other status."),
  'entra.gallery.manager': logicApp(
    "Microsoft's gallery test sets the manager with Add, changes it with Replace and removes it with a Replace to an empty value, reading the user back after each.",
  ),
  'entra.gallery.user-pagination': logicApp(
    "Microsoft's gallery test pages GET /Users?startIndex=N&count=5 over at least 11 users and expects each page's startIndex to be page × 5 + 1.",
  ),
  'entra.gallery.group-pagination': logicApp(
    "Microsoft's gallery test pages GET /Groups the same way, as an optional test whose failure only warns.",
  ),
  'entra.gallery.group-schema': logicApp("Microsoft's gallery test fails every group test when /Schemas lists no Group schema."),
  'entra.gallery.schemas-list-mapped': logicApp(
    'Microsoft\'s gallery test requires /Schemas to describe every mapped attribute, flattened (emails[type eq "work"].value) and compared without regard to case.',
  ),
  'entra.account-discovery': {
    mark: 'C',
    doc: 'Account Discovery',
    url: ACCOUNT_DISCOVERY,
    gist: 'Account Discovery lists every account of the app by paging unfiltered GET /Users with startIndex and count; finding none is put down to missing pagination.',
  },
  'entra.graph.user-lengths': {
    mark: 'C',
    doc: 'Microsoft Graph user properties',
    url: GRAPH_USER,
    gist: 'Entra users hold displayName up to 256 characters, givenName and surname up to 64, jobTitle up to 128 and department up to 64.',
  },
} satisfies Record<`entra.${string}`, DocFact>;
