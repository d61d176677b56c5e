// The tree's boundaries, enforced: a check imports the kit and nothing else; HTTP and cleanup sit below the kit and
// know nothing of checks; the reference server shares no code with the suite it is there to test.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../src/paths.ts';

const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts'], {
  cwd: PACKAGE_ROOT,
  encoding: 'utf8',
})
  .split('\n')
  .filter((f) => f && !f.startsWith('dist/'));

/** Every relative import of a file (static and dynamic), as a path from the repository root. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(PACKAGE_ROOT, file), 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
    found.push(relative(PACKAGE_ROOT, normalize(join(PACKAGE_ROOT, dirname(file), match[1]!))));
  }
  return found;
}

/** Imports of the files under `from` that break the rule, as "file -> import". */
function breaking(from: string, allowed: (target: string, file: string) => boolean): string[] {
  return files
    .filter((f) => f.startsWith(from))
    .flatMap((file) => importsOf(file).map((target) => ({ file, target })))
    .filter(({ file, target }) => !allowed(target, file))
    .map(({ file, target }) => `${file} -> ${target}`);
}

const under = (target: string, ...folders: string[]) => folders.some((folder) => target.startsWith(folder));
/** The root of src/: paths, timing, version; and the generated types and small utilities every layer may use. */
const BASE = (target: string) => /^src\/[^/]+\.ts$/.test(target) || under(target, 'src/generated/', 'src/util/');

describe('the tree', () => {
  it('a check imports only the kit (src/kit/index.ts) and suites/ itself', () => {
    expect(breaking('suites/', (target) => target === 'src/kit/index.ts' || under(target, 'suites/'))).toEqual([]);
  });

  it('HTTP (client, auth, flow control, redaction) knows nothing above it', () => {
    expect(breaking('src/http/', (target) => BASE(target) || under(target, 'src/http/'))).toEqual([]);
  });

  it('cleanup (ledger, ownership, sweep), shared by the run and the load mode, sits on HTTP only', () => {
    expect(breaking('src/cleanup/', (target) => BASE(target) || under(target, 'src/http/', 'src/cleanup/'))).toEqual([]);
  });

  it('the kit sits on HTTP and cleanup, never on the runner, the reports, the load mode or the CLI', () => {
    expect(breaking('src/kit/', (target) => BASE(target) || under(target, 'src/http/', 'src/cleanup/', 'src/kit/'))).toEqual([]);
  });

  it('the reference server shares no code with the suite (a bug cannot hide on both sides)', () => {
    expect(breaking('reference/', (target) => under(target, 'reference/'))).toEqual([]);
  });

  it('the product never imports the project tests or benchmarks; it reaches the reference server only to run it', () => {
    const product = [...breaking('src/', (t) => !under(t, 'test/', 'bench/')), ...breaking('suites/', (t) => !under(t, 'test/', 'bench/'))];
    expect(product).toEqual([]);
    // Starting the bundled server, and RFC 7643's attribute table the profile check reads names from.
    const fromReference = breaking('src/', (target) => !under(target, 'reference/')).map((line) => line.split(' -> ')[1]);
    expect(new Set(fromReference)).toEqual(new Set(['reference/server.ts', 'reference/schema-attributes.ts']));
  });
});
