#!/usr/bin/env node
// The published CLI: compiled JavaScript in dist/ (npm run build; `npm ci` and `npm pack` build it too).
import { existsSync } from 'node:fs';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('scim-conformance: the compiled CLI is missing (dist/). In a clone of the repository run `npm ci` or `npm run build` first.\n');
  process.exit(2);
}
await import(main.href);
