// Every shipped profile passes against the reference server set up like its vendor (base path, authentication),
// and each has a fault that its own checks catch.
import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { FAULT_RECORDS, type FaultName } from '../reference/faults.ts';
import { startReferenceServer } from '../reference/server.ts';
import { referenceLike } from '../src/cli/embedded-reference.ts';
import { bundledProfiles, loadProfile } from '../src/profiles/load-profile.ts';
import { idMatcher } from '../src/runner/registry.ts';
import type { AuthConfig } from '../src/http/client.ts';
import { readSummary, runCli, tempDir } from './support/cli.ts';
import { filesContaining, seedForeign } from './support/foreign-data.ts';

const dirs: string[] = [];

/**
 * Faults each vendor profile's own checks must catch, against the reference server set up like that vendor: the
 * `profiles` of each fault's record, exactly the checks that fail, and the run fails. For alloy the fault is in the
 * set-up: the profile says basic, the server enforces no authentication; it hands its directory to anyone, a MUST failure.
 */
const PROFILE_FAULTS: Array<{ profile: string; fault?: FaultName; serverAuthNone?: true; expected: readonly string[] }> = [
  ...FAULT_RECORDS.flatMap(([fault, { profiles = {} }]) =>
    Object.entries(profiles).map(([profile, expected]) => ({ profile, fault, expected })),
  ),
  { profile: 'alloy', serverAuthNone: true, expected: ['connection.rejects-bad-credentials.*'] },
];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

function credentials(auth: AuthConfig): { args: string[]; env: Record<string, string> } {
  if (auth.mode === 'bearer') return { args: [], env: { SCIM_TOKEN: auth.token } };
  if (auth.mode === 'basic') return { args: [], env: { SCIM_USERNAME: auth.username, SCIM_PASSWORD: auth.password } };
  return { args: [], env: {} };
}

async function runProfile(name: string, setup: { fault?: string; serverAuthNone?: boolean } = {}) {
  const { profile } = loadProfile(name);
  const { auth, options } = referenceLike(profile);
  const server = await startReferenceServer({
    ...options,
    ...(setup.serverAuthNone ? { auth: { mode: 'none' } } : {}),
    ...(setup.fault ? { faults: [setup.fault as never] } : {}),
  });
  const reportDir = await tempDir();
  dirs.push(reportDir);
  try {
    const before = seedForeign(server);
    const { env } = credentials(auth);
    const result = await runCli(['--profile', name, '--base-url', server.baseUrl, '--report-dir', reportDir], { env });
    if (result.code === 2) throw new Error(result.stderr);
    const after = { users: [...server.users.entries()], groups: [...server.groups.entries()] };
    // A user name is not a secret (the embedded one is even the tool's name); tokens and passwords are.
    const secrets = Object.entries(env)
      .filter(([key]) => key !== 'SCIM_USERNAME')
      .map(([, value]) => value);
    const leaks = {
      printed: secrets.filter((s) => (result.stdout + result.stderr).includes(s)),
      files: (await Promise.all(secrets.map((s) => filesContaining(reportDir, s)))).flat(),
    };
    return { result, summary: await readSummary(reportDir), baseUrl: server.baseUrl, before, after, leaks };
  } finally {
    await server.close();
  }
}

describe.concurrent('shipped profiles against the reference server set up like their vendor', () => {
  for (const name of bundledProfiles()) {
    it(`${name} passes every check`, async () => {
      const { result, summary, baseUrl, before, after, leaks } = await runProfile(name);
      expect(after, 'the customer data must be exactly as before, and nothing of the run left').toEqual(before);
      expect(leaks).toEqual({ printed: [], files: [] });
      const { profile } = loadProfile(name);
      if (profile.basePathHint && !profile.basePathHint.includes('{')) expect(new URL(baseUrl).pathname).toBe(profile.basePathHint);
      expect(summary.checks.filter((c) => c.status === 'failed' || c.status === 'warning').map((c) => `${c.id}: ${c.reason}`)).toEqual([]);
      // Without credentials to send, whether the endpoint refuses requests without them cannot be judged: an
      // incomplete run (exit 3), never a pass.
      const unprobed = summary.checks.filter((c) => c.status === 'not-judged').map((c) => c.id);
      expect(unprobed).toEqual(
        profile.auth === 'none' ? ['connection.rejects-bad-credentials.missing', 'connection.rejects-bad-credentials.wrong'] : [],
      );
      expect(result.code).toBe(profile.auth === 'none' ? 3 : 0);
      const skipped = summary.checks.filter((c) => c.status === 'skipped');
      if (profile.groups?.enabled === false || !profile.groups) {
        expect(skipped.filter((c) => c.id.startsWith('groups.')).length).toBeGreaterThan(5);
        expect(skipped.filter((c) => !/provisions no groups|maps no manager/.test(c.reason ?? '')).map((c) => c.id)).toEqual([]);
      }
    });
  }
});

describe.concurrent('each vendor profile catches a fault of its own', () => {
  for (const row of PROFILE_FAULTS) {
    it(`${row.profile}: ${row.fault ?? 'server without authentication'}`, async () => {
      const { result, summary } = await runProfile(row.profile, {
        ...(row.fault ? { fault: row.fault } : {}),
        ...(row.serverAuthNone ? { serverAuthNone: true } : {}),
      });
      const failing = summary.checks.filter((c) => c.status === 'failed' || c.status === 'warning').map((c) => c.id);
      const expected = idMatcher([...row.expected]);
      expect({
        missed: summary.checks
          .map((c) => c.id)
          .filter(expected)
          .filter((id) => !failing.includes(id)),
        unexpected: failing.filter((id) => !expected(id)),
      }).toEqual({ missed: [], unexpected: [] });
      expect(failing.length).toBeGreaterThan(0);
      expect(result.code).toBe(1);
    });
  }
});
