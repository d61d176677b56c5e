// Safe on a real tenant: the suite changes nothing it did not create, leaves nothing behind, also when Ctrl-C
// stops it half-way, and the harness itself refuses to touch what the run did not create.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from '../reference/server.ts';
import { loadProfile } from '../src/profiles/load-profile.ts';
import { Ownership, OwnershipError } from '../src/cleanup/ownership.ts';
import { readSummary, runCli, startCli, tempDir } from './support/cli.ts';

const TOKEN = 'safety-test-token-88c1';
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' };

/** Users and a group the suite did not create: some inactive, the group holding them as members. */
async function seedForeignData(baseUrl: string) {
  const ids: string[] = [];
  for (const [i, active] of [true, false, true].entries()) {
    const response = await fetch(`${baseUrl}/Users`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: `existing-${i}@customer.example`,
        active,
        name: { givenName: 'Existing', familyName: `Person${i}` },
      }),
    });
    ids.push(((await response.json()) as { id: string }).id);
  }
  await fetch(`${baseUrl}/Groups`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Existing customers',
      members: ids.map((value) => ({ value })),
    }),
  });
}

describe('data safety', () => {
  it('leaves users and groups it did not create exactly as they were, and none of its own', async () => {
    const server = await startReferenceServer({ auth: { mode: 'bearer', token: TOKEN } });
    const reportDir = await tempDir();
    dirs.push(reportDir);
    try {
      await seedForeignData(server.baseUrl);
      const before = structuredClone({ users: [...server.users.entries()], groups: [...server.groups.entries()] });
      const result = await runCli(['--base-url', server.baseUrl, '--report-dir', reportDir], { env: { SCIM_TOKEN: TOKEN } });
      expect(result.code, result.stdout).toBe(0);
      expect({ users: [...server.users.entries()], groups: [...server.groups.entries()] }).toEqual(before);
      expect((await readSummary(reportDir)).leftovers).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('on Ctrl-C stops the checks, removes what it created, and exits with 130', async () => {
    // Slow responses, so that the signal arrives while checks are in flight.
    const server = await startReferenceServer({ auth: { mode: 'bearer', token: TOKEN }, latencyMs: 40 });
    const reportDir = await tempDir();
    dirs.push(reportDir);
    try {
      await seedForeignData(server.baseUrl);
      const foreign = server.users.size;
      const run = startCli(['--base-url', server.baseUrl, '--report-dir', reportDir], { env: { SCIM_TOKEN: TOKEN } });
      // The signal comes once the run has made something on the target (the ledger's intents come before the answers).
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline && server.users.size <= foreign + 3) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(server.users.size).toBeGreaterThan(foreign);
      run.child.kill('SIGINT');
      const result = await run.done;
      expect(result.stdout).toMatch(/SIGINT: no new checks; removing what this run created/);
      expect(result.code).toBe(130);
      expect(server.users.size).toBe(foreign);
      expect(server.groups.size).toBe(1);
      const summary = await readSummary(reportDir);
      expect(summary.errors.join(' ')).toMatch(/interrupted/);
      expect(summary.leftovers).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('cleanup you can trust', () => {
  it('a server that hides deactivated users from every request: says which may remain and why, claims nothing else', async () => {
    const server = await startReferenceServer({ auth: { mode: 'bearer', token: TOKEN }, faults: ['inactive-unreachable'] });
    const reportDir = await tempDir();
    dirs.push(reportDir);
    try {
      const result = await runCli(['--base-url', server.baseUrl, '--report-dir', reportDir], { env: { SCIM_TOKEN: TOKEN } });
      const summary = await readSummary(reportDir);
      // The server kept the users the run deactivated and answers 404 for each; the run cannot remove them.
      const kept = [...server.users.entries()].filter(([, u]) => String(u.userName).startsWith('scimc-')).map(([id]) => id);
      expect(kept.length, 'the fault kept nothing: the test proves nothing').toBeGreaterThan(0);
      const unverified = summary.unverified ?? [];
      expect(unverified.length).toBe(kept.length);
      for (const id of kept)
        expect(
          unverified.some((line) => line.includes(id) && /DELETE answered 404 though this run never deleted it/.test(line)),
          id,
        ).toBe(true);
      // Not confirmed to exist, so not listed as left: only what the target itself shows is.
      expect(summary.leftovers).toEqual([]);
      expect(result.stdout).toMatch(/cleanup: \d+ resource\(s\) may remain, DELETE answered 404 though this run never deleted it/);
    } finally {
      await server.close();
    }
  });
});

describe('scim-conformance cleanup', () => {
  it('lists what crashed runs left (by the run prefix only) and deletes it only with --yes', async () => {
    const server = await startReferenceServer({ auth: { mode: 'bearer', token: TOKEN } });
    try {
      await seedForeignData(server.baseUrl);
      const post = (endpoint: string, body: Record<string, unknown>) =>
        fetch(`${server.baseUrl}/${endpoint}`, { method: 'POST', headers, body: JSON.stringify(body) });
      const user = ['urn:ietf:params:scim:schemas:core:2.0:User'];
      await post('Users', { schemas: user, userName: 'scimc-1a2b3c4d-5@example.com' });
      await post('Users', { schemas: user, userName: 'scimc-1a2b3c4d-6@example.com' });
      await post('Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'scimc-1a2b3c4d-7 Ada Lovelace' });
      // Customers' own data that merely looks similar must never match.
      await post('Users', { schemas: user, userName: 'scimc-notarun@customer.example' });
      const before = { users: server.users.size, groups: server.groups.size };
      const env = { SCIM_TOKEN: TOKEN, SCIM_BASE_URL: server.baseUrl };

      const listed = await runCli(['cleanup'], { env });
      expect(listed.code, listed.stderr).toBe(0);
      expect(listed.stdout).toMatch(/3 resource\(s\) left behind by earlier runs/);
      expect(listed.stdout).toMatch(/Nothing was deleted/);
      expect({ users: server.users.size, groups: server.groups.size }).toEqual(before);

      const deleted = await runCli(['cleanup', '--yes'], { env });
      expect(deleted.code, deleted.stderr).toBe(0);
      expect(deleted.stdout.match(/deleted /g)?.length).toBe(3);
      expect([...server.users.values()].map((u) => u.userName).sort()).toEqual([
        'existing-0@customer.example',
        'existing-1@customer.example',
        'existing-2@customer.example',
        'scimc-notarun@customer.example',
      ]);
      expect([...server.groups.values()].map((g) => g.displayName)).toEqual(['Existing customers']);
    } finally {
      await server.close();
    }
  });

  it('leaves a run still in progress alone (it cleans up itself); --force overrides', async () => {
    const server = await startReferenceServer({ auth: { mode: 'bearer', token: TOKEN } });
    const live = await tempDir();
    dirs.push(live);
    try {
      const post = (body: Record<string, unknown>) =>
        fetch(`${server.baseUrl}/Users`, { method: 'POST', headers, body: JSON.stringify(body) });
      const user = ['urn:ietf:params:scim:schemas:core:2.0:User'];
      await post({ schemas: user, userName: 'scimc-0badc0de-1@example.com' });
      await post({ schemas: user, userName: 'scimc-0ddba11a-1@example.com' });
      // Run 0badc0de is live: its marker names a process that is alive (this test's own).
      await mkdir(join(live, 'scim-conformance-live'), { recursive: true });
      await writeFile(
        join(live, 'scim-conformance-live', '0badc0de.json'),
        JSON.stringify({ runId: '0badc0de', pid: process.pid, target: server.baseUrl, startedAt: new Date().toISOString() }),
      );
      const env = { SCIM_TOKEN: TOKEN, SCIM_BASE_URL: server.baseUrl, SCIM_CONFORMANCE_LIVE_DIR: live };
      const careful = await runCli(['cleanup', '--yes'], { env });
      expect(careful.code, careful.stderr).toBe(0);
      expect(careful.stdout).toMatch(/scimc-0badc0de-1@example\.com\) \(run 0badc0de is still in progress here: left alone\)/);
      expect(careful.stdout).toMatch(/1 belong to a run still in progress \(pid \d+\); they are left alone \(--force deletes them too\)/);
      expect([...server.users.values()].map((u) => u.userName)).toEqual(['scimc-0badc0de-1@example.com']);
      const forced = await runCli(['cleanup', '--yes', '--force'], { env });
      expect(forced.code, forced.stderr).toBe(0);
      expect(server.users.size).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe('the ownership guard', () => {
  it('refuses PATCH, PUT and DELETE on resources the run did not create, before anything is sent', () => {
    const guard = new Ownership();
    guard.own('mine');
    expect(() => guard.assertMayChange('PATCH', '/Users/mine')).not.toThrow();
    expect(() => guard.assertMayChange('GET', '/Users/theirs')).not.toThrow();
    for (const method of ['PATCH', 'PUT', 'DELETE']) {
      expect(() => guard.assertMayChange(method, '/Users/theirs')).toThrow(OwnershipError);
      expect(() => guard.assertMayChange(method, '/Groups/theirs')).toThrow(/was not created by this run/);
    }
    expect(() => guard.assertMayChange('DELETE', '/Users')).toThrow(OwnershipError);
    const readOnly = new Ownership(true);
    readOnly.own('mine');
    expect(() => readOnly.assertMayChange('POST', '/Users')).toThrow(/--read-only/);
    expect(() => readOnly.assertMayChange('DELETE', '/Users/mine')).toThrow(/--read-only/);
    expect(() => readOnly.assertMayChange('GET', '/Users/mine')).not.toThrow();
  });

  it('--read-only runs only checks that change nothing, and says which it left out', async () => {
    const server = await startReferenceServer({ auth: { mode: 'bearer', token: TOKEN } });
    const reportDir = await tempDir();
    dirs.push(reportDir);
    try {
      let requests = 0;
      const result = await runCli(['--base-url', server.baseUrl, '--report-dir', reportDir, '--read-only'], { env: { SCIM_TOKEN: TOKEN } });
      requests = server.requestCount();
      expect(result.code, result.stdout).toBe(0);
      const summary = await readSummary(reportDir);
      const left = summary.checks.filter((c) => c.status === 'skipped' && /--read-only/.test(c.reason ?? ''));
      expect(left.length).toBeGreaterThan(40);
      expect(summary.checks.filter((c) => c.status === 'passed').length).toBeGreaterThan(5);
      expect(server.users.size + server.groups.size).toBe(0);
      expect(requests).toBeGreaterThan(0);
      expect(existsSync(join(reportDir, 'created-resources.jsonl'))).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('is what every check uses: no check file reaches the HTTP client or the configuration directly', async () => {
    const { readdirSync } = await import('node:fs');
    const suites = join(import.meta.dirname, '..', 'suites');
    const files = readdirSync(suites, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const offenders = files.filter((f) =>
      /^import (?!type)[^;]*(harness\/client\.ts|'undici'|cli\/config\.ts)|process\.env/m.test(readFileSync(join(suites, f), 'utf8')),
    );
    expect(offenders).toEqual([]);
    expect(loadProfile('entra').profile.name).toBe('entra');
  });
});
