// How the suite fakes a value for a mapped attribute. Both `profile import` and `profile discover` use it,
// so an attribute gets the same kind of value whichever way its profile was made.
import type { AttributeMapping } from '../generated/index.ts';
import { parsePath } from '../kit/scim-path.ts';

export type Generator = NonNullable<AttributeMapping['generator']>;

export interface GeneratorInput {
  path: string;
  type: AttributeMapping['type'];
  mapping?: AttributeMapping['mapping'];
  /** The Entra source attribute, or the first one an expression reads. */
  source?: string;
}

// The target path says most about a value's shape; keys are lower-cased `attribute` or `attribute.sub`.
const BY_PATH: Record<string, Generator> = {
  'emails.value': 'email',
  'name.givenname': 'givenName',
  'name.familyname': 'familyName',
  'name.formatted': 'formatted',
  displayname: 'displayName',
  title: 'jobTitle',
  preferredlanguage: 'language',
  locale: 'language',
  'phonenumbers.value': 'phone',
  employeenumber: 'digits',
  'addresses.streetaddress': 'streetAddress',
  'addresses.locality': 'locality',
  'addresses.region': 'region',
  'addresses.postalcode': 'postalCode',
  'addresses.country': 'country',
};

// For paths that do not say (externalId, custom extension attributes), the Entra source does.
const BY_SOURCE: Record<string, Generator> = {
  userprincipalname: 'upn',
  mail: 'email',
  othermails: 'email',
  givenname: 'givenName',
  surname: 'familyName',
  displayname: 'displayName',
  jobtitle: 'jobTitle',
  preferredlanguage: 'language',
  telephonenumber: 'phone',
  mobile: 'phone',
  facsimiletelephonenumber: 'phone',
  businessphones: 'phone',
  employeeid: 'digits',
  streetaddress: 'streetAddress',
  city: 'locality',
  state: 'region',
  postalcode: 'postalCode',
  country: 'country',
  objectid: 'guid',
};

// A userName fed from a phone number must stay digits only: Entra cannot filter on "+" or spaces.
const PHONE_SOURCES = new Set(['mobile', 'telephonenumber']);

function pathKey(path: string): { attribute: string; key: string } | undefined {
  try {
    const parsed = parsePath(path);
    const attribute = parsed.attribute.toLowerCase();
    // emails[type eq "work"] and emails[type eq "work"].value are the same value.
    const sub = parsed.subAttribute?.toLowerCase() ?? (parsed.filter ? 'value' : undefined);
    return { attribute, key: sub === undefined ? attribute : `${attribute}.${sub}` };
  } catch {
    return undefined;
  }
}

export function chooseGenerator(input: GeneratorInput): Generator | undefined {
  if (input.mapping === 'constant') return 'constant';
  if (input.type === 'boolean') return 'boolean';
  // A reference holds another resource's id, which the suite takes from a user it creates, never from a generator.
  if (input.type === 'reference') return undefined;
  const source = input.source?.toLowerCase();
  const parts = pathKey(input.path);
  if (parts?.attribute === 'username') {
    if (source === undefined) return 'upn';
    if (PHONE_SOURCES.has(source)) return 'phoneDigits';
    return BY_SOURCE[source] ?? 'text';
  }
  const byPath = parts ? BY_PATH[parts.key] : undefined;
  if (byPath) return byPath;
  if (parts && /guid|objectid/.test(parts.key)) return 'guid';
  const bySource = source === undefined ? undefined : BY_SOURCE[source];
  if (bySource) return bySource;
  if (input.type === 'integer') return 'digits';
  return 'text';
}

/** The first source attribute an Entra expression reads, e.g. givenName in Join(" ", [givenName], [surname]). */
export function firstSourceOf(expression: string | undefined): string | undefined {
  return expression === undefined ? undefined : /\[([^\]\s]+)\]/.exec(expression)?.[1];
}
