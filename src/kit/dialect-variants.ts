// The PATCH dialects a profile asks for, as check variants.
import type { Profile } from '../generated/index.ts';
import type { Dialect, Variant } from './check.ts';

const TITLES: Record<Dialect, string> = {
  default: "Entra's default PATCH dialect",
  aadOptscim062020: 'aadOptscim062020 dialect',
  rfc: 'plain RFC 7644 PATCH',
};

/** Entra's two dialects unless the profile names others. */
export function profileDialects(profile: Profile): Dialect[] {
  return profile.dialects ?? ['default', 'aadOptscim062020'];
}

export const dialectVariants = (profile: Profile): Variant<Dialect>[] =>
  profileDialects(profile).map((dialect) => ({ key: dialect, title: TITLES[dialect], value: dialect, dialect }));

/** RFC 7644 §3.5.2: a successful PATCH answers 200 with the resource or 204 without a body; both are correct. */
export const PATCH_OK = [200, 204];
