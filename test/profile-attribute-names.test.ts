// A profile naming an attribute RFC 7643 does not define (and no extension the profile declares) is refused when it
// loads, with the closest known name, before any request.
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from '../reference/server.ts';
import { loadProfile, PROFILES_DIR, ProfileError } from '../src/profiles/load-profile.ts';
import { runCli, tempDir } from './support/cli.ts';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** The bundled entra profile with the first user attribute's path (or a new attribute) changed, written to a file. */
async function profileWith(
  change: (profile: { users: { schemas?: string[]; attributes: Array<Record<string, unknown>> } }) => void,
): Promise<string> {
  const profile = JSON.parse(readFileSync(join(PROFILES_DIR, 'entra.json'), 'utf8'));
  change(profile);
  const dir = await tempDir();
  dirs.push(dir);
  const file = join(dir, 'profile.json');
  await writeFile(file, JSON.stringify(profile));
  return file;
}

const withPath = (path: string) => profileWith((p) => p.users.attributes.push({ source: 'mail', path, type: 'string', generator: 'text' }));

function loadError(file: string): string {
  try {
    loadProfile(file);
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileError);
    return (error as Error).message;
  }
  throw new Error(`${file} loaded`);
}

describe('attribute names in a profile', () => {
  it('refuses a misspelt core attribute, naming it, the file and the closest name', async () => {
    const file = await profileWith((p) => {
      p.users.attributes.find((a) => a.path === 'displayName')!.path = 'dispalyName';
    });
    const message = loadError(file);
    expect(message).toContain(file);
    expect(message).toMatch(/"dispalyName" is not an attribute of the core User schema \(RFC 7643\); did you mean displayName\?/);
  });

  it('refuses a misspelt sub-attribute, of a value path too, and an unknown enterprise attribute', async () => {
    expect(loadError(await withPath('name.givneName'))).toMatch(/"givneName" is not a sub-attribute of name .*did you mean givenName\?/);
    expect(loadError(await withPath('emails[type eq "work"].vaule'))).toMatch(/did you mean value\?/);
    expect(loadError(await withPath('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:departmnet'))).toMatch(
      /did you mean department\?/,
    );
  });

  it('refuses an extension the profile does not declare', async () => {
    expect(loadError(await withPath('urn:example:params:scim:schemas:extension:acme:2.0:User:badge'))).toMatch(
      /neither one RFC 7643 defines.*nor one this profile declares/,
    );
  });

  it('accepts value paths, URN-qualified paths, the common attributes and a declared vendor extension', async () => {
    const vendor = 'urn:example:params:scim:schemas:extension:acme:2.0:User';
    const file = await profileWith((p) => {
      p.users.schemas = [...(p.users.schemas ?? []), vendor];
      for (const path of [
        'emails[type eq "home"].value',
        'urn:ietf:params:scim:schemas:core:2.0:User:nickName',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter',
        `${vendor}:badge`,
        'roles[primary eq "True"].value',
      ]) {
        p.users.attributes.push({ source: 'mail', path, type: 'string', generator: 'text' });
      }
    });
    expect(loadProfile(file).profile.users.attributes.length).toBeGreaterThan(5);
    expect(loadProfile('alertmedia').profile.name).toBe('alertmedia');
  });

  it('stops the CLI with exit 2 before any request', async () => {
    const file = await profileWith((p) => {
      p.users.attributes.find((a) => a.path === 'displayName')!.path = 'dispalyName';
    });
    const token = 'profile-names-token-0123456789';
    const server = await startReferenceServer({ auth: { mode: 'bearer', token } });
    const reportDir = await tempDir();
    dirs.push(reportDir);
    try {
      const result = await runCli(['--base-url', server.baseUrl, '--report-dir', reportDir, '--profile', file], {
        env: { SCIM_TOKEN: token },
      });
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/did you mean displayName\?/);
      expect(server.requestCount()).toBe(0);
    } finally {
      await server.close();
    }
  });
});
