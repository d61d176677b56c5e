// Facts of the SCIM 2.0 Interoperability Profile [D], an individual Internet-Draft (draft-zollner-scim-interop-profile)
// that narrows what RFC 7643/7644 leave open. Only the requirements it addresses to service providers are here, in the
// words of this project, at the section of -01 (15 April 2026) that states them: -01 is the version implemented.
// -02 (2 November 2026) exists, and says it updates RFC 7643, but only its front page could be read here, so nothing
// of -02 is implemented. A check may fail a server on these facts only in a run that asks for the profile
// (--standard interop); test/evidence.test.ts holds the checks to that.
import type { DraftFact } from '../../src/kit/index.ts';

export const INTEROP_DRAFT = { draft: 'draft-zollner-scim-interop-profile', version: '01' } as const;

const VERSION_NOTE = '-01 (April 2026) is implemented; -02 (November 2026) could not be read past its front page, so its changes are not.';

/** The sections of -01 a fact may name, with their titles as its table of contents gives them. */
export const INTEROP_SECTIONS: Record<string, string> = {
  '4': 'Scope and Conformance',
  '5.1': 'Discovery Endpoints',
  '5.2': 'Case Sensitivity',
  '5.3': 'Attribute and Schema Handling',
  '5.4': 'Canonical Values for Typed Attributes',
  '6.1': 'Endpoint Structure',
  '6.2': 'Data Format and HTTP Headers',
  '6.3': 'Filtering',
  '6.4': 'Pagination',
  '6.5': 'Updating Resources',
  '6.5.1.1': "Mandatory Use of the 'path' Attribute",
  '6.5.2.1': 'Singular Attributes (Simple and Complex)',
  '6.5.2.2': 'Multi-valued Attributes (Simple and Complex)',
  '6.6': 'Resource Lifecycle',
  '6.9.1': 'Uniqueness Conflicts',
};

function draft(section: string, gist: string): DraftFact {
  const title = INTEROP_SECTIONS[section];
  if (title === undefined) throw new Error(`${INTEROP_DRAFT.draft}-${INTEROP_DRAFT.version} has no section ${section} in INTEROP_SECTIONS`);
  return { mark: 'D', ...INTEROP_DRAFT, section, title, gist, versionNote: VERSION_NOTE };
}

export const INTEROP_FACTS = {
  'interop.4.claim': draft(
    '4',
    'A conforming service provider says so with interopProfileConformant: true in its ServiceProviderConfig, a single boolean; one that does not conform leaves it out or says false.',
  ),
  'interop.5.1.discovery-endpoints': draft('5.1', 'The service provider offers /ServiceProviderConfig, /Schemas and /ResourceTypes.'),
  'interop.5.1.schemas-accurate': draft(
    '5.1',
    'What /Schemas describes is exactly what the service implements: every attribute it keeps and returns is described there.',
  ),
  'interop.5.1.resource-type-schemas': draft('5.1', 'Every schema a resource type names, core or extension, is served by /Schemas.'),
  'interop.5.1.resource-type-id': draft('5.1', 'Every resource type under /ResourceTypes has an id, and it is the same as its name.'),
  'interop.5.2.consistent-case': draft(
    '5.2',
    'An attribute compares in the same letter case rules in a filter and in a uniqueness check; userName is not case-exact, so JSmith and jsmith are one user.',
  ),
  'interop.5.2.case-exact-ids': draft(
    '5.2',
    'id and externalId are case-exact: abc-123 and ABC-123 are different values, for a lookup and for a filter.',
  ),
  'interop.5.3.strict-schema': draft(
    '5.3',
    'A POST or PATCH carrying an attribute or a schema URI that the service provider does not define is refused with 400 and scimType invalidSyntax.',
  ),
  'interop.5.4.canonical-types': draft(
    '5.4',
    'A multi-valued complex attribute with a type sub-attribute (emails, phoneNumbers, addresses, ...) lists the types it accepts as canonicalValues in /Schemas.',
  ),
  'interop.6.1.endpoints': draft(
    '6.1',
    'Each resource type has its own endpoint, shared with no other type, and a resource is addressed as /{endpoint}/{id} only, never by another attribute such as its userName.',
  ),
  'interop.6.2.media-type': draft(
    '6.2',
    'Data is exchanged as JSON, and every response carrying SCIM data says Content-Type application/scim+json.',
  ),
  'interop.6.3.filter-eq-and': draft('6.3', 'The filter parameter is supported, with at least the eq and and operators.'),
  'interop.6.3.unknown-attribute': draft(
    '6.3',
    'A filter naming an attribute that none of the resource type schemas defines is answered 400 with scimType invalidFilter.',
  ),
  'interop.6.4.paging': draft(
    '6.4',
    'Every list can be paged, by index (startIndex and count, RFC 7644 §3.4.2.4) or by cursor (RFC 9865).',
  ),
  'interop.6.4.count-100': draft(
    '6.4',
    'A count of up to 100 asked for by the client is honoured, and without count a page should hold at least 100 results.',
  ),
  'interop.6.4.above-maximum': draft('6.4', 'A count above the server maximum page size is answered with fewer results, not an error.'),
  'interop.6.5.patch': draft('6.5', 'The service provider supports PATCH (RFC 7644 §3.5.2) for updates; clients do not update with PUT.'),
  'interop.6.5.1.1.path-required': draft(
    '6.5.1.1',
    'Every PATCH operation names its target in path; an operation without a path is refused with 400 and scimType invalidSyntax.',
  ),
  'interop.6.5.2.1.simple-add-replace': draft(
    '6.5.2.1',
    'On a single-valued simple attribute (userName, active), add does exactly what replace does.',
  ),
  'interop.6.5.2.1.complex-replace': draft(
    '6.5.2.1',
    'A replace naming a whole single-valued complex attribute (path name) replaces it with the value sent: sub-attributes left out are gone.',
  ),
  'interop.6.5.2.1.complex-add': draft(
    '6.5.2.1',
    'An add naming a whole single-valued complex attribute merges the value sent into it: sub-attributes left out keep their values.',
  ),
  'interop.6.5.2.2.collection-replace': draft(
    '6.5.2.2',
    'A replace naming a multi-valued attribute without a filter (path emails) replaces the whole collection with the array sent.',
  ),
  'interop.6.5.2.2.collection-add': draft(
    '6.5.2.2',
    'An add naming a multi-valued attribute without a filter appends the values sent to those already there.',
  ),
  'interop.6.6.patch-keeps': draft('6.6', 'A PATCH never deletes a resource: setting active to false keeps it, readable and found.'),
  'interop.6.6.deleted-gone': draft(
    '6.6',
    'A DELETE deletes (never just deactivates); afterwards every operation on the resource is 404 and no query returns it.',
  ),
  'interop.6.6.reusable': draft('6.6', 'Once a resource is deleted, its unique values (userName) are free: a new resource may take them.'),
  'interop.6.9.1.uniqueness': draft(
    '6.9.1',
    'A POST or PATCH that would break a uniqueness constraint (a userName taken) is answered 409 Conflict with scimType uniqueness.',
  ),
} satisfies Record<string, DraftFact>;
