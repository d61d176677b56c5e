// npm runs a package's `prepare` for a clone (`npm ci` builds dist/) and for a git dependency (`npx github:...#<commit>`
// builds it), but the published package must run nothing when installed. `npm pack` / `npm publish` run `prepack`
// (which builds, then calls this with "strip") before reading package.json, and `postpack` ("restore") after:
// the tarball's package.json has no install script, the repository's is left as it was.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const MANIFEST = fileURLToPath(new URL('../../package.json', import.meta.url));
const CACHE = fileURLToPath(new URL('../../node_modules/.cache/', import.meta.url));
const KEPT = `${CACHE}scim-conformance-package.json`;
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare'];

/** Written beside it and renamed over it: the tests' CLI runs read package.json meanwhile and never see half a file. */
function replaceManifest(text: string): void {
  writeFileSync(`${MANIFEST}.packing`, text);
  renameSync(`${MANIFEST}.packing`, MANIFEST);
}

function restore(): void {
  if (!existsSync(KEPT)) return;
  replaceManifest(readFileSync(KEPT, 'utf8'));
  rmSync(KEPT);
}

if (process.argv[2] === 'strip') {
  // A pack that failed half-way left the stripped file: the kept original comes back first.
  restore();
  mkdirSync(CACHE, { recursive: true });
  const original = readFileSync(MANIFEST, 'utf8');
  writeFileSync(KEPT, original);
  const manifest = JSON.parse(original) as { scripts?: Record<string, string> };
  for (const name of INSTALL_SCRIPTS) delete manifest.scripts?.[name];
  replaceManifest(`${JSON.stringify(manifest, null, 2)}\n`);
} else if (process.argv[2] === 'restore') {
  restore();
} else {
  throw new Error('usage: pack-manifest.ts strip|restore');
}
