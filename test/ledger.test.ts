// The cleanup ledger: what it says is left after a run is exactly what may still exist on the target.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../src/cleanup/ledger.ts';
import { tempDir } from './support/cli.ts';

async function ledger(): Promise<Ledger> {
  return new Ledger(join(await tempDir(), 'created-resources.jsonl'));
}

describe('the cleanup ledger', () => {
  it('forgets a create that was made and removed', async () => {
    const l = await ledger();
    l.intent('Users', 'scimc-0000aaaa-1');
    l.created('Users', 'id-1', 'scimc-0000aaaa-1');
    l.removed('Users', 'id-1');
    expect(l.leftovers()).toEqual([]);
  });

  it('keeps a create whose answer never came, by name, and one that was made but not removed, by id', async () => {
    const l = await ledger();
    l.intent('Users', 'scimc-0000aaaa-1');
    l.intent('Groups', 'scimc-0000aaaa-2');
    l.created('Groups', 'g-2', 'scimc-0000aaaa-2');
    expect(l.leftovers()).toEqual([
      { endpoint: 'Users', id: '', name: 'scimc-0000aaaa-1' },
      { endpoint: 'Groups', id: 'g-2', name: 'scimc-0000aaaa-2' },
    ]);
  });

  it('forgets a create the target refused (a duplicate answered 409), but not the earlier one of that name', async () => {
    const l = await ledger();
    l.intent('Users', 'scimc-0000aaaa-1');
    l.created('Users', 'id-1', 'scimc-0000aaaa-1');
    l.intent('Users', 'scimc-0000aaaa-1');
    l.refused('Users', 'scimc-0000aaaa-1');
    expect(l.leftovers()).toEqual([{ endpoint: 'Users', id: 'id-1', name: 'scimc-0000aaaa-1' }]);
    l.removed('Users', 'id-1');
    expect(l.leftovers()).toEqual([]);
  });
});

describe('the end-of-run sweep', () => {
  function fakeClient(resources: Array<Record<string, unknown>>, lookupStatus = 200) {
    const calls: string[] = [];
    const client = {
      async get(path: string, query?: Record<string, string>) {
        calls.push(`GET ${path} ${query?.filter ?? ''}`);
        return { status: lookupStatus, json: lookupStatus === 200 ? { Resources: resources } : { detail: 'down' } };
      },
      async delete(path: string) {
        calls.push(`DELETE ${path}`);
        return { status: 204 };
      },
    };
    return { client: client as never, calls };
  }

  it('looks up a create that got no answer by its run-prefixed name, and removes exactly that resource', async () => {
    const { sweepLeftovers } = await import('../src/cleanup/sweep.ts');
    const l = await ledger();
    l.intent('Users', 'scimc-0000aaaa-7@example.com');
    const { client, calls } = fakeClient([
      { id: 'u-7', userName: 'SCIMC-0000aaaa-7@example.com' },
      { id: 'other', userName: 'someone@example.com' },
    ]);
    const result = await sweepLeftovers(l, client);
    expect(calls).toEqual(['GET /Users userName eq "scimc-0000aaaa-7@example.com"', 'DELETE /Users/u-7']);
    expect(result).toEqual({ removed: 1, left: [], unverified: [] });
  });

  it('never looks up or deletes by a name without the run prefix (a phone number may be a real person)', async () => {
    const { sweepLeftovers } = await import('../src/cleanup/sweep.ts');
    const l = await ledger();
    l.intent('Users', '15550001234');
    const { client, calls } = fakeClient([{ id: 'real-person', userName: '15550001234' }]);
    const result = await sweepLeftovers(l, client);
    expect(calls).toEqual([]);
    expect(result.removed).toBe(0);
    expect(result.left).toEqual([]);
    expect(result.unverified).toEqual([
      expect.objectContaining({
        endpoint: 'Users',
        id: '',
        name: '15550001234',
        reason: expect.stringMatching(/not looked up: check by hand/),
      }),
    ]);
  });

  it('reports a create it could not look up as possibly left, and deletes nothing', async () => {
    const { sweepLeftovers } = await import('../src/cleanup/sweep.ts');
    const l = await ledger();
    l.intent('Groups', 'scimc-0000aaaa-g1');
    const { client, calls } = fakeClient([], 503);
    const result = await sweepLeftovers(l, client);
    expect(calls).toEqual(['GET /Groups displayName eq "scimc-0000aaaa-g1"']);
    expect(result.removed).toBe(0);
    expect(result.left).toEqual([]);
    expect(result.unverified).toEqual([
      expect.objectContaining({ endpoint: 'Groups', name: 'scimc-0000aaaa-g1', reason: 'could not look it up by name: status 503' }),
    ]);
  });
});
