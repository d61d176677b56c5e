// Check metadata is data, linted like test262's: stable dotted ids, evidence and a fix for every check. Levels against
// their evidence, and the evidence itself, are linted in evidence.test.ts.
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../src/profiles/load-profile.ts';
import { loadPlan } from '../src/runner/registry.ts';

const { profile } = loadProfile('entra');
const plan = await loadPlan(profile);

describe('check metadata', () => {
  it('has stable dotted ids', () => {
    for (const check of plan) expect(check.id).toMatch(/^[a-z]+(\.[A-Za-z0-9-]+)+$/);
  });

  it('cites at least one fact and names a fix for every check', () => {
    for (const check of plan) {
      expect(check.evidence.length, check.id).toBeGreaterThan(0);
      expect(check.fix.length, check.id).toBeGreaterThan(20);
    }
  });
});
