// The cleanup ledger: what it says is left after a run is exactly what may still exist on the target.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../src/harness/ledger.ts';
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
