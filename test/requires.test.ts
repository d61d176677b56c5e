// `requires` on a check: what the target declares unsupported never skips the check, but a failure says so.
import { describe, expect, it } from 'vitest';
import { Ownership } from '../src/cleanup/ownership.ts';
import type { PlannedCheck, Requirement } from '../src/kit/check.ts';
import type { ScimClient } from '../src/http/client.ts';
import { createContext, silentHooks } from '../src/kit/context.ts';
import type { Discovery } from '../src/kit/discovery.ts';
import { loadProfile } from '../src/profiles/load-profile.ts';
import { ValueFactory } from '../src/kit/values.ts';
import { FACTS } from '../suites/evidence/index.ts';

const { profile } = loadProfile('entra');

function check(requires: Requirement[]): PlannedCheck {
  return {
    id: 'test.requires',
    title: 'a check that fails',
    area: 'users',
    feature: 'update',
    level: 'MUST',
    evidence: [{ ...FACTS['rfc7644.3.5.2.patch'], id: 'rfc7644.3.5.2.patch' }],
    requires,
    mutates: true,
    fix: 'Support PATCH.',
    covers: [],
    chain: 1,
    phase: 'main',
    clients: ['entra'],
    file: 'test',
    run: async () => undefined,
  };
}

/** The message of the failure a check requiring `requires` throws against a target that declares `discovery`. */
function failureMessage(requires: Requirement[], discovery: Discovery): string {
  const ctx = createContext({
    check: check(requires),
    client: {} as ScimClient, // the check fails before it sends anything
    profile,
    discovery,
    values: new ValueFactory('requires-test'),
    hooks: silentHooks,
    ownership: new Ownership(),
  });
  try {
    ctx.fail({ expected: 'the PATCH applied', got: 'nothing changed' });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('ctx.fail did not throw');
}

const spc = (patch: boolean, filter: boolean): Discovery => ({
  serviceProviderConfig: { patch: { supported: patch }, filter: { supported: filter } },
  problems: [],
});

describe('a failing check on a capability the target declares unsupported', () => {
  it('says that the target declares patch unsupported and that Entra needs it anyway', () => {
    const message = failureMessage(['patch'], spc(false, true));
    expect(message).toMatch(/^Declared: .*"patch": \{"supported": false\}.*Entra needs it anyway, so the verdict stands\.$/m);
    expect(message).not.toMatch(/filter/);
    // The verdict and the rest of the message stay as they were.
    expect(message).toMatch(/^Expected: the PATCH applied$/m);
  });

  it('says so for filter, and for both in one line', () => {
    expect(failureMessage(['filter'], spc(true, false))).toMatch(/^Declared: .*"filter": \{"supported": false\}/m);
    const both = failureMessage(['patch', 'filter'], spc(false, false));
    expect(both.split('\n').filter((l) => l.startsWith('Declared:'))).toHaveLength(1);
    expect(both).toMatch(/"patch".*"filter"/);
  });

  it('says so for groups when /ResourceTypes lists no Group and the profile provisions groups', () => {
    const userOnly: Discovery = {
      resourceTypes: [{ name: 'User', endpoint: '/Users', schema: 'urn:ietf:params:scim:schemas:core:2.0:User' }],
      problems: [],
    };
    expect(failureMessage(['groups', 'patch'], userOnly)).toMatch(/^Declared: .*\/ResourceTypes lists no Group/m);
    const group = { name: 'Group', endpoint: '/Groups', schema: 'urn:ietf:params:scim:schemas:core:2.0:Group' };
    const withGroup: Discovery = { resourceTypes: [...userOnly.resourceTypes!, group], problems: [] };
    expect(failureMessage(['groups', 'patch'], withGroup)).not.toMatch(/^Declared:/m);
  });

  it('adds nothing when the target declares support, says nothing, or the check does not require the capability', () => {
    expect(failureMessage(['patch', 'filter'], spc(true, true))).not.toMatch(/^Declared:/m);
    expect(failureMessage(['patch', 'groups'], { problems: ['GET /ServiceProviderConfig: status 404'] })).not.toMatch(/^Declared:/m);
    expect(failureMessage([], spc(false, false))).not.toMatch(/^Declared:/m);
  });
});
