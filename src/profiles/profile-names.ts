// Profile names end up in check tags and on the command line, so they are short lower-case slugs.
import { ProfileError } from './load-profile.ts';

const NAME = /^[a-z0-9][a-z0-9-]*$/;
const MAX_LENGTH = 40;

export function slug(value: string): string {
  const full = value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (full.length <= MAX_LENGTH) return full;
  // Cut at a word boundary: Entra's ids end in GUIDs, and a GUID's first four digits mean nothing.
  const cut = full.slice(0, MAX_LENGTH + 1);
  const boundary = cut.lastIndexOf('-');
  return (boundary > 0 ? cut.slice(0, boundary) : cut.slice(0, MAX_LENGTH)).replace(/-+$/, '');
}

/** An explicit --name must already be valid: silently rewriting it would leave the user looking for a profile that is not there. */
export function profileName(explicit: string | undefined, candidates: Array<string | undefined>, fallback: string): string {
  if (explicit !== undefined) {
    if (NAME.test(explicit)) return explicit;
    const suggestion = slug(explicit);
    throw new ProfileError(
      `--name: "${explicit}" is not a profile name; use lower-case letters, digits and hyphens${suggestion ? `, e.g. ${suggestion}` : ''}`,
    );
  }
  for (const candidate of candidates) {
    const made = candidate === undefined ? '' : slug(candidate);
    if (made !== '') return made;
  }
  return fallback;
}
