// Realistic values for profile attributes, unique per resource and recognisable as this run's own (run prefix).
// Values for matching attributes avoid characters Entra cannot filter on (Microsoft's provisioning known issues).
import { randomUUID } from 'node:crypto';
import type { AttributeMapping } from '../generated/index.ts';
import { setPath } from './scim-path.ts';

/** round 0 is the value sent on create; round 1, 2, ... are later updates that must differ from it. */
export type Round = number;

const CITIES = [
  { street: '1 Microsoft Way', locality: 'Redmond', region: 'WA', postal: '98052', country: 'US' },
  { street: '10 Downing Street', locality: 'London', region: 'England', postal: 'SW1A 2AA', country: 'GB' },
  { street: 'Unter den Linden 77', locality: 'Berlin', region: 'BE', postal: '10117', country: 'DE' },
];
const LANGUAGES = ['en-US', 'de-DE', 'fr-FR'];
const TITLES = ['Engineer', 'Senior Engineer', 'Engineering Manager'];
const GIVEN = ['Ada', 'Grace', 'Edsger'];
const FAMILY = ['Lovelace', 'Hopper', 'Dijkstra'];

function pick<T>(list: T[], round: Round): T {
  return list[round % list.length]!;
}

function digits(seed: number, length: number): string {
  return String(seed).padStart(length, '0').slice(-length);
}

export class ValueFactory {
  private sequence = 0;

  /**
   * `password`: what a create sends as the user's password where the client sends one (Okta): one per run, made by the
   * CLI, which redacts it from every report as it does the token.
   */
  constructor(
    readonly prefix: string,
    readonly password = 'Ok!unset-password-9z',
  ) {}

  /** A fresh number for one resource; values derived from it are unique within the run. */
  nextSeed(): number {
    this.sequence += 1;
    return this.sequence;
  }

  value(attribute: AttributeMapping, seed: number, round: Round = 0): unknown {
    const tag = `${this.prefix}-${seed}${round ? `r${round}` : ''}`;
    const city = pick(CITIES, round);
    const number = seed * 10 + round;
    switch (attribute.generator) {
      case 'upn':
        return `${tag}@example.com`;
      case 'email':
        return `${tag}.mail@example.com`;
      case 'givenName':
        return pick(GIVEN, round);
      case 'familyName':
        return `${pick(FAMILY, round)}`;
      case 'formatted':
        return `${pick(GIVEN, round)} ${pick(FAMILY, round)}`;
      case 'displayName':
        return `${tag} ${pick(GIVEN, round)} ${pick(FAMILY, round)}`;
      case 'jobTitle':
        return pick(TITLES, round);
      case 'language':
        return pick(LANGUAGES, round);
      case 'phone':
        return `+1 425 555 ${digits(number, 4)}`;
      case 'phoneDigits':
        return `1425555${digits(number, 4)}`;
      case 'digits':
        return digits(number * 7919, 6);
      case 'streetAddress':
        return city.street;
      case 'locality':
        return city.locality;
      case 'region':
        return city.region;
      case 'postalCode':
        return city.postal;
      case 'country':
        return city.country;
      case 'guid':
        return randomUUID();
      case 'constant':
        return attribute.constant ?? '';
      case 'boolean':
        return true;
      case 'text':
      case undefined:
      default:
        if (attribute.mapping === 'constant' && attribute.constant !== undefined) return attribute.constant;
        if (attribute.type === 'boolean') return true;
        return tag;
    }
  }

  /** A value for a filter that must match nothing: same shape as a real one, never created. */
  missingValue(attribute: AttributeMapping): string {
    const ghost = `${this.prefix}-missing-${randomUUID().slice(0, 8)}`;
    if (attribute.generator === 'upn' || attribute.generator === 'email') return `${ghost}@example.com`;
    if (attribute.generator === 'phoneDigits' || attribute.generator === 'digits') return `9${Date.now() % 1e9}`;
    return ghost;
  }

  /**
   * A value as a real directory holds it (other scripts, the longest lengths, quotes, plus-addressing), for the
   * attributes hasDirectoryValue accepts; undefined for the others. The existing values above stay as they are.
   */
  directoryValue(attribute: AttributeMapping, seed: number, round: Round, form: DirectoryForm): string | undefined {
    if (!hasDirectoryValue(attribute, form)) return undefined;
    const field = directoryField(attribute)!;
    const tag = `${this.prefix}-${seed}${round ? `r${round}` : ''}`;
    if (form === 'plus-address') return `${tag}.mail+${round ? `update${round}` : 'scim'}@example.com`;
    if (form === 'quoted') return `${tag} Sinéad "Shay" O'Brien-Smith`;
    if (form === 'max-length') {
      const length = DIRECTORY_MAX_LENGTH[field]!;
      const start = round * 3;
      if (field === 'displayName') return fill(`${tag} `, length, start);
      if (field === 'formatted') return `${fill('', 64, start)} ${fill('', 64, start + 1)}`;
      return fill('', length, start + (field === 'surname' ? 1 : field === 'jobTitle' ? 2 : field === 'department' ? 4 : 0));
    }
    const person = pick(PEOPLE, round);
    switch (field) {
      case 'givenName':
        return person.given;
      case 'surname':
        return person.family;
      case 'formatted':
        return `${person.given} ${person.family}`;
      case 'displayName':
        return `${tag} ${person.given} ${person.family}`;
      case 'jobTitle':
        return person.title;
      case 'department':
        return person.department;
      case 'streetAddress':
        return person.street;
      case 'city':
        return person.city;
      default:
        return person.state;
    }
  }
}

/** The resource body Entra sends on create: the profile's schemas and every mapped attribute that has a value. */
export function buildResource(
  schemas: string[],
  attributes: AttributeMapping[],
  values: Map<string, unknown>,
  resourceType: 'User' | 'Group',
): Record<string, unknown> {
  const body: Record<string, unknown> = { schemas: [...schemas] };
  for (const attribute of attributes) {
    if (!values.has(attribute.path)) continue;
    setPath(body, attribute.path, values.get(attribute.path));
  }
  body.meta = { resourceType };
  return body;
}

/** The same value in a different letter case, for filters on attributes that are not case-exact. */
export function swapCase(value: string): string {
  const swapped = [...value].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
  return swapped === value ? value.toUpperCase() : swapped;
}

/**
 * The directory attributes real tenants fill with names in any script, by the Entra (Microsoft Graph) property an
 * attribute carries. Matching attributes are never among them: Entra cannot filter on special characters in the value
 * of a matching attribute (Microsoft's known issues for provisioning), so those keep the plain values above.
 */
export type DirectoryField =
  'givenName' | 'surname' | 'formatted' | 'displayName' | 'jobTitle' | 'department' | 'streetAddress' | 'city' | 'state' | 'mail';

/**
 * What a value exercises: names in several scripts with apostrophes and hyphens, the longest value Entra allows,
 * a double quote and an apostrophe (for filters), or a plus-addressed mail.
 */
export type DirectoryForm = 'scripts' | 'max-length' | 'quoted' | 'plus-address';

/**
 * The longest values Microsoft Graph allows on a user (https://learn.microsoft.com/en-us/graph/api/resources/user),
 * in characters; formatted is Entra's Join(" ", givenName, surname), so the two longest names and a space.
 */
export const DIRECTORY_MAX_LENGTH: Partial<Record<DirectoryField, number>> = {
  displayName: 256,
  givenName: 64,
  surname: 64,
  formatted: 129,
  jobTitle: 128,
  department: 64,
};

// One person per round, so an update sends other names than the create. Every round holds characters outside
// ISO-8859-1, each name fits in 32 characters and each displayName in 64 (the max-length form tests the limits).
// Only characters of the Basic Multilingual Plane, precomposed: a string's JS length is its number of code points.
const PEOPLE = [
  {
    given: 'Zoë-Łucja',
    family: "O'Brien-Ñúñez",
    title: 'Инженер-программист',
    department: 'قسم الهندسة',
    street: 'Straße des 17. Juni 135',
    city: 'Łódź',
    state: 'Île-de-France',
  },
  {
    given: '太郎',
    family: '山田',
    title: "Ingénieure d'études (研究開発)",
    department: 'Forschung & Entwicklung',
    street: '丸の内1-1-1',
    city: 'Москва',
    state: 'Κρήτη',
  },
  {
    given: 'Иван',
    family: 'Петров-Водкин',
    title: 'مهندس برمجيات',
    department: 'Отдел кадров',
    street: 'شارع الملك فهد 12',
    city: '東京',
    state: 'Bayern',
  },
  {
    given: 'محمد',
    family: "D'Angelo-García",
    title: 'Diseñadora de Producto',
    department: '営業部',
    street: 'ул. Тверская, 7',
    city: 'São Paulo',
    state: 'منطقة الرياض',
  },
];

// Words for values of exactly the longest length, mixing scripts: a server that counts bytes (UTF-8) instead of
// characters cuts them short.
const WORDS = ['Zoë', 'Łukasz', "O'Brien-Smith", '山田', '太郎', 'Иван', 'Петров', 'محمد', 'Ñúñez', 'Αθηνά', '김민준'];

/** Words from `start` on after `head`, cut to exactly `length` characters, never ending in a space. */
function fill(head: string, length: number, start: number): string {
  let text = head;
  for (let i = start; text.length < length; i += 1) text += `${text && !text.endsWith(' ') ? ' ' : ''}${WORDS[i % WORDS.length]}`;
  text = text.slice(0, length);
  return text.endsWith(' ') ? `${text.slice(0, -1)}.` : text;
}

/** The Entra property an attribute carries when it is one real directories fill with any script; undefined otherwise. */
export function directoryField(attribute: AttributeMapping): DirectoryField | undefined {
  if (attribute.matching !== undefined || attribute.type !== 'string' || attribute.mapping === 'constant') return undefined;
  switch (attribute.generator) {
    case 'givenName':
      return 'givenName';
    case 'familyName':
      return 'surname';
    case 'formatted':
      return 'formatted';
    case 'displayName':
      return 'displayName';
    case 'jobTitle':
      return 'jobTitle';
    case 'streetAddress':
      return 'streetAddress';
    case 'locality':
      return 'city';
    case 'region':
      return 'state';
    case 'email':
      return 'mail';
    default:
      // department has no generator of its own (text): known by its source or its enterprise attribute name.
      return attribute.source === 'department' || /:department$/i.test(attribute.path) ? 'department' : undefined;
  }
}

/** True when directoryValue has a value of this form for the attribute. */
export function hasDirectoryValue(attribute: AttributeMapping, form: DirectoryForm): boolean {
  const field = directoryField(attribute);
  if (field === undefined) return false;
  if (form === 'max-length') return DIRECTORY_MAX_LENGTH[field] !== undefined;
  if (form === 'quoted') return field === 'displayName';
  if (form === 'plus-address') return field === 'mail';
  return field !== 'mail';
}
