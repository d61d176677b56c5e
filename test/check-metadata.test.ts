// Check metadata is data, linted like test262's: stable dotted ids, and levels no stronger than their evidence.
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../src/profiles/load-profile.ts';
import { loadPlan } from '../src/runner/registry.ts';

const { profile } = loadProfile('entra');
const plan = await loadPlan(profile);

describe('check metadata', () => {
  it('has stable dotted ids', () => {
    for (const check of plan) expect(check.id).toMatch(/^[a-z]+(\.[A-Za-z0-9-]+)+$/);
  });

  it('fails a server only on RFC or Microsoft-confirmed evidence', () => {
    const wrong = plan.filter((c) => c.level === 'MUST' && !c.spec.some((s) => s.evidence === 'R' || s.evidence === 'C')).map((c) => c.id);
    expect(wrong).toEqual([]);
  });

  it('never makes an unconfirmed fact more than MAY, nor a field report more than SHOULD', () => {
    const tooStrong = plan
      .filter((c) => {
        const best = c.spec.some((s) => s.evidence === 'R' || s.evidence === 'C')
          ? 'strong'
          : c.spec.some((s) => s.evidence === 'S')
            ? 'S'
            : 'U';
        return (best === 'S' && c.level === 'MUST') || (best === 'U' && c.level !== 'MAY');
      })
      .map((c) => c.id);
    expect(tooStrong).toEqual([]);
  });

  it('names at least one spec reference and a fix for every check', () => {
    for (const check of plan) {
      expect(check.spec.length, check.id).toBeGreaterThan(0);
      expect(check.fix.length, check.id).toBeGreaterThan(20);
    }
  });
});
