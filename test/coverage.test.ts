// Every Microsoft SCIM Validator test (mandatory and preview) and every gallery Logic App item has a check that
// declares it in `covers`, so `--list` shows the mapping; the ones not covered yet say why.
import { describe, expect, it } from 'vitest';
import { type CoverageItem, GALLERY_LOGIC_APP, NOT_YET_COVERED, VALIDATOR_MANDATORY, VALIDATOR_PREVIEW } from '../src/kit/coverage.ts';
import { loadProfile } from '../src/profiles/load-profile.ts';
import { loadPlan } from '../src/runner/registry.ts';

const { profile } = loadProfile('entra');
const plan = await loadPlan(profile);
const covered = new Set(plan.flatMap((c) => c.covers));

describe('coverage of what Microsoft tests', () => {
  it.each([
    ['the SCIM Validator (mandatory)', VALIDATOR_MANDATORY],
    ['the SCIM Validator (preview)', VALIDATOR_PREVIEW],
    ['the gallery Logic App', GALLERY_LOGIC_APP],
  ] as const)('covers every test of %s', (_name, items) => {
    expect(items.filter((item) => !covered.has(item))).toEqual([]);
  });

  it('lets a variant stand for its own item: each form of clearing is its own gallery test', () => {
    const coveredBy = (item: CoverageItem) => plan.filter((c) => c.covers.includes(item)).map((c) => c.id);
    expect(coveredBy('Gallery: Clear an attribute with an empty string')).toEqual(['users.patch.clear.empty-string']);
    expect(coveredBy('Gallery: Clear an attribute with null')).toEqual(['users.patch.clear.null']);
    // The status of a PATCH is one fact; a dialect's 400 counts under the dialect's own item, not here again.
    expect(coveredBy('Gallery: PATCH answers 200 or 204')).toEqual(['users.patch.status']);
  });

  it('gives a reason for everything not covered yet', () => {
    for (const [item, reason] of Object.entries(NOT_YET_COVERED)) expect(reason.length, item).toBeGreaterThan(10);
  });
});
