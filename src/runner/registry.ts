// Checks register themselves by living in suites/**/*.check.ts (*.check.js once compiled); nothing lists them by hand.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CODE_EXT, SUITES_DIR } from '../paths.ts';
import picomatch from 'picomatch';
import type { Profile } from '../generated/index.ts';
import { AREAS, type CheckDefinition, type PlannedCheck, planChecks } from '../kit/check.ts';
import { FACTS } from '../../suites/evidence/index.ts';

export { SUITES_DIR };

export class RegistryError extends Error {}

/**
 * The compiled worker bundle (src/build/bundle-worker.ts) carries every check file of the build, keyed by its path
 * under suites/, and hands them over here before the run starts: nothing to find or import then. Otherwise (from
 * the TypeScript sources, or with another folder) the check files are found on disk.
 */
let bundled: { dir: string; modules: Record<string, { default?: unknown }> } | undefined;

export function useBundledChecks(modules: Record<string, { default?: unknown }>): void {
  bundled = { dir: SUITES_DIR, modules };
}

function checkFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: false, encoding: 'utf8' })
    .filter((f) => f.endsWith(`.check${CODE_EXT}`))
    .map((f) => join(dir, f))
    .sort();
}

function isCheck(value: unknown): value is CheckDefinition<unknown> {
  const v = value as Partial<CheckDefinition<unknown>> | undefined;
  return !!v && typeof v.id === 'string' && typeof v.run === 'function';
}

export async function loadDefinitions(dir = SUITES_DIR): Promise<{ file: string; check: CheckDefinition<any> }[]> {
  const out: { file: string; check: CheckDefinition<any> }[] = [];
  const fromBundle = bundled?.dir === dir ? bundled.modules : undefined;
  const names = fromBundle ? Object.keys(fromBundle).sort() : checkFiles(dir).map((file) => relative(dir, file));
  // Imported all at once (the file reads overlap), then taken in file order, so the plan stays the same every run.
  const modules = fromBundle
    ? names.map((name) => fromBundle[name]!)
    : await Promise.all(names.map((name) => import(pathToFileURL(join(dir, name)).href) as Promise<{ default?: unknown }>));
  for (const [index, name] of names.entries()) {
    const module = modules[index]!;
    const exported = Array.isArray(module.default) ? module.default : [module.default];
    if (!exported.length || !exported.every(isCheck)) {
      throw new RegistryError(`${name}: the default export must be a check made with defineCheck (or an array of them)`);
    }
    for (const check of exported) {
      const problem = placementProblem(name, check.id);
      if (problem) throw new RegistryError(problem);
      out.push({ file: name, check });
    }
  }
  return out;
}

/**
 * A check id leads to its file: `<area>.<file>.<rest>` lives in suites/<area>/<file>.check.ts (a shared factory's
 * checks count as the file that calls it), and the area is one of AREAS. A standard's checks carry the section of the
 * standard instead: `interop.<chapter>.<section…>.<name>` lives in suites/interop/section-<chapter>.check.ts.
 */
export function placementProblem(file: string, id: string): string | undefined {
  const [folder, base] = file.split(/[\\/]/);
  const stem = base?.replace(/\.check\.[jt]s$/, '');
  if (!(AREAS as readonly string[]).includes(folder ?? ''))
    return `${file}: a check file lives in one of suites/${AREAS.join(', suites/')}`;
  const [area, second] = id.split('.');
  if (folder === 'interop') {
    const chapter = /^section-(\d+)$/.exec(stem ?? '')?.[1];
    if (!chapter) return `${file}: a check file of suites/interop is named for its chapter of the standard (section-6.check.ts)`;
    if (area !== folder || second !== chapter || !/^interop(\.\d+)+\.[a-z][a-z0-9-]*$/.test(id))
      return `check id ${id} in ${file} must be interop.${chapter}.<section>.<name> (the id carries the section, its chapter the file)`;
    return undefined;
  }
  if (area !== folder || second !== stem) return `check id ${id} in ${file} must start with ${folder}.${stem}. (the id leads to its file)`;
  return undefined;
}

export async function loadPlan(profile: Profile, dir = SUITES_DIR): Promise<PlannedCheck[]> {
  const planned = planChecks(await loadDefinitions(dir), profile, FACTS);
  const seen = new Set<string>();
  for (const check of planned) {
    if (seen.has(check.id)) throw new RegistryError(`check id ${check.id} is defined twice (in ${check.file}); ids must be unique`);
    seen.add(check.id);
  }
  return planned;
}

/**
 * Check ids are dotted; globs treat a dot like a path separator: * stays within one segment, ** crosses them.
 * A pattern without wildcards also selects every check below it (users.filter selects users.filter.*).
 * A pattern starting with ! removes what it matches from what the others select.
 */
export function idMatcher(patterns: string[]): (id: string) => boolean {
  const positive = patterns.filter((p) => !p.startsWith('!'));
  const negative = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  const compile = (pattern: string) => {
    const glob = picomatch(pattern.replaceAll('.', '/'), { nocase: true });
    const prefix = /[*?[\]{}]/.test(pattern) ? undefined : pattern.toLowerCase();
    return (id: string) => glob(id.replaceAll('.', '/')) || (prefix !== undefined && id.toLowerCase().startsWith(`${prefix}.`));
  };
  const include = positive.map(compile);
  const exclude = negative.map(compile);
  return (id) => (include.length === 0 || include.some((m) => m(id))) && !exclude.some((m) => m(id));
}
