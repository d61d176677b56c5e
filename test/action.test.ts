// The GitHub Action (action.yml): its inputs and outputs are the documented ones, and its run step, executed as the
// runner would (bash, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY), runs the suite, builds the HTML report even when checks
// fail, hands the report paths out, fails the step on the run's exit code and never shows the token.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { startReferenceServer } from '../reference/server.ts';
import { BIN, ROOT, tempDir } from './support/cli.ts';

interface Step {
  id?: string;
  name?: string;
  if?: string;
  run?: string;
  env?: Record<string, string>;
  uses?: string;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

async function loadAction(): Promise<Action> {
  return parse(await readFile(join(ROOT, 'action.yml'), 'utf8')) as Action;
}

/** The run step's script with the runner's environment: inputs in, outputs and the job summary into files. */
async function runStep(
  inputs: Record<string, string>,
): Promise<{ code: number; outputs: Record<string, string>; summary: string; log: string }> {
  const action = await loadAction();
  const step = action.runs.steps.find((s) => s.id === 'run')!;
  const workspace = await tempDir('scimc-action-');
  const outputFile = join(workspace, 'github-output');
  const summaryFile = join(workspace, 'step-summary');
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  const value = (name: string) => inputs[name] ?? action.inputs[name]?.default ?? '';
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NO_COLOR: '1',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    SCIM_BASE_URL: value('base-url'),
    SCIM_TOKEN: value('token'),
    SCIM_PROFILE: value('profile'),
    REPORT_DIR: value('report-dir'),
    EXTRA_ARGS: value('args'),
    REFERENCE: value('reference'),
    BUILD_HTML: value('html'),
    CLI: BIN,
  };
  const result = await new Promise<{ code: number; log: string }>((resolve) => {
    execFile('bash', ['-e', '-c', step.run!], { cwd: workspace, env, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, log: stdout + stderr });
    });
  });
  const outputs = Object.fromEntries(
    (await readFile(outputFile, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { ...result, outputs, summary: await readFile(summaryFile, 'utf8') };
}

describe('the GitHub Action', () => {
  it('takes base-url, token, profile and report-dir and hands out the report paths', async () => {
    const action = await loadAction();
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['base-url', 'token', 'profile', 'report-dir']));
    expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(['exit-code', 'summary', 'junit', 'gallery-readiness', 'html']));
    for (const [name, output] of Object.entries(action.outputs)) expect(output.value, name).toBe(`\${{ steps.run.outputs.${name} }}`);
    const run = action.runs.steps.find((s) => s.id === 'run')!;
    for (const input of ['base-url', 'token', 'profile', 'report-dir'])
      expect(Object.values(run.env ?? {})).toContain(`\${{ inputs.${input} }}`);
  });

  it("leaves the job's Node.js alone unless node-version asks for one, and refuses a Node.js older than 20.19", async () => {
    const action = await loadAction();
    expect(action.inputs['node-version']?.default).toBe('');
    const setups = action.runs.steps.filter((s) => s.uses?.startsWith('actions/setup-node'));
    expect(setups).toHaveLength(1);
    expect(setups[0]!.if).toBe("inputs.node-version != ''");
    expect(setups[0]!.with?.['node-version']).toBe('${{ inputs.node-version }}');
    const install = action.runs.steps.find((s) => s.name === 'Install scim-conformance')!;
    expect(install.run).toMatch(/npm ci .*&& npm run build/);

    const check = action.runs.steps.find((s) => s.id === 'node')!.run!;
    const withNode = async (version: string | undefined) => {
      const bin = await tempDir('scimc-node-');
      if (version) {
        await writeFile(join(bin, 'node'), `#!/bin/sh\necho ${version}\n`);
        await chmod(join(bin, 'node'), 0o755);
      }
      return new Promise<{ code: number; log: string }>((resolve) => {
        execFile('/bin/bash', ['-e', '-c', check], { env: { PATH: bin } }, (error, stdout, stderr) =>
          resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, log: stdout + stderr }),
        );
      });
    };
    for (const ok of ['v20.19.0', 'v22.3.1', 'v24.0.0']) expect((await withNode(ok)).code, ok).toBe(0);
    for (const old of ['v18.20.4', 'v20.18.3']) {
      const result = await withNode(old);
      expect(result.code, old).toBe(2);
      expect(result.log).toContain(
        `::error title=scim-conformance::Node.js ${old} is too old: scim-conformance needs 20.19 or later; set the node-version input`,
      );
    }
    const none = await withNode(undefined);
    expect(none.code).toBe(2);
    expect(none.log).toMatch(/::error title=scim-conformance::no Node.js on this runner: set the node-version input/);
  });

  it('runs the suite, keeps the reports, and fails the step on a failed MUST check without showing the token', async () => {
    const token = 'action-secret-token-48d1c0';
    const server = await startReferenceServer({ auth: { mode: 'bearer', token }, faults: ['patch-urn-keys-ignored'] });
    try {
      const step = await runStep({ 'base-url': server.baseUrl, token, 'report-dir': 'out', args: '--only users.patch' });
      expect(step.code, step.log).toBe(1);
      expect(step.outputs['exit-code']).toBe('1');
      for (const name of ['summary', 'junit', 'gallery-readiness', 'html'])
        expect(existsSync(step.outputs[name]!), `${name}: ${step.outputs[name]}`).toBe(true);
      expect(step.outputs.summary).toMatch(/\/out\/summary\.json$/);
      expect(step.summary).toMatch(/# Gallery readiness/);
      expect(step.summary).toMatch(/\*\*FAILED\*\*/);
      for (const text of [step.log, step.summary, await readFile(step.outputs.html!, 'utf8')]) expect(text).not.toContain(token);
    } finally {
      await server.close();
    }
  });

  it('fails on an empty base-url (a variable that was not set), naming it, and tests nothing', async () => {
    const step = await runStep({ args: '--only users.create', html: 'false' });
    expect(step.code, step.log).toBe(2);
    expect(step.outputs['exit-code']).toBe('2');
    expect(step.log).toMatch(/::error title=scim-conformance::base-url is empty/);
    expect(step.log).not.toMatch(/Running against|passed/);
  });

  it('with reference: true runs against the bundled reference server and passes', async () => {
    const step = await runStep({ reference: 'true', args: '--only users.create', html: 'false' });
    expect(step.code, step.log).toBe(0);
    expect(step.outputs['exit-code']).toBe('0');
    expect(step.outputs.html).toBe('');
    expect(step.log).toMatch(/bundled reference server/);
  });
});
