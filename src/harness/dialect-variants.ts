// Both of Entra's PATCH dialects as check variants.
import type { Dialect, Variant } from './check.ts';

export const dialectVariants = (): Variant<Dialect>[] => [
  { key: 'default', title: "Entra's default PATCH dialect", value: 'default', dialect: 'default' },
  { key: 'aadOptscim062020', title: 'aadOptscim062020 dialect', value: 'aadOptscim062020', dialect: 'aadOptscim062020' },
];

/** RFC 7644 §3.5.2: a successful PATCH answers 200 with the resource or 204 without a body; both are correct. */
export const PATCH_OK = [200, 204];
