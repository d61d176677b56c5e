// The path vendors take: `npx scim-conformance` from a registry tarball, not from a clone. The project is packed
// (its prepack step builds the JavaScript), the tarball installed with --omit=dev into an empty folder, and the CLI run
// from there: files missing from the package, run-time dependencies listed as dev ones and paths resolved from the
// working directory all fail here. A folder with its own (hostile) vite/vitest config, tsconfig and package.json
// must change nothing. The package runs no script on install, and stays light: Allure's CLI (the HTML report) is
// installed only by whoever wants that report, as the report command says.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, readSummary, runCli, tempDir } from './support/cli.ts';

const run = promisify(execFile);
let installDir: string;
let bin: string;
let packed: string[];
let manifest: { scripts?: Record<string, string>; dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
let listed: string[] = [];

/** npm's environment, without what this test run sets for itself. */
function npmEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'NODE_OPTIONS' || key.startsWith('npm_')) delete env[key];
  return env;
}

beforeAll(async () => {
  const packDir = await tempDir('scimc-pack-');
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', packDir], {
    cwd: ROOT,
    env: npmEnv(),
    maxBuffer: 64 * 1024 * 1024,
  });
  const [info] = JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
  packed = info!.files.map((f) => f.path);
  const unpacked = await tempDir('scimc-unpack-');
  await run('tar', ['-xzf', join(packDir, info!.filename), '-C', unpacked, 'package/package.json']);
  manifest = JSON.parse(await readFile(join(unpacked, 'package', 'package.json'), 'utf8')) as typeof manifest;
  installDir = await tempDir('scimc-install-');
  await writeFile(join(installDir, 'package.json'), JSON.stringify({ name: 'vendor-ci', private: true }));
  await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', join(packDir, info!.filename)], {
    cwd: installDir,
    env: npmEnv(),
  });
  bin = join(installDir, 'node_modules', 'scim-conformance', 'bin', 'scim-conformance.js');
}, 600_000);

describe('the packed package', () => {
  it('holds what running needs and nothing of the tests or the TypeScript sources', () => {
    for (const needed of [
      'bin/scim-conformance.js',
      'dist/src/cli/main.js',
      'dist/worker/conformance.entry.js',
      'dist/src/kit/schema-validators.generated.cjs',
      'dist/reference/server.js',
      'schemas/profile.schema.json',
      'profiles/entra.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'package.json',
    ]) {
      expect(packed, needed).toContain(needed);
    }
    expect(packed.some((p) => p.startsWith('dist/suites/') && p.endsWith('.check.js'))).toBe(true);
    expect(
      packed.filter(
        (p) => p.startsWith('test/') || p.startsWith('src/') || p.startsWith('suites/') || p.endsWith('.ts') || p.includes('tsbuildinfo'),
      ),
    ).toEqual([]);
  });

  it('runs no script when installed, and installs light: no test runner for the report, no Allure CLI', async () => {
    expect(
      Object.keys(manifest.scripts ?? {}).filter((name) => ['preinstall', 'install', 'postinstall', 'prepare'].includes(name)),
    ).toEqual([]);
    // The repository keeps prepare (npm ci in a clone, and a git dependency, build dist/) and packing left it as it was.
    const repository = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as typeof manifest;
    expect(repository.scripts?.prepare).toBe('npm run build');
    expect(existsSync(join(ROOT, 'package.json.packing'))).toBe(false);
    expect(Object.keys(manifest.dependencies ?? {})).not.toContain('allure');
    expect(Object.keys(manifest.dependencies ?? {})).not.toContain('log-update');
    expect(existsSync(join(installDir, 'node_modules', 'allure'))).toBe(false);
    let bytes = 0;
    let packages = 0;
    for (const entry of await readdir(join(installDir, 'node_modules'), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      bytes += (await stat(join(entry.parentPath, entry.name))).size;
      if (entry.name === 'package.json' && /node_modules[/\\](@[^/\\]+[/\\])?[^/\\@]+$/.test(entry.parentPath)) packages += 1;
    }
    console.log(`Installed without dev dependencies: ${packages} packages, ${(bytes / 1e6).toFixed(1)} MB in node_modules`);
    // 0.1.0 installed 240 packages, 108 MB; without Allure's CLI and log-update 64 packages, 55 MB (vitest and vite stay: the suite runs on them).
    expect(bytes).toBeLessThan(70e6);
    expect(packages).toBeLessThan(100);
  });

  it('installs without dev dependencies and lists the checks with npx', async () => {
    expect(existsSync(join(installDir, 'node_modules', 'typescript'))).toBe(false);
    expect(existsSync(join(installDir, 'node_modules', 'tsx'))).toBe(false);
    const { stdout } = await run('npx', ['--no-install', 'scim-conformance', '--list'], { cwd: installDir, env: npmEnv() });
    expect(stdout).toMatch(/MUST\s+users\.create\.created/);
    expect(stdout).toMatch(/^\d{2,} checks$/m);
    listed = [...stdout.matchAll(/^(?:MUST|SHOULD|MAY)\s+(\S+)$/gm)].map((m) => m[1]!).sort();
  });

  it('runs the whole suite against the bundled reference server and writes the reports under that folder', async () => {
    const result = await runCli([], { cwd: installDir, bin });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const summary = await readSummary(join(installDir, 'reports'));
    expect(summary.totals.failed).toBe(0);
    expect(summary.totals.passed).toBeGreaterThan(60);
    // --list reads the check files on disk; the run gets them from the worker bundle the build wrote: the same checks.
    expect(summary.checks.map((c) => c.id).sort()).toEqual(listed);
    for (const file of ['junit.xml', 'gallery-readiness.md', 'created-resources.jsonl'])
      expect(existsSync(join(installDir, 'reports', file)), file).toBe(true);
    const resultsDir = join(installDir, 'reports', 'allure-results');
    const resultFiles = (await readdir(resultsDir)).filter((f) => f.endsWith('-result.json'));
    expect(resultFiles.length).toBe(summary.checks.length);
    // Each check's metadata arrives whole, with ids free of the install folder, so Allure's history follows a check.
    for (const file of resultFiles) {
      const result = JSON.parse(await readFile(join(resultsDir, file), 'utf8')) as {
        labels: Array<{ name: string; value: string }>;
        description?: string;
        historyId?: string;
        testCaseId?: string;
      };
      const id = result.labels.find((l) => l.name === 'checkId')?.value;
      expect(id, file).toBeDefined();
      expect(result.historyId).toBe(`scim-conformance:entra:${id}`);
      expect(result.testCaseId).toBe(`scim-conformance:${id}`);
      expect(result.labels.map((l) => l.name)).toEqual(expect.arrayContaining(['epic', 'feature', 'story', 'severity', 'tag']));
      expect(result.description).toContain(id);
    }
    // Without Allure's CLI the report command says how to get it, in one line, and keeps the results.
    const version = manifest.devDependencies!.allure!;
    const missing = await runCli(['report'], { cwd: installDir, bin });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`run npm install --no-save allure@${version} in this folder, then the report command again`);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(resultsDir)).toBe(true);
    // Its advice, followed, builds the report.
    await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefer-offline', `allure@${version}`], {
      cwd: installDir,
      env: npmEnv(),
    });
    const html = await runCli(['report'], { cwd: installDir, bin });
    expect(html.code, html.stderr).toBe(0);
    expect(existsSync(join(installDir, 'reports', 'html', 'index.html'))).toBe(true);
  });

  it('behaves the same from a folder with its own vite, vitest and TypeScript config (only .env is read)', async () => {
    const hostile = await tempDir('scimc-hostile-');
    await writeFile(join(hostile, 'vite.config.ts'), "throw new Error('the vendor vite config was loaded');\n");
    await writeFile(
      join(hostile, 'vitest.config.ts'),
      "export default { test: { include: ['nothing/**'], reporters: ['verbose'], testTimeout: 1 } };\n",
    );
    await writeFile(join(hostile, 'vitest.workspace.ts'), "throw new Error('the vendor vitest workspace was loaded');\n");
    await writeFile(join(hostile, 'tsconfig.json'), '{ "compilerOptions": { "strict": false, "module": "commonjs" }, this is not JSON');
    await writeFile(
      join(hostile, 'package.json'),
      JSON.stringify({ name: 'vendor-app', type: 'commonjs', imports: { '#x': './nope.js' } }),
    );
    await writeFile(join(hostile, '.env'), 'SCIM_PROFILE=alohi\n');
    await mkdir(join(hostile, 'node_modules'), { recursive: true });
    const plain = await tempDir('scimc-plain-');
    await writeFile(join(plain, '.env'), 'SCIM_PROFILE=alohi\n');

    // .env names a profile: the bundled server runs only when asked for (a SCIM_ setting without a Tenant URL is an error).
    const [there, here] = await Promise.all([runCli(['--reference'], { cwd: hostile, bin }), runCli(['--reference'], { cwd: plain, bin })]);
    expect(there.code, there.stdout + there.stderr).toBe(0);
    expect(here.code, here.stdout + here.stderr).toBe(0);
    const verdicts = async (dir: string) => (await readSummary(join(dir, 'reports'))).checks.map((c) => `${c.id} ${c.status}`);
    const fromHostile = await verdicts(hostile);
    expect(fromHostile).toEqual(await verdicts(plain));
    expect((await readSummary(join(hostile, 'reports'))).profile).toBe('alohi');
    expect(there.stderr).not.toMatch(/vendor vite|vendor vitest/);
    expect(await readFile(join(hostile, 'vite.config.ts'), 'utf8')).toContain('throw');
  });
});
