// Facts of RFC 7644, SCIM Protocol: how a client and a service provider talk.
import type { RfcFact } from '../../src/kit/index.ts';
import { rfc } from './rfc-sections.ts';

export const RFC7644_FACTS = {
  'rfc7644.2.authentication': rfc(
    7644,
    '2',
    'The service provider authenticates every client (a bearer token, for instance) and maps it to an access policy before it reads or changes anything.',
  ),
  'rfc7644.3.1.media-type': rfc(7644, '3.1', 'SCIM requests and responses carry JSON identified by the media type application/scim+json.'),
  'rfc7644.3.3.created': rfc(
    7644,
    '3.3',
    'A successful create answers 201 Created, and its body SHOULD hold the new resource as the server stored it.',
  ),
  'rfc7644.3.3.location': rfc(
    7644,
    '3.3',
    "The new resource's URI SHALL be returned in the Location header and as meta.location in the body.",
  ),
  'rfc7644.3.3.uniqueness': rfc(
    7644,
    '3.3',
    'A create that conflicts with an existing resource, such as a duplicate userName, MUST be refused with 409 Conflict and scimType uniqueness.',
  ),
  'rfc7644.3.4.1.get': rfc(7644, '3.4.1', "GET on a resource's own URL (/Users/{id}) answers 200 with that resource."),
  'rfc7644.3.4.2.list-response': rfc(
    7644,
    '3.4.2',
    'A query answers a ListResponse: totalResults, and Resources holding the matches whenever there are any.',
  ),
  'rfc7644.3.4.2.2.filter': rfc(
    7644,
    '3.4.2.2',
    'A filter (eq, sw, co, ... joined with and, or) selects the resources whose attributes satisfy it, and only those are returned.',
  ),
  'rfc7644.3.4.2.2.json-string': rfc(
    7644,
    '3.4.2.2',
    'The value a filter compares with is a JSON string: a double quote inside it is written \\" and a backslash \\\\.',
  ),
  'rfc7644.3.4.2.4.pagination': rfc(
    7644,
    '3.4.2.4',
    'startIndex (1-based) and count page a query; each page gives startIndex, itemsPerPage and totalResults, and may hold fewer resources than count asked for.',
  ),
  'rfc7644.3.4.2.5.excluded-attributes': rfc(
    7644,
    '3.4.2.5',
    'excludedAttributes names attributes to leave out of the resources returned (those always returned excepted).',
  ),
  'rfc7644.3.5.1.put': rfc(
    7644,
    '3.5.1',
    'PUT replaces the resource with the attributes sent (read-only ones are ignored) and answers 200 with the resource as stored.',
  ),
  'rfc7644.3.5.2.patch': rfc(
    7644,
    '3.5.2',
    'A PATCH is a list of add, remove and replace operations, applied in order and all or none; success answers 200 with the resource or 204 No Content.',
  ),
  'rfc7644.3.5.2.3.replace': rfc(
    7644,
    '3.5.2.3',
    'replace sets the value at its path (without a path, each attribute of its value object); an attribute without a value yet is added.',
  ),
  'rfc7644.3.5.2.3.no-target': rfc(
    7644,
    '3.5.2.3',
    'A replace whose value filter (emails[type eq "work"]) matches no element is answered 400 with scimType noTarget, by the letter of the RFC.',
  ),
  'rfc7644.3.6.delete': rfc(7644, '3.6', 'A successful DELETE answers 204 No Content.'),
  'rfc7644.3.6.gone': rfc(
    7644,
    '3.6',
    'After a DELETE, every operation on the resource answers 404, even where the server keeps the record internally.',
  ),
  'rfc7644.3.6.omitted': rfc(7644, '3.6', 'A deleted resource is left out of every later query result.'),
  'rfc7644.3.12.errors': rfc(
    7644,
    '3.12',
    'An error answers its HTTP status (400, 401, 404, 409, ...) with a SCIM Error body whose status is a string, and the scimType (uniqueness, invalidFilter, ...) that applies.',
  ),
  'rfc7644.4.discovery': rfc(
    7644,
    '4',
    '/ServiceProviderConfig, /ResourceTypes and /Schemas describe the service; the last two are lists whose entries can each be read by id, e.g. /Schemas/<schema URI>.',
  ),
} satisfies Record<`rfc7644.${string}`, RfcFact>;
