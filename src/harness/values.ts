// Realistic values for profile attributes, unique per resource and recognisable as this run's own (run prefix).
// Values for matching attributes avoid characters Entra cannot filter on (entra-protocol.md, Matching).
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

  constructor(readonly prefix: string) {}

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
      case 'upn': return `${tag}@example.com`;
      case 'email': return `${tag}.mail@example.com`;
      case 'givenName': return pick(GIVEN, round);
      case 'familyName': return `${pick(FAMILY, round)}`;
      case 'formatted': return `${pick(GIVEN, round)} ${pick(FAMILY, round)}`;
      case 'displayName': return `${tag} ${pick(GIVEN, round)} ${pick(FAMILY, round)}`;
      case 'jobTitle': return pick(TITLES, round);
      case 'language': return pick(LANGUAGES, round);
      case 'phone': return `+1 425 555 ${digits(number, 4)}`;
      case 'phoneDigits': return `1425555${digits(number, 4)}`;
      case 'digits': return digits(number * 7919, 6);
      case 'streetAddress': return city.street;
      case 'locality': return city.locality;
      case 'region': return city.region;
      case 'postalCode': return city.postal;
      case 'country': return city.country;
      case 'guid': return randomUUID();
      case 'constant': return attribute.constant ?? '';
      case 'boolean': return true;
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
