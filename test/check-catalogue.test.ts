// The catalogue of checks, pinned: ids are what baselines (--baseline), Allure's history and profile exclusions key
// on, so a rename, a new check or a changed level shows in review as a change to suites/CATALOGUE.md. After a
// deliberate change: npx vitest run test/check-catalogue.test.ts -u, and commit the file with the change.
import { describe, expect, it } from 'vitest';
import { FEATURES } from '../src/kit/check.ts';
import { loadProfile } from '../src/profiles/load-profile.ts';
import { loadDefinitions, loadPlan, placementProblem } from '../src/runner/registry.ts';

const { profile } = loadProfile('entra');
const plan = await loadPlan(profile);
const definitions = await loadDefinitions();

function catalogue(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = plan.map((c) => `| \`${c.id}\` | ${c.level} | ${c.feature} | ${cell(c.title)} |`);
  return [
    '# Check catalogue',
    '',
    'Every check the suite plans with the `entra` profile (other profiles plan the same checks with their own matching',
    'attributes as variants), for every client and standard: a run holds only the checks of its clients (`--client`,',
    "default Entra's; the `*.okta-*` checks send Okta's requests, and a few others run for both), and a check of a",
    'standard (`interop.*`) runs only with `--standard interop`. Written by `test/check-catalogue.test.ts`; do not edit',
    'by hand.',
    '',
    `${plan.length} checks from ${definitions.length} definitions.`,
    '',
    '| Id | Level | Feature | Title |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

describe('the catalogue of checks', () => {
  it('is the committed suites/CATALOGUE.md (ids, levels, features and titles)', async () => {
    await expect(catalogue()).toMatchFileSnapshot('../suites/CATALOGUE.md');
  });

  it('leads from an id to its file: <area>.<file>.<rest> in suites/<area>/<file>.check.ts', () => {
    expect(definitions.map(({ file, check }) => placementProblem(file, check.id)).filter(Boolean)).toEqual([]);
    expect(placementProblem('users/get.check.ts', 'users.filter.eq-hit')).toMatch(/must start with users\.get\./);
    expect(placementProblem('misc/get.check.ts', 'misc.get.x')).toMatch(/lives in one of suites\/connection/);
  });

  it('leads from a standard check id to the chapter it is filed under: interop.6.5.1.1.<name> in suites/interop/section-6.check.ts', () => {
    expect(placementProblem('interop/section-6.check.ts', 'interop.6.5.1.1.path-required')).toBeUndefined();
    expect(placementProblem('interop/section-4.check.ts', 'interop.4.claim-boolean')).toBeUndefined();
    expect(placementProblem('interop/section-5.check.ts', 'interop.6.5.path-required')).toMatch(/must be interop\.5\.<section>\.<name>/);
    expect(placementProblem('interop/section-6.check.ts', 'interop.6.x.path-required')).toMatch(/must be interop\.6\./);
    expect(placementProblem('interop/section-6.check.ts', 'interop.6.5.Path')).toMatch(/must be interop\.6\./);
    expect(placementProblem('interop/patch.check.ts', 'interop.patch.path-required')).toMatch(/named for its chapter/);
    expect(placementProblem('users/section-6.check.ts', 'interop.6.5.x')).toMatch(/must start with users\.section-6\./);
    const interop = definitions.filter(({ file }) => file.startsWith('interop'));
    expect(interop.length).toBeGreaterThan(20);
    for (const { check } of interop)
      expect([check.id, check.standard, check.level === 'MAY'], check.id).toEqual([check.id, 'interop', false]);
  });

  it('takes the area from the folder and the feature from the closed list, every feature used', () => {
    for (const check of plan) expect(check.id.startsWith(`${check.area}.`), check.id).toBe(true);
    expect(new Set(plan.map((c) => c.feature))).toEqual(new Set(FEATURES));
  });
});
