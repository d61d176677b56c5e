// The part of `npm run build` after tsc: the precompiled schema validators, then the worker bundle (which needs
// tsc's output). One script, so that the build starts tsx once.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleWorker } from './bundle-worker.ts';
import { PRECOMPILED_PATH, precompiledValidators } from './compile-validators.ts';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

writeFileSync(PRECOMPILED_PATH, precompiledValidators());
await bundleWorker(DIST);
