// gallery-readiness.md takes the 25 requests per second from a load run against the same target, when one left its
// load.json in the report folder, and never from a load run against another target.
import { describe, expect, it } from 'vitest';
import { galleryReadiness, type LoadEvidence } from '../src/report/gallery-readiness.ts';
import type { Summary } from '../src/report/summary.ts';

const summary: Summary = {
  tool: { name: 'scim-conformance', version: '0.0.0' },
  target: 'https://app.example.com/scim/v2',
  profile: 'entra',
  runId: 'aaaaaaaa',
  strict: false,
  startedAt: '2026-11-23T00:00:00.000Z',
  durationMs: 1,
  totals: { passed: 1, failed: 0, warnings: 0, skipped: 0, notJudged: 0 },
  errors: [],
  leftovers: [],
  checks: [{ id: 'users.create.created', title: 'POST /Users', level: 'MUST', status: 'passed', durationMs: 1, covers: ['Validator: Create a new User'] }],
};

const load = (result: LoadEvidence['verdict']['result'], target = summary.target): LoadEvidence => ({
  runId: 'bbbbbbbb',
  startedAt: '2026-11-23T00:01:00.000Z',
  target,
  verdict: { result, summary: result === 'pass' ? 'PASS: sustained 40 rps' : 'FAIL: sustained 9 rps, below the 25 rps Microsoft requires' },
});

describe('gallery readiness and the load run', () => {
  it('says 25 requests per second is not tested without a load run', () => {
    const text = galleryReadiness(summary);
    expect(text).toMatch(/## Not tested by this suite yet[\s\S]*Sustain 25 requests per second: measured by `scim-conformance load`/);
    expect(text).not.toContain('## Load');
  });

  it('shows the verdict of a load run against the same target, and its failure under what to fix', () => {
    expect(galleryReadiness(summary, load('pass'))).toMatch(/\| Sustain 25 requests per second \| passed \| load run bbbbbbbb at .*PASS: sustained 40 rps \|/);
    const failed = galleryReadiness(summary, load('fail'));
    expect(failed).toMatch(/\| Sustain 25 requests per second \| \*\*FAILED\*\* \|/);
    expect(failed).toMatch(/## What to fix\n\n- \*\*Gallery: Sustain 25 requests per second\*\*: FAIL: sustained 9 rps/);
    const notTested = failed.slice(failed.indexOf('## Not tested by this suite yet'), failed.indexOf('## What to fix'));
    expect(notTested).not.toContain('Sustain 25');
  });

  it('ignores a load run against another target', () => {
    expect(galleryReadiness(summary, load('pass', 'https://other.example.com/scim/v2'))).not.toContain('## Load');
  });
});
