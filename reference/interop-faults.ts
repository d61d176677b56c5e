// Faults of the server held to the interoperability profile (startReferenceServer({ standard: 'interop' })): each breaks
// one of the profile's rules and leaves the rest of the strict server correct. Their `interop` rows name the checks of
// suites/interop that fail in an --standard interop run against that server (test/interop-faults.test.ts runs them).
// They are part of FAULTS (reference/faults.ts), whose Fault type they follow.
import type { Fault } from './faults.ts';

export const INTEROP_FAULTS = {
  'interop-claim-as-string': {
    description: 'the ServiceProviderConfig says "interopProfileConformant": "true", a string instead of a boolean',
    interop: ['interop.4.claim-boolean'],
  },
  'interop-resource-types-404': {
    description: 'GET /ResourceTypes (and /ResourceTypes/{id}) answers 404: the server offers no resource types',
    interop: ['interop.5.1.discovery-endpoints', 'interop.5.1.resource-type-id-is-name', 'interop.5.1.resource-type-schemas-served'],
  },
  'interop-resource-type-id-lowercase': {
    description: 'the resource types are listed with ids user and group, while their names are User and Group',
    interop: ['interop.5.1.resource-type-id-is-name'],
  },
  'interop-extension-schema-unlisted': {
    description: 'GET /Schemas leaves out the enterprise User extension the User resource type names (GET /Schemas/{urn} still serves it)',
    interop: ['interop.5.1.resource-type-schemas-served', 'interop.5.1.schemas-describe-resources'],
  },
  'interop-schemas-omit-title': {
    description: '/Schemas leaves title out of the core User schema, although users keep and return it',
    interop: ['interop.5.1.schemas-describe-resources'],
  },
  'interop-username-unique-case-exact': {
    description: 'userName uniqueness compares letter case (jsmith and JSmith may both exist), while filters ignore it',
    interop: ['interop.5.2.username-case'],
  },
  'interop-id-case-insensitive': {
    description: 'a user is found by its id in any letter case (GET /Users/ABC-123 serves abc-123)',
    okta: ['users.okta-read.id-case-sensitive'],
    interop: ['interop.5.2.id-case-exact'],
  },
  'interop-externalid-case-insensitive': {
    description: 'a filter on externalId ignores letter case',
    interop: ['interop.5.2.externalid-case-exact'],
  },
  'interop-undefined-attribute-stored': {
    description: 'a POST or PUT carrying an attribute no schema defines is accepted, and the attribute stored',
    interop: ['interop.5.3.create-undefined-attribute'],
  },
  'interop-undefined-schema-accepted': {
    description: 'a POST or PUT whose schemas lists a URI the server does not define is accepted',
    interop: ['interop.5.3.create-undefined-schema'],
  },
  'interop-patch-undefined-attribute-applied': {
    description: 'a PATCH operation whose path names an attribute no schema defines is applied',
    interop: ['interop.5.3.patch-undefined-attribute'],
  },
  'interop-phone-types-undeclared': {
    description: '/Schemas gives phoneNumbers.type no canonicalValues',
    interop: ['interop.5.4.canonical-types'],
  },
  'interop-user-by-username': {
    description: 'GET /Users/{userName} serves the user with that userName, as if it were an id',
    interop: ['interop.6.1.by-id-only'],
  },
  'interop-groups-under-users': {
    description: 'GET /Users/{id} of a group serves the group: /Users shares its ids with /Groups',
    interop: ['interop.6.1.one-type-per-endpoint'],
  },
  'interop-error-json': {
    description: 'SCIM Error responses say Content-Type application/json (other answers stay application/scim+json)',
    interop: ['interop.6.2.scim-json'],
  },
  'interop-and-filter-rejected': {
    description: 'a filter joining comparisons with and answers 400 invalidFilter',
    interop: ['interop.6.3.eq-and'],
  },
  'interop-undefined-filter-attribute-empty': {
    description: 'a filter on an attribute no schema defines answers 200 with no resources instead of 400 invalidFilter',
    interop: ['interop.6.3.undefined-attribute'],
  },
  'interop-groups-unpaged': {
    description: 'GET /Groups ignores count and returns every group from startIndex on (/Users still pages)',
    interop: ['interop.6.4.index-paging'],
  },
  'interop-page-maximum-50': {
    description: 'pages hold at most 50 resources (the ServiceProviderConfig declares maxResults 50), so a count of 100 gets 50',
    interop: ['interop.6.4.count-100', 'interop.6.4.default-page'],
  },
  'interop-default-page-10': {
    description: 'without count, a page holds 10 resources (a count up to the maximum is still honoured)',
    interop: ['interop.6.4.default-page'],
  },
  'interop-count-above-max-400': {
    description: 'a count above the declared maxResults answers 400 tooMany instead of fewer resources',
    interop: ['interop.6.4.above-maximum'],
  },
  'interop-patch-declared-unsupported': {
    description: 'the ServiceProviderConfig says "patch": {"supported": false}, though PATCH works',
    interop: ['interop.6.5.patch-supported'],
  },
  'interop-path-less-applied': {
    description: 'PATCH operations without a path are applied (their value object read as attributes) instead of refused',
    interop: ['interop.6.5.1.1.path-required'],
  },
  'interop-simple-add-ignored': {
    description: 'an add on a single-valued simple attribute that already has a value is accepted but keeps the old value',
    interop: ['interop.6.5.2.1.simple-add-is-replace'],
  },
  'interop-complex-replace-merges': {
    description:
      'a replace of a whole single-valued complex attribute (path name) merges into it, as RFC 7644 reads, keeping what it leaves out',
    interop: ['interop.6.5.2.1.complex-replace-replaces'],
  },
  'interop-complex-add-replaces': {
    description: 'an add of a whole single-valued complex attribute (path name) replaces it, dropping the sub-attributes it leaves out',
    interop: ['interop.6.5.2.1.complex-add-merges'],
  },
  'interop-collection-replace-appends': {
    description: 'a replace of a multi-valued attribute without a filter (path emails) appends instead of replacing the collection',
    interop: ['interop.6.5.2.2.collection-replace'],
  },
  'interop-collection-add-replaces': {
    description: 'an add to a multi-valued attribute without a filter (path emails) replaces the collection instead of appending',
    interop: ['interop.6.5.2.2.collection-add'],
  },
  'interop-deactivate-deletes': {
    description: 'a PATCH setting a user inactive deletes the user',
    interop: ['interop.6.6.patch-never-deletes'],
  },
  'interop-delete-deactivates': {
    description: 'DELETE /Users/{id} answers 204 but only sets active to false: the user stays, and keeps its userName',
    interop: ['interop.6.6.deleted-gone', 'interop.6.6.username-reusable'],
  },
  'interop-duplicate-post-400': {
    description: 'a POST with a userName already taken answers 400 invalidValue instead of 409 uniqueness',
    // the check of case in uniqueness creates such a duplicate too
    interop: ['interop.6.9.1.uniqueness-post', 'interop.5.2.username-case'],
  },
  'interop-duplicate-patch-applied': {
    description: 'a PATCH giving a user a userName already taken is applied: two users share it',
    interop: ['interop.6.9.1.uniqueness-patch'],
  },
} satisfies Record<string, Fault>;
