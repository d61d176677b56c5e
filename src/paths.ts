// Where the package's files are, whether it runs from TypeScript sources (a clone, tests) or from the compiled
// JavaScript in dist/ (the published package). Everything is found from this file, never from the working directory.
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);

/** The folder holding src/, suites/ and reference/: the package root, or its dist/. */
export const CODE_ROOT = dirname(dirname(here));
/** `.ts` from sources, `.js` when compiled: the extension of check files and of the vitest entry. */
export const CODE_EXT = extname(here);
/** The folder holding package.json, schemas/ and profiles/. */
export const PACKAGE_ROOT = basename(CODE_ROOT) === 'dist' && CODE_EXT === '.js' ? dirname(CODE_ROOT) : CODE_ROOT;

export const SUITES_DIR = join(CODE_ROOT, 'suites');
export const PROFILES_DIR = join(PACKAGE_ROOT, 'profiles');
export const SCHEMAS_DIR = join(PACKAGE_ROOT, 'schemas');
export const PACKAGE_JSON = join(PACKAGE_ROOT, 'package.json');
