// A bad setting ends with exit code 2 and one line naming the setting, the problem and the fix; nothing crashes.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './support/cli.ts';

describe('configuration errors', () => {
  it.each([
    ['an unparsable base URL', ['--base-url', 'not a url'], {}, /SCIM_BASE_URL \/ --base-url: "not a url" is not a URL/],
    ['a base URL with credentials', ['--base-url', 'https://u:p@example.com/scim'], { SCIM_TOKEN: 'x' }, /carries credentials/],
    ['a missing token', ['--base-url', 'https://example.com/scim/v2'], {}, /SCIM_TOKEN \/ --token: no secret token is set/],
    ['an unknown auth mode', ['--auth', 'kerberos'], {}, /SCIM_AUTH \/ --auth: "kerberos" is not one of bearer, basic, oauth, none/],
    [
      'basic without a password',
      ['--base-url', 'https://example.com/scim', '--auth', 'basic', '--username', 'u'],
      {},
      /SCIM_PASSWORD \/ --password/,
    ],
    ['a bad timeout', ['--timeout', 'soon'], {}, /--timeout: "soon" is not a whole number/],
    ['an unknown profile', ['--profile', 'nope'], {}, /profile "nope" not found: use a bundled profile \(.*entra.*\)/],
    ['a bad concurrency', ['--concurrency', '0'], {}, /--concurrency: "0" is not a whole number between 1 and 64/],
    [
      'an --only that matches no check',
      ['--only', 'users.*'],
      {},
      /--only users\.\* matches no check of profile entra\. .*\(users\.\*\* or just users/,
    ],
    ['a bad load rate', ['load', '--rate', 'fast'], {}, /--rate: "fast" is neither a number of requests per second/],
    ['a bad suite rate', ['--rate', 'fast'], {}, /--rate: "fast" is not a number of requests per second above 0/],
  ])('%s', async (_name, args, env, message) => {
    const result = await runCli(args, { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('suggests the closest flag for an unknown one', async () => {
    const result = await runCli(['--stirct']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown option '--stirct'/);
    expect(result.stderr).toMatch(/--strict/);
  });

  it('names the file and the field of a malformed profile', async () => {
    const dir = await tempDir();
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ name: 'bad', title: 'Bad', users: { attributes: [{ path: 'userName', type: 'text' }] } }));
    const result = await runCli(['--profile', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(file);
    expect(result.stderr).toMatch(/\/users\/attributes\/0\/type/);
  });

  it('lets flags win over the environment and reads .env from the working directory', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, '.env'), 'SCIM_PROFILE=does-not-exist\n');
    const fromEnv = await runCli(['--list'], { cwd: dir });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toMatch(/does-not-exist/);
    const flagWins = await runCli(['--list', '--profile', 'entra'], { cwd: dir });
    expect(flagWins.code).toBe(0);
  });
});

// A CI gate that passes without testing anything is the worst thing this tool can do.
describe('no silent stand-in for the endpoint', () => {
  const tail = /Set SCIM_BASE_URL to your Tenant URL .* or pass --reference to run against the bundled reference server on purpose\./;
  it.each([
    ['in CI, without SCIM_BASE_URL', [], { CI: 'true' }, '', /SCIM_BASE_URL \/ --base-url is not set, and this is a CI run \(CI=true\)/],
    [
      'in CI, a secret that was not injected (empty)',
      [],
      { CI: 'true', SCIM_BASE_URL: '', SCIM_TOKEN: '' },
      '',
      /SCIM_BASE_URL \/ --base-url is set but empty/,
    ],
    [
      'a .env typo under CI',
      [],
      { CI: 'true' },
      'SCIM_BASEURL=https://app.example.com/scim/v2\nSCIM_TOKEN=abc\n',
      /SCIM_BASEURL \(in \.env\) is not a setting of this tool; did you mean SCIM_BASE_URL\?/,
    ],
    [
      'a .env typo outside CI',
      [],
      {},
      'SCIM_BASEURL=https://app.example.com/scim/v2\n',
      /is not set, though SCIM_BASEURL is\. SCIM_BASEURL \(in \.env\) is not a setting of this tool; did you mean SCIM_BASE_URL\?/,
    ],
    ['a token but no Tenant URL', [], { SCIM_TOKEN: 'abc' }, '', /is not set, though SCIM_TOKEN is\./],
    ['the load command in CI', ['load'], { CI: 'true' }, '', /is not set, and this is a CI run/],
    [
      '--reference with a Tenant URL',
      ['--reference', '--base-url', 'https://app.example.com/scim/v2'],
      { SCIM_TOKEN: 'x' },
      '',
      /--reference runs against the bundled reference server, but a Tenant URL is set too \(--base-url\)/,
    ],
  ] as const)('%s: exit 2 naming the variable, before anything runs', async (_name, args, env, dotenv, message) => {
    const dir = await tempDir();
    if (dotenv) await writeFile(join(dir, '.env'), dotenv);
    const result = await runCli([...args], { cwd: dir, env: { ...env } });
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    if (!/--reference runs/.test(String(message))) expect(result.stderr).toMatch(tail);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).not.toMatch(/passed/);
  });

  it('runs the bundled reference server when asked (--reference, also in CI), or outside CI with nothing configured, and says so', async () => {
    const dir = await tempDir();
    const asked = await runCli(['--reference', '--only', 'users.create.created', '--report-dir', join(dir, 'a')], {
      cwd: dir,
      env: { CI: 'true' },
    });
    expect(asked.code, asked.stdout + asked.stderr).toBe(0);
    expect(asked.stdout).toMatch(
      /Running against the bundled reference server at http:\/\/127\.0\.0\.1:\d+\/scim\/v2 .*set SCIM_BASE_URL to test your endpoint/,
    );
    const bare = await runCli(['--only', 'users.create.created', '--report-dir', join(dir, 'b')], { cwd: dir });
    expect(bare.code, bare.stdout + bare.stderr).toBe(0);
    expect(bare.stdout).toMatch(/Running against the bundled reference server/);
  });

  it('names an unknown SCIM_ setting with the closest known one, and goes on', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, '.env'), 'SCIM_TOKN=abc\n');
    const result = await runCli(['--reference', '--only', 'users.create.created', '--report-dir', join(dir, 'r')], { cwd: dir });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /warning: SCIM_TOKN \(in \.env\) is not a setting of this tool; did you mean SCIM_TOKEN\? It is ignored\./,
    );
  });
});

describe('--list', () => {
  it('prints each check with its level and one line per fact it rests on (mark, source, gist, link), honouring --only', async () => {
    const result = await runCli(['--list', '--only', 'users.filter.**']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/MUST\s+users\.filter\.eq-hit\.userName/);
    expect(result.stdout).toMatch(
      /^ +\[R\] RFC 7644 §3\.4\.2\.2 \(Filtering\): .+ https:\/\/www\.rfc-editor\.org\/rfc\/rfc7644#section-3\.4\.2\.2$/m,
    );
    expect(result.stdout).toMatch(/^ +\[C\] Microsoft, SCIM endpoint tutorial: .+ https:\/\/learn\.microsoft\.com\/\S+$/m);
    expect(result.stdout).toMatch(/^ +\[S\] field reports: .+ Reported: .+$/m);
    expect(result.stdout).not.toMatch(/users\.create/);
  });
});

describe('OAuth 2.0 client credentials', () => {
  it('runs the suite with a token from the token endpoint, and a wrong secret stops it with one line', async () => {
    const { startReferenceServer } = await import('../reference/server.ts');
    const { readdir, readFile } = await import('node:fs/promises');
    const secret = 'oauth-client-secret-5b1e77';
    const server = await startReferenceServer({ auth: { mode: 'oauth', clientId: 'vendor-ci', clientSecret: secret } });
    const reportDir = await tempDir();
    try {
      const env = { SCIM_AUTH: 'oauth', SCIM_TOKEN_URL: server.tokenUrl!, SCIM_CLIENT_ID: 'vendor-ci', SCIM_CLIENT_SECRET: secret };
      const ok = await runCli(['--base-url', server.baseUrl, '--report-dir', reportDir, '--only', 'users.create', '--only', 'connection'], {
        env,
      });
      expect(ok.code, ok.stdout + ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/\d+ passed, 0 failed, 0 warnings/);
      const printed = ok.stdout + ok.stderr;
      expect(printed).not.toContain(secret);
      for (const entry of await readdir(reportDir, { recursive: true, withFileTypes: true })) {
        if (entry.isFile()) expect((await readFile(join(entry.parentPath, entry.name), 'utf8')).includes(secret), entry.name).toBe(false);
      }
      const wrong = await runCli(['--base-url', server.baseUrl, '--report-dir', reportDir], {
        env: { ...env, SCIM_CLIENT_SECRET: 'not-the-secret-0000' },
      });
      expect(wrong.code).toBe(2);
      expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
      expect(wrong.stderr).toMatch(/invalid_client/);
      expect(wrong.stderr).not.toContain('not-the-secret-0000');
    } finally {
      await server.close();
    }
  });

  it('names the missing OAuth setting', async () => {
    const result = await runCli(['--base-url', 'https://example.com/scim', '--auth', 'oauth'], {
      env: { SCIM_CLIENT_ID: 'x', SCIM_CLIENT_SECRET: 'y' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/SCIM_TOKEN_URL \/ --token-url/);
  });
});

describe('--baseline', () => {
  it('gates only on new failures: known ones stay visible, fixed ones are reported', async () => {
    const { startReferenceServer } = await import('../reference/server.ts');
    const { readSummary } = await import('./support/cli.ts');
    const token = 'baseline-token-7781';
    const broken = await startReferenceServer({ auth: { mode: 'bearer', token }, faults: ['create-returns-200'] });
    const recorded = await tempDir();
    const now = await tempDir();
    try {
      const args = (url: string, dir: string) => ['--base-url', url, '--report-dir', dir, '--only', 'users.create', '--only', 'users.get'];
      const first = await runCli(args(broken.baseUrl, recorded), { env: { SCIM_TOKEN: token } });
      expect(first.code).toBe(1);
      // Same fault again: known, so the gate passes, and the failure is still shown.
      const again = await runCli([...args(broken.baseUrl, now), '--baseline', join(recorded, 'summary.json')], {
        env: { SCIM_TOKEN: token },
      });
      expect(again.code, again.stdout).toBe(0);
      expect(again.stdout).toMatch(/FAIL MUST +users\.create\.created/);
      expect(again.stdout).toMatch(/Baseline .*: 0 new failure\(s\), 1 known \(not gating\), 0 fixed/);
      expect((await readSummary(now)).baseline).toMatchObject({ known: ['users.create.created'], new: [], fixed: [] });
    } finally {
      await broken.close();
    }
    const other = await startReferenceServer({ auth: { mode: 'bearer', token }, faults: ['unknown-id-400'] });
    try {
      const args = [
        '--base-url',
        other.baseUrl,
        '--report-dir',
        now,
        '--only',
        'users.create',
        '--only',
        'users.get',
        '--baseline',
        join(recorded, 'summary.json'),
      ];
      const regressed = await runCli(args, { env: { SCIM_TOKEN: token } });
      expect(regressed.code).toBe(1);
      expect(regressed.stdout).toMatch(
        /1 new failure\(s\) \(users\.get\.unknown-id\), 0 known \(not gating\), 1 fixed \(users\.create\.created\)/,
      );
    } finally {
      await other.close();
    }
    const bad = await runCli(['--baseline', join(now, 'nope.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--baseline: cannot read .*nope\.json/);
  });
});
