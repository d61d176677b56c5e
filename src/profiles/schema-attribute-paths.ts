// A SCIM schema document's attributes as the paths Entra writes to (name.givenName, emails[type eq "work"].value,
// urn:...:User:department), keeping only what a provisioning client can write and the suite can give a valid value.
import type { AttributeMapping } from '../generated/index.ts';
import { flag, list, sameName, text } from './json-reading.ts';

export interface DiscoveredPath {
  path: string;
  type: AttributeMapping['type'];
  required: boolean;
  caseExact?: boolean;
}

export interface SchemaPaths {
  paths: DiscoveredPath[];
  /** `path (reason)` for each writable attribute left out, so the vendor can add it by hand if Entra maps it. */
  leftOut: string[];
}

const WRITABLE = new Set(['readwrite', 'writeonly', 'immutable']);

// Core attributes a client may write by mutability but that Entra never sends as mapped values.
const NEVER_MAPPED = new Set(['id', 'meta', 'password', 'groups']);

const LEFT_OUT: Record<string, string> = {
  roles: 'Entra sends roles only from app-role assignments an admin maps by hand, and servers check them against their own role names',
  entitlements: 'servers check entitlements against their own catalogue, which the suite cannot know',
  timezone: "the suite has no generator for IANA time zones; a random one is a documented false failure of Microsoft's validator",
};

// These sub-attributes qualify a multi-valued value rather than hold one.
const QUALIFIERS = new Set(['type', 'primary', 'display', '$ref']);

const SCALAR_TYPES: Record<string, AttributeMapping['type']> = {
  string: 'string',
  boolean: 'boolean',
  integer: 'integer',
  datetime: 'dateTime',
  reference: 'reference',
};

const UNSUPPORTED_TYPES: Record<string, string> = {
  binary: 'binary: the suite has no generator for base64 certificates or photos',
  decimal: 'decimal: the profile format has no decimal type',
};

function writable(definition: unknown): boolean {
  return WRITABLE.has((text(definition, 'mutability') ?? 'readWrite').toLowerCase());
}

/** manager is a complex in the schema, but Entra writes the whole attribute as one reference. */
function holdsReference(name: string, subAttributes: unknown[]): boolean {
  return sameName(name, 'manager') || subAttributes.some((s) => sameName(text(s, 'name'), '$ref'));
}

class Collector {
  readonly paths: DiscoveredPath[] = [];
  readonly leftOut: string[] = [];

  scalar(path: string, definition: unknown, required: boolean): void {
    // RFC 7643 section 2.3: an attribute without a type is a string.
    const typeName = (text(definition, 'type') ?? 'string').toLowerCase();
    const unsupported = UNSUPPORTED_TYPES[typeName];
    if (unsupported) return this.skip(path, unsupported);
    const type = SCALAR_TYPES[typeName];
    if (type === undefined) return this.skip(path, `type "${typeName}" is not a SCIM attribute type`);
    // Only the manager reference has a value the suite can make (another user's id).
    if (type === 'reference') return this.skip(path, 'a URI reference: the suite has no generator for URIs');
    this.add({ path, type, required }, definition);
  }

  add(path: DiscoveredPath, definition: unknown): void {
    const caseExact = flag(definition, 'caseExact');
    this.paths.push(caseExact === undefined ? path : { ...path, caseExact });
  }

  skip(path: string, reason: string): void {
    this.leftOut.push(`${path} (${reason})`);
  }
}

function collect(out: Collector, definition: unknown, prefix: string): void {
  const name = text(definition, 'name');
  if (name === undefined || !writable(definition)) return;
  const path = `${prefix}${name}`;
  const reason = LEFT_OUT[name.toLowerCase()];
  if (reason) return out.skip(path, reason);
  const required = flag(definition, 'required') ?? false;
  const multiValued = flag(definition, 'multiValued') ?? false;
  if ((text(definition, 'type') ?? '').toLowerCase() !== 'complex') {
    if (multiValued) return out.skip(path, 'a multi-valued simple attribute: Entra maps one value per attribute');
    return out.scalar(path, definition, required);
  }
  const subAttributes = list(definition, 'subAttributes');
  if (!multiValued) {
    if (holdsReference(name, subAttributes)) return out.add({ path, type: 'reference', required }, definition);
    for (const sub of subAttributes) {
      const subName = text(sub, 'name');
      if (subName !== undefined && writable(sub)) out.scalar(`${path}.${subName}`, sub, required && (flag(sub, 'required') ?? false));
    }
    return;
  }
  const typeSub = subAttributes.find((s) => sameName(text(s, 'name'), 'type'));
  if (typeSub === undefined)
    return out.skip(path, 'multi-valued without a type sub-attribute, so Entra has no [type eq "..."] path to one value');
  const label = list(typeSub, 'canonicalValues').find((v): v is string => typeof v === 'string' && v !== '') ?? 'work';
  for (const sub of subAttributes) {
    const subName = text(sub, 'name');
    if (subName === undefined || QUALIFIERS.has(subName.toLowerCase()) || !writable(sub)) continue;
    out.scalar(`${path}[type eq "${label}"].${subName}`, sub, required && (flag(sub, 'required') ?? false));
  }
}

/** `extensionUrn` undefined: the core schema, whose attributes Entra writes without a URN. */
export function schemaAttributePaths(schema: unknown, extensionUrn?: string): SchemaPaths {
  const out = new Collector();
  for (const definition of list(schema, 'attributes')) {
    const name = text(definition, 'name')?.toLowerCase();
    if (extensionUrn === undefined && name !== undefined && NEVER_MAPPED.has(name)) continue;
    collect(out, definition, extensionUrn === undefined ? '' : `${extensionUrn}:`);
  }
  return { paths: out.paths, leftOut: out.leftOut };
}
