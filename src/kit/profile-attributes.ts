// What checks read from a profile's mapping: its matching attributes, in Entra's order, and those a vendor filters on.
import type { AttributeMapping, Profile } from '../generated/index.ts';

/** Attributes a vendor filters on: the matching ones, then strings it declares filterable (booleans would match many). */
export function filterAttributes(mapping: Profile['users'] | undefined) {
  const matching = matchingAttributes(mapping);
  const extra = (mapping?.attributes ?? []).filter(
    (a) => a.matching === undefined && a.filterable === true && a.type === 'string' && a.onCreate !== false,
  );
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
