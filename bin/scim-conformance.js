#!/usr/bin/env node
// The published CLI: compiled JavaScript in dist/ (npm run build; `npm ci` and `npm pack` build it too).
import { existsSync } from 'node:fs';
import module from 'node:module';

// A Ctrl-C while the CLI is still loading must not be lost (nor kill it half-way): it is kept here, and the run's own
// interrupt handler takes it over as its first signal.
const early = (signal) => {
  globalThis.__scimConformanceEarlySignal ??= signal;
};
process.on('SIGINT', early);
process.on('SIGTERM', early);
globalThis.__scimConformanceEarlyListener = early;

// Node 22.1+ keeps the compiled code of every module on disk (in the OS temp folder) for the next run, vitest's
// worker included: start-up needs less CPU. Node 20 has no such cache; the call is simply absent there.
module.enableCompileCache?.();

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(
    'scim-conformance: the compiled CLI is missing (dist/). In a clone of the repository run `npm ci` or `npm run build` first.\n',
  );
  process.exit(2);
}
await import(main.href);
