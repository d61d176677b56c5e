// The client and standard dimensions: which checks a run holds, and each client's own verdict.
import { describe, expect, it } from 'vitest';
import { clientsOf, ConfigError, standardsOf } from '../src/cli/config.ts';
import { inRun } from '../src/runner/selection.ts';
import { totalsByClient, type CheckOutcome } from '../src/report/summary.ts';
import { runCli } from './support/cli.ts';

describe('--client and --standard', () => {
  it('reads entra, okta, both, or a list, from the flag or SCIM_CLIENT (the flag wins)', () => {
    expect(clientsOf({}, {})).toBeUndefined();
    expect(clientsOf({ client: 'okta' }, { SCIM_CLIENT: 'entra' })).toEqual(['okta']);
    expect(clientsOf({}, { SCIM_CLIENT: 'Both' })).toEqual(['entra', 'okta']);
    expect(clientsOf({ client: 'okta, entra,okta' }, {})).toEqual(['okta', 'entra']);
  });

  it('names an unknown client with the closest known one, and an unknown standard', () => {
    expect(() => clientsOf({ client: 'octa' }, {})).toThrow(ConfigError);
    expect(() => clientsOf({ client: 'octa' }, {})).toThrow(
      /"octa" is not a client this suite knows \(did you mean okta\?\); use entra, okta or both/,
    );
    expect(standardsOf({}, { SCIM_STANDARD: 'interop' })).toEqual(['interop']);
    expect(() => standardsOf({ standard: ['ipsie'] }, {})).toThrow(/"ipsie" is not a standard this suite checks; use interop/);
  });

  it('holds a check when one of its clients is the run’s, and a standard’s check only when asked for', () => {
    const entra = { clients: ['entra' as const] };
    const both = { clients: ['entra' as const, 'okta' as const] };
    const interop = { clients: ['entra' as const, 'okta' as const], standard: 'interop' as const };
    expect([inRun(entra, {}), inRun(entra, { clients: ['okta'] }), inRun(both, { clients: ['okta'] })]).toEqual([true, false, true]);
    expect([inRun(interop, { clients: ['okta'] }), inRun(interop, { clients: ['okta'], standards: ['interop'] })]).toEqual([false, true]);
  });

  it('gives each client its own totals, a check for both counting for each and a standard’s for neither', () => {
    const outcome = (id: string, status: CheckOutcome['status'], clients?: CheckOutcome['clients']): CheckOutcome => ({
      id,
      title: id,
      level: 'MUST',
      status,
      durationMs: 1,
      ...(clients ? { clients } : {}),
    });
    const interop = { ...outcome('interop.6.5.1.1.path-required', 'failed', ['entra', 'okta']), standard: 'interop' as const };
    const checks = [outcome('a', 'failed'), outcome('b', 'passed', ['okta']), outcome('c', 'passed', ['entra', 'okta']), interop];
    expect(totalsByClient(['entra'], checks)).toBeUndefined();
    const by = totalsByClient(['entra', 'okta'], checks)!;
    expect([by.entra!.failed, by.entra!.passed, by.okta!.failed, by.okta!.passed]).toEqual([1, 1, 0, 2]);
  });

  it('refuses --gallery for a run without Entra: the gallery validation is of Entra requests', async () => {
    const run = await runCli(['--reference', '--client', 'okta', '--gallery']);
    expect(run.code).toBe(2);
    expect(run.stderr + run.stdout).toMatch(
      /--gallery gates on Microsoft's gallery validation, .*add --client both, or leave --gallery out/,
    );
  });
});
