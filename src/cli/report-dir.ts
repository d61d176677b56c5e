// The report folder is checked before any request: a run or a load that cannot write its reports would otherwise
// learn it only at the end, after all its requests, with an error that names neither the folder nor the fix.
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from './config.ts';

/** Creates the folder (unless `create` is false) and writes and removes a probe file in it; a ConfigError if it cannot. */
export async function ensureWritableReportDir(dir: string, options: { create?: boolean } = {}): Promise<void> {
  const probe = join(dir, `.write-probe-${randomBytes(4).toString('hex')}`);
  try {
    if (options.create !== false) await mkdir(dir, { recursive: true });
    await writeFile(probe, '');
  } catch (error) {
    throw new ConfigError(
      `cannot write the report folder ${dir}: ${cause(error as NodeJS.ErrnoException)}; pass --report-dir <a writable folder>`,
    );
  }
  await rm(probe, { force: true });
}

function cause(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'EROFS':
      return 'read-only file system';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EEXIST':
    case 'ENOTDIR':
      return 'a file is in the way (the folder, or a folder above it, is a file)';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'ENOENT':
      return 'the folder does not exist';
    default:
      return error.code ? `${error.code} (${error.message})` : error.message;
  }
}
