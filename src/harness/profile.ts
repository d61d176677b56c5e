// Profiles are data: profiles/<name>.json or a path, validated against schemas/profile.schema.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { PROFILES_DIR } from '../paths.ts';
import type { AttributeMapping, Profile } from '../generated/index.ts';
import { parsePath } from './scim-path.ts';
import { validateAgainst } from './schema-validator.ts';

export { PROFILES_DIR };

export class ProfileError extends Error {}

export function bundledProfiles(): string[] {
  return readdirSync(PROFILES_DIR).filter((f) => f.endsWith('.json')).map((f) => basename(f, '.json')).sort();
}

export function resolveProfilePath(nameOrPath: string, cwd = process.cwd()): string {
  if (/^[a-z0-9][a-z0-9-]*$/.test(nameOrPath)) {
    const bundled = resolve(PROFILES_DIR, `${nameOrPath}.json`);
    if (existsSync(bundled)) return bundled;
  }
  const path = resolve(cwd, nameOrPath);
  if (existsSync(path)) return path;
  throw new ProfileError(`profile "${nameOrPath}" not found: use a bundled profile (${bundledProfiles().join(', ')}) or a path to a profile JSON file`);
}

export function loadProfile(nameOrPath: string, cwd = process.cwd()): { profile: Profile; path: string } {
  const path = resolveProfilePath(nameOrPath, cwd);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ProfileError(`profile ${path}: not valid JSON (${(error as Error).message}); fix the syntax or start from profiles/entra.json`);
  }
  const result = validateAgainst('Profile', data);
  if (!result.valid) {
    throw new ProfileError(`profile ${path}: ${result.errors[0]}; see schemas/profile.schema.json for the allowed fields and values`);
  }
  const profile = data as Profile;
  for (const [kind, mapping] of [['users', profile.users], ['groups', profile.groups]] as const) {
    for (const [index, attribute] of (mapping?.attributes ?? []).entries()) {
      try {
        parsePath(attribute.path);
      } catch (error) {
        throw new ProfileError(`profile ${path}: /${kind}/attributes/${index}/path: ${(error as Error).message}`);
      }
    }
  }
  if (!profile.users.attributes.some((a) => a.matching !== undefined)) {
    throw new ProfileError(`profile ${path}: /users/attributes: no attribute has "matching"; Entra needs at least one matching attribute (usually userName with "matching": 1)`);
  }
  return { profile, path };
}

/** Attributes a vendor filters on: the matching ones, then strings it declares filterable (booleans would match many). */
export function filterAttributes(mapping: Profile['users'] | undefined) {
  const matching = matchingAttributes(mapping);
  const extra = (mapping?.attributes ?? []).filter((a) => a.matching === undefined && a.filterable === true && a.type === 'string' && a.onCreate !== false);
  return [...matching, ...extra];
}

/** Letters whose case can change; digits-only values (phone numbers as userName) have none. */
export function hasLetterCase(attribute: AttributeMapping): boolean {
  return !['phoneDigits', 'digits', 'phone', 'guid'].includes(attribute.generator ?? '');
}

/** Matching attributes in Entra's precedence order. */
export function matchingAttributes(mapping: Profile['users'] | undefined) {
  return (mapping?.attributes ?? []).filter((a) => a.matching !== undefined).sort((a, b) => a.matching! - b.matching!);
}
