// The part of `npm run build` after tsc: the precompiled schema validators, then the worker bundle (which needs
// tsc's output). One script, so that the build starts tsx once.
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorker } from './bundle-worker.ts';
import { PRECOMPILED_PATH, precompiledValidators } from './compile-validators.ts';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

// tsc never deletes: a check file renamed or removed since the last build would still be found, and run, from dist/.
const SOURCE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
for (const folder of ['src', 'suites', 'reference']) {
  const compiled = join(DIST, folder);
  if (!existsSync(compiled)) continue;
  for (const file of readdirSync(compiled, { recursive: true, encoding: 'utf8' })) {
    if (file.endsWith('.js') && !existsSync(join(SOURCE_ROOT, folder, file.replace(/\.js$/, '.ts')))) rmSync(join(compiled, file));
  }
}

writeFileSync(PRECOMPILED_PATH, precompiledValidators());
await bundleWorker(DIST);
