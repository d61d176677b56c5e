// A report folder that cannot be written stops the suite and the load before any request, with one line that names
// the folder, the cause and the fix.
import { constants } from 'node:fs';
import { access, chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReferenceServer, startReferenceServer } from '../reference/server.ts';
import { runCli, tempDir } from './support/cli.ts';

const TOKEN = 'report-dir-token-0123456789';
let server: ReferenceServer;
let base: string;

beforeAll(async () => {
  server = await startReferenceServer({ auth: { mode: 'bearer', token: TOKEN } });
  base = await tempDir();
});

afterAll(async () => {
  await server.close();
  await chmod(join(base, 'read-only'), 0o755).catch(() => undefined);
  await rm(base, { recursive: true, force: true });
});

/** A folder no one may write in: chmod 555, or, for root (whom chmod does not stop), /sys, where root may not create files. */
async function readOnlyFolder(): Promise<string | undefined> {
  const dir = join(base, 'read-only');
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o555);
  const probe = join(dir, 'probe');
  const writable = await writeFile(probe, '').then(
    () => true,
    () => false,
  );
  if (!writable) return dir;
  await rm(probe, { force: true });
  const sys = await writeFile('/sys/.scimc-probe', '').then(
    () => rm('/sys/.scimc-probe').then(() => true),
    () => false,
  );
  return sys ? undefined : '/sys';
}

const COMMANDS = [
  ['the suite', [] as string[]],
  ['load', ['load', '--users', '5']],
] as const;

describe.each(COMMANDS)('%s with a report folder it cannot write', (_name, command) => {
  const run = (reportDir: string) =>
    runCli([...command, '--base-url', server.baseUrl, '--report-dir', reportDir], { env: { SCIM_TOKEN: TOKEN } });

  it('stops with exit 2 and one line when a file is in the way, before any request', async () => {
    const file = join(base, 'a-file');
    await writeFile(file, 'not a folder');
    const before = server.requestCount();
    const result = await run(file);
    expect(result.code, result.stderr).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      `scim-conformance: cannot write the report folder ${file}: a file is in the way (the folder, or a folder above it, is a file); pass --report-dir <a writable folder>`,
    );
    expect(result.stderr).not.toMatch(/unexpected error|\n\s+at /);
    expect(server.requestCount()).toBe(before);
    // Below a file, too.
    expect((await run(join(file, 'reports'))).stderr).toMatch(/a file is in the way/);
  });

  it('stops with exit 2 and one line when the folder is read-only, before any request', async (ctx) => {
    const dir = await readOnlyFolder();
    if (!dir) ctx.skip('no folder here refuses writes to this user (root ignores chmod, and /sys is writable)');
    await access(dir!, constants.F_OK);
    const before = server.requestCount();
    const result = await run(dir!);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      `scim-conformance: cannot write the report folder ${dir}: permission denied; pass --report-dir <a writable folder>`,
    ]);
    expect(server.requestCount()).toBe(before);
  });
});
