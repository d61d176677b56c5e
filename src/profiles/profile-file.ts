// Writes a generated profile where the user can pass it straight to --profile, and never over their own work.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Profile } from '../generated/index.ts';
import { ProfileError } from './load-profile.ts';
import { validateAgainst } from '../kit/schema-validator.ts';

export interface WriteOptions {
  /** Default ./<name>.profile.json in cwd. */
  out?: string;
  force?: boolean;
  cwd?: string;
}

export interface WrittenProfile {
  path: string;
  /** The one line the command prints: where the profile is and how to run with it. */
  message: string;
}

/** Relative to the working directory when inside it, so the printed --profile argument can be pasted as is. */
function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  const shown = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? `.${sep}${rel}` : path;
  return /^[\w@%+=:,./\\-]+$/.test(shown) ? shown : `'${shown.replace(/'/g, `'\\''`)}'`;
}

function summary(profile: Profile): string {
  const groups = profile.groups && profile.groups.enabled !== false ? `${profile.groups.attributes.length} group attributes` : 'no groups';
  return `${profile.users.attributes.length} user attributes, ${groups}`;
}

export async function writeProfileFile(profile: Profile, options: WriteOptions = {}): Promise<WrittenProfile> {
  // A profile that fails its own schema is this tool's bug, not the input's; better no file than one --profile rejects.
  const result = validateAgainst('Profile', profile);
  if (!result.valid) {
    throw new ProfileError(
      `the generated profile does not match schemas/profile.schema.json (${result.errors.slice(0, 3).join('; ')}); please report this with the input that produced it`,
    );
  }
  const cwd = options.cwd ?? process.cwd();
  const path = resolve(cwd, options.out ?? `${profile.name}.profile.json`);
  const shown = shownPath(path, cwd);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, `${JSON.stringify(profile, null, 2)}\n`, { flag: options.force ? 'w' : 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST')
      throw new ProfileError(`${shown} already exists; pass --force to overwrite it, or choose another file with --out`);
    throw new ProfileError(`cannot write ${shown}: ${(error as Error).message}; choose another file with --out`);
  }
  return { path, message: `Wrote profile "${profile.name}" (${summary(profile)}) to ${shown}; run the suite with --profile ${shown}` };
}
