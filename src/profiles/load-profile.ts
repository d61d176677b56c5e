// Profiles are data: profiles/<name>.json or a path, validated against schemas/profile.schema.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { PROFILES_DIR } from '../paths.ts';
import type { Profile } from '../generated/index.ts';
import { matchingAttributes } from '../kit/profile-attributes.ts';
import { closestName } from '../util/closest-name.ts';
import { parsePath } from '../kit/scim-path.ts';
import { validateAgainst } from '../kit/schema-validator.ts';
import {
  CORE_SCHEMA,
  extensionUrn as rfcExtensionUrn,
  findSchema,
  lookupAttribute,
  type ResourceKind,
} from '../../reference/schema-attributes.ts';

export { PROFILES_DIR };

export class ProfileError extends Error {}

export function bundledProfiles(): string[] {
  return readdirSync(PROFILES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => basename(f, '.json'))
    .sort();
}

export function resolveProfilePath(nameOrPath: string, cwd = process.cwd()): string {
  if (/^[a-z0-9][a-z0-9-]*$/.test(nameOrPath)) {
    const bundled = resolve(PROFILES_DIR, `${nameOrPath}.json`);
    if (existsSync(bundled)) return bundled;
  }
  const path = resolve(cwd, nameOrPath);
  if (existsSync(path)) return path;
  throw new ProfileError(
    `profile "${nameOrPath}" not found: use a bundled profile (${bundledProfiles().join(', ')}) or a path to a profile JSON file`,
  );
}

export function loadProfile(nameOrPath: string, cwd = process.cwd()): { profile: Profile; path: string } {
  const path = resolveProfilePath(nameOrPath, cwd);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ProfileError(
      `profile ${path}: not valid JSON (${(error as Error).message}); fix the syntax or start from profiles/entra.json`,
    );
  }
  const result = validateAgainst('Profile', data);
  if (!result.valid) {
    throw new ProfileError(`profile ${path}: ${result.errors[0]}; see schemas/profile.schema.json for the allowed fields and values`);
  }
  const profile = data as Profile;
  for (const [kind, mapping] of [
    ['users', profile.users],
    ['groups', profile.groups],
  ] as const) {
    for (const [index, attribute] of (mapping?.attributes ?? []).entries()) {
      try {
        parsePath(attribute.path);
      } catch (error) {
        throw new ProfileError(`profile ${path}: /${kind}/attributes/${index}/path: ${(error as Error).message}`);
      }
    }
  }
  checkAttributeNames(profile, path);
  if (!profile.users.attributes.some((a) => a.matching !== undefined)) {
    throw new ProfileError(
      `profile ${path}: /users/attributes: no attribute has "matching"; Entra needs at least one matching attribute (usually userName with "matching": 1)`,
    );
  }
  return { profile, path };
}

/**
 * Fails on an attribute path that is in neither RFC 7643's schemas (core User or Group, the enterprise extension,
 * the common id/externalId/meta) nor under an extension the profile declares in its schemas, naming the closest
 * known name: a typo such as "dispalyName" would otherwise only show as failures against the target.
 */
export function checkAttributeNames(profile: Profile, file: string): void {
  for (const [kind, mapping] of [
    ['users', profile.users],
    ['groups', profile.groups],
  ] as const) {
    const resource = kind === 'users' ? 'User' : 'Group';
    const declared = mapping?.schemas ?? [];
    for (const [index, attribute] of (mapping?.attributes ?? []).entries()) {
      const problem = unknownName(resource, declared, attribute.path);
      if (problem) throw new ProfileError(`profile ${file}: /${kind}/attributes/${index}/path "${attribute.path}": ${problem}`);
    }
  }
}

/** Why a profile may not name this path (see checkAttributeNames), or undefined when it may. */
export function unknownName(kind: ResourceKind, declared: readonly string[], path: string): string | undefined {
  const parsed = parsePath(path);
  const rfcExtension = parsed.urn === undefined ? undefined : rfcExtensionUrn(kind, parsed.urn);
  // A vendor's own extension: the profile declares it, and only the vendor's /Schemas knows its attributes.
  if (parsed.urn !== undefined && rfcExtension === undefined) {
    if (declared.some((urn) => urn.toLowerCase() === parsed.urn!.toLowerCase())) return undefined;
    return `the schema ${parsed.urn} is neither one RFC 7643 defines for a ${kind} nor one this profile declares; add it to the "schemas" of this resource, or fix the URN`;
  }
  const where = rfcExtension ?? `the core ${kind} schema`;
  const known = rfcAttributeNames(kind, parsed.urn);
  if (parsed.attribute.toLowerCase() === 'meta' && parsed.urn === undefined) return undefined;
  const definition = lookupAttribute(kind, parsed.urn, parsed.attribute);
  if (!definition) return `"${parsed.attribute}" is not an attribute of ${where} (RFC 7643)${suggestion(parsed.attribute, known)}`;
  const subs = (definition.subAttributes ?? []).map((s) => s.name);
  for (const sub of [parsed.filter?.attribute, parsed.subAttribute]) {
    if (sub !== undefined && !lookupAttribute(kind, parsed.urn, parsed.attribute, sub)) {
      return subs.length
        ? `"${sub}" is not a sub-attribute of ${definition.name} (RFC 7643: ${subs.join(', ')})${suggestion(sub, subs)}`
        : `${definition.name} has no sub-attributes in RFC 7643, so "${definition.name}.${sub}" names nothing`;
    }
  }
  return undefined;
}

/** The names RFC 7643 gives at the top level of this schema (core plus the common attributes, or an extension). */
function rfcAttributeNames(kind: ResourceKind, urn: string | undefined): string[] {
  const schema = findSchema(urn ?? CORE_SCHEMA[kind]);
  return [...(schema?.attributes ?? []).map((a) => a.name), ...(urn === undefined ? ['id', 'meta'] : [])];
}

function suggestion(name: string, known: readonly string[]): string {
  const best = closestName(name, known, { ignoreCase: true });
  // A suggestion only when it is plausibly the same word.
  return best && best.distance <= Math.max(2, Math.floor(name.length / 3))
    ? `; did you mean ${best.name}?`
    : `; known: ${known.join(', ')}`;
}
