// Facts of RFC 7643, SCIM Core Schema: what resources, attributes and schemas are.
import type { RfcFact } from '../../src/kit/index.ts';
import { rfc } from './rfc-sections.ts';

export const RFC7643_FACTS = {
  'rfc7643.2.2.case-exact': rfc(
    7643,
    '2.2',
    'A string attribute with caseExact false (the default, and userName is one) compares without regard to letter case, in filters too.',
  ),
  'rfc7643.2.2.required': rfc(7643, '2.2', 'An attribute marked required must have a value: a resource without one is not valid.'),
  'rfc7643.2.3.data-types': rfc(
    7643,
    '2.3',
    'Every attribute has one of the defined types (string, boolean, decimal, integer, dateTime, binary, reference, complex), and its values are of that type.',
  ),
  'rfc7643.2.3.1.string': rfc(7643, '2.3.1', 'A string is any sequence of Unicode characters, exchanged as UTF-8: not ASCII only.'),
  'rfc7643.2.5.unassigned': rfc(
    7643,
    '2.5',
    'An unassigned attribute, a null and (multi-valued) an empty array are the same state: the attribute has no value.',
  ),
  'rfc7643.3.schemas': rfc(7643, '3', 'Every resource carries "schemas": the URIs of the schemas whose attributes it holds.'),
  'rfc7643.3.1.meta-location': rfc(7643, '3.1', 'meta.location is the URI of the resource itself, the URL it is read at.'),
  'rfc7643.3.1.id': rfc(
    7643,
    '3.1',
    'The service provider assigns id: unique, stable (never changed or reassigned), read-only and case-exact.',
  ),
  'rfc7643.4.1.user-schema': rfc(
    7643,
    '4.1',
    "The User schema fixes each attribute's type: userName a string, active a boolean, name complex, emails, phoneNumbers and addresses multi-valued complex.",
  ),
  'rfc7643.4.1.2.groups': rfc(
    7643,
    '4.1.2',
    "A user's groups attribute is read-only: memberships change only through the Group resource, whatever a request to the user carries.",
  ),
  'rfc7643.4.2.group-schema': rfc(
    7643,
    '4.2',
    'A Group needs only the core Group schema (urn:ietf:params:scim:schemas:core:2.0:Group), which defines displayName and members; extensions are optional.',
  ),
  'rfc7643.4.3.manager': rfc(
    7643,
    '4.3',
    'The enterprise extension\'s manager is a complex attribute: "value" holds the manager\'s id, with "$ref" and "displayName" beside it.',
  ),
  'rfc7643.5.service-provider-config': rfc(
    7643,
    '5',
    'The ServiceProviderConfig describes the service: patch, bulk, filter, changePassword, sort and etag (each saying whether it is supported) and authenticationSchemes, all required.',
  ),
  'rfc7643.6.resource-type': rfc(
    7643,
    '6',
    'A ResourceType gives a name, an endpoint and a schema (an id is optional); its schema and the schema of each of its schemaExtensions must equal the id of a Schema resource.',
  ),
  'rfc7643.7.schema-definition': rfc(
    7643,
    '7',
    'A schema resource has its URI as id and defines each attribute by name and type, with the keywords of this section for mutability, returned and uniqueness.',
  ),
  'rfc7643.8.7.1.group-display-name': rfc(
    7643,
    '8.7.1',
    'The Group schema defines displayName with caseExact false: group names compare without regard to letter case.',
  ),
} satisfies Record<`rfc7643.${string}`, RfcFact>;
