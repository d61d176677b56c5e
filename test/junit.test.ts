// junit.xml as a CI system reads it: parsed by a strict XML parser (fast-xml-parser, the one Allure's own JUnit reader
// uses), one suite per area, each case named with its id, title and level, failures with a one-line message and the
// exchange as text, warnings passing but marked, skipped and not-judged cases with their reason.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from '../reference/server.ts';
import { Redactor } from '../src/http/redactor.ts';
import { junitXml } from '../src/report/junit.ts';
import type { Summary } from '../src/report/summary.ts';
import { readSummary, runCli, tempDir } from './support/cli.ts';

interface Property {
  name: string;
  value: string;
}
interface Case {
  classname: string;
  name: string;
  time: string;
  properties: { property: Property[] };
  failure?: { message: string; type: string; '#text': string };
  skipped?: { message: string };
  'system-out'?: string;
}
interface Suite {
  name: string;
  tests: string;
  failures: string;
  skipped: string;
  errors: string;
  time: string;
  testcase: Case[];
}

function parse(xml: string): { name: string; tests: string; failures: string; skipped: string; testsuite: Suite[] } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
  });
  return parser.parse(xml).testsuites;
}

/** A summary as a run of one profile writes it, with these checks. */
function summaryOf(checks: Summary['checks']): Summary {
  return {
    tool: { name: 'scim-conformance', version: '0' },
    target: 'http://example.test/scim',
    profile: 'entra',
    runId: 'r1',
    strict: false,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1500,
    totals: { passed: 0, failed: 0, warnings: 0, skipped: 0, notJudged: 0 },
    errors: [],
    leftovers: [],
    checks,
  };
}

const prop = (c: Case, name: string) => c.properties.property.find((p) => p.name === name)?.value;

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function run(faults: string[], auth: 'bearer' | 'none', args: string[], only: string[]) {
  const token = 'junit-token-5b1e9c7d';
  const server = await startReferenceServer({
    auth: auth === 'bearer' ? { mode: 'bearer', token } : { mode: 'none' },
    faults: faults as never,
  });
  const dir = await tempDir();
  dirs.push(dir);
  try {
    const result = await runCli(
      ['--base-url', server.baseUrl, '--report-dir', dir, '--auth', auth, ...args, ...only.flatMap((o) => ['--only', o])],
      { env: { SCIM_TOKEN: token } },
    );
    const xml = await readFile(join(dir, 'junit.xml'), 'utf8');
    return { result, xml, summary: await readSummary(dir), token };
  } finally {
    await server.close();
  }
}

describe('junit.xml', () => {
  it('a run with a failed MUST, a SHOULD warning and skipped checks: suites by area, cases a CI tool can show', async () => {
    // alertmedia maps no manager: the manager checks are skipped by the profile.
    const only = [
      'users.create.created',
      'users.get.content-type',
      'users.manager.set',
      'connection.test-connection',
      'groups.create.created',
      'discovery.schemas',
    ];
    const { result, xml, summary, token } = await run(
      ['create-returns-200', 'wrong-content-type'],
      'bearer',
      ['--profile', 'alertmedia'],
      only,
    );
    expect(result.code, result.stdout).toBe(1);
    expect(xml).not.toContain(token);
    const root = parse(xml);
    expect(root.testsuite.map((s) => s.name)).toEqual([
      'scim-conformance.connection',
      'scim-conformance.users',
      'scim-conformance.groups',
      'scim-conformance.discovery',
    ]);
    expect(Number(root.tests)).toBe(summary.checks.length);
    expect(Number(root.failures)).toBe(summary.totals.failed);
    expect(Number(root.skipped)).toBe(summary.totals.skipped + summary.totals.notJudged);

    const cases = new Map<string, Case>();
    for (const suite of root.testsuite) {
      const area = suite.name.replace('scim-conformance.', '');
      expect(Number(suite.tests)).toBe(suite.testcase.length);
      expect(Number(suite.failures)).toBe(suite.testcase.filter((c) => c.failure).length);
      expect(Number(suite.skipped)).toBe(suite.testcase.filter((c) => c.skipped).length);
      expect(suite.errors).toBe('0');
      const sum = suite.testcase.reduce((s, c) => s + Number(c.time), 0);
      expect(Math.abs(Number(suite.time) - sum)).toBeLessThan(0.01);
      for (const c of suite.testcase) {
        expect(c.classname).toMatch(new RegExp(`^scim-conformance\\.${area}\\.[A-Za-z0-9_-]+$`));
        cases.set(c.name.split(' ')[0]!, c);
      }
    }
    expect([...cases.keys()].sort()).toEqual(summary.checks.map((c) => c.id).sort());
    for (const check of summary.checks) {
      const c = cases.get(check.id)!;
      expect(c.name).toBe(`${check.id} ${check.title} [${check.level}]`);
      expect(Number(c.time)).toBeCloseTo(check.durationMs / 1000, 3);
      expect(prop(c, 'level')).toBe(check.level);
      expect(prop(c, 'status')).toBe(check.status);
    }

    const failed = cases.get('users.create.created')!;
    expect(failed.classname).toBe('scim-conformance.users.create');
    expect(failed.failure!.type).toBe('MUST');
    expect(failed.failure!.message).toMatch(/^Expected: 201 Created\b.*Got: 200/);
    expect(failed.failure!.message).not.toMatch(/\n/);
    const body = failed.failure!['#text'];
    for (const part of ['Expected:', 'Got:', 'Request:  POST ', 'Response: 200', 'Why:', 'Fix:']) expect(body).toContain(part);
    // Nothing of vitest's: no stack frames, no dump of the error object.
    expect(body).not.toMatch(/^\s+at \S/m);
    expect(body).not.toMatch(/CheckAssertionError|specLines|generalFix|node_modules|dist\/worker/);

    // A SHOULD that did not hold, without --strict: passing in JUnit, marked a warning, its details in system-out.
    const warned = cases.get('users.get.content-type')!;
    expect(warned.failure).toBeUndefined();
    expect(warned.skipped).toBeUndefined();
    expect(prop(warned, 'status')).toBe('warning');
    expect(warned['system-out']).toMatch(/^WARNING \(SHOULD, not failing the run\): Expected: Content-Type application\/scim\+json/);
    expect(warned['system-out']).toContain('Fix:');

    const skipped = summary.checks.filter((c) => c.id.startsWith('users.manager.set'));
    expect(skipped.length).toBeGreaterThan(0);
    for (const check of skipped) expect(cases.get(check.id)!.skipped!.message).toBe('profile alertmedia maps no manager');
    expect(cases.get('connection.test-connection')!.failure).toBeUndefined();
    expect(cases.get('connection.test-connection')!.skipped).toBeUndefined();
  }, 120_000);

  it('with --strict a SHOULD fails with its level as the type; a not-judged check is skipped with "not judged: "', async () => {
    const { xml, summary } = await run(
      ['wrong-content-type'],
      'none',
      ['--strict'],
      ['users.get.content-type', 'connection.rejects-bad-credentials'],
    );
    const cases = parse(xml).testsuite.flatMap((s) => s.testcase);
    const strict = cases.find((c) => c.name.startsWith('users.get.content-type '))!;
    expect(strict.failure!.type).toBe('SHOULD');
    const notJudged = summary.checks.filter((c) => c.status === 'not-judged');
    expect(notJudged.length).toBeGreaterThan(0);
    for (const check of notJudged) {
      const c = cases.find((x) => x.name.startsWith(`${check.id} `))!;
      expect(c.skipped!.message).toBe(`not judged: ${check.reason}`);
    }
  }, 120_000);

  it('with --gallery a warning on a gallery item fails, as it fails the run; other warnings stay passing', async () => {
    const only = ['discovery.schemas.mapped-attributes', 'users.get.content-type'];
    const { result, xml } = await run(['schemas-missing-enterprise', 'wrong-content-type'], 'bearer', ['--gallery'], only);
    expect(result.code, result.stdout).toBe(1);
    const root = parse(xml);
    const cases = root.testsuite.flatMap((s) => s.testcase);
    const gallery = cases.find((c) => c.name.startsWith('discovery.schemas.mapped-attributes '))!;
    expect(prop(gallery, 'status')).toBe('warning');
    expect(gallery.failure!.type).toBe('SHOULD');
    expect(gallery.failure!.message).toMatch(/^gallery item would fail: Expected: /);
    expect(root.failures).toBe('1');
    const validator = cases.find((c) => c.name.startsWith('users.get.content-type '))!;
    expect(validator.failure).toBeUndefined();
    expect(validator['system-out']).toMatch(/^WARNING/);
  }, 120_000);

  it('escapes markup, drops the control characters XML cannot hold, and redacts secrets holding markup', () => {
    const secret = 'tok&<en>"x';
    const summary: Summary = {
      ...summaryOf([]),
      totals: { passed: 0, failed: 1, warnings: 0, skipped: 0, notJudged: 0 },
      checks: [
        {
          id: 'users.odd',
          title: 'Odd <title> & "quotes"',
          level: 'MUST',
          status: 'failed',
          reason: `Expected: a\u0007b — Got: ${secret}\n]]>`,
          durationMs: 1234,
        },
      ],
    };
    const details = new Map([
      [
        'users.odd',
        {
          area: 'users' as const,
          feature: 'odd feature!',
          message: `Expected: a\u0007b\nGot: ${secret} ]]> \u001b[31mred\u001b[0m\nFix: x`,
        },
      ],
    ]);
    const xml = junitXml(summary, details, new Redactor([secret]));
    expect(xml).not.toContain(secret);
    const c = parse(xml).testsuite[0]!.testcase[0]!;
    expect(c.classname).toBe('scim-conformance.users.odd-feature');
    expect(c.name).toBe('users.odd Odd <title> & "quotes" [MUST]');
    expect(c.time).toBe('1.234');
    expect(c.failure!.message).toBe('Expected: ab — Got: [redacted] ]]>');
    expect(c.failure!['#text']).toBe('Expected: ab\nGot: [redacted] ]]> [31mred[0m\nFix: x');
  });

  it('reports what fails a run besides its checks: errors as a JUnit error, leftovers as a failure, unverified as output', () => {
    const base: Summary = {
      ...summaryOf([]),
      totals: { passed: 1, failed: 0, warnings: 0, skipped: 0, notJudged: 0 },
      checks: [{ id: 'users.create', title: 'Create', level: 'MUST', status: 'passed', durationMs: 10 }],
    };
    const clean = parse(junitXml(base, new Map(), new Redactor([])));
    expect(clean.testsuite.map((s) => s.name)).toEqual(['scim-conformance.users']);
    const summary: Summary = {
      ...base,
      errors: ['suites/users/create.check.ts failed to load: SyntaxError', 'the run was interrupted (SIGINT); 3 of 9 checks did not run'],
      leftovers: ['User scimc-r1-ann (id 7)'],
      unverified: ['Group scimc-r1-g (id 9): the target gave no answer'],
    };
    const xml = junitXml(summary, new Map(), new Redactor([]));
    const all = parse(xml) as unknown as {
      tests: string;
      failures: string;
      errors: string;
      testsuite: Array<Suite & { testcase: Array<Case & { error?: { message: string; '#text': string } }> }>;
    };
    expect([all.tests, all.failures, all.errors]).toEqual(['3', '1', '1']);
    const run = all.testsuite.find((s) => s.name === 'scim-conformance.run')!;
    expect([run.tests, run.failures, run.errors]).toEqual(['2', '1', '1']);
    const [errors, cleanup] = run.testcase;
    expect(errors!.name).toBe('run.errors The run finished every check it planned');
    expect(errors!.error!.message).toBe('suites/users/create.check.ts failed to load: SyntaxError');
    expect(errors!.error!['#text']).toContain('3 of 9 checks did not run');
    expect(cleanup!.failure!.message).toBe('1 resource(s) of this run are still on the target: User scimc-r1-ann (id 7)');
    expect(cleanup!['system-out']).toContain('Group scimc-r1-g (id 9): the target gave no answer');
  });
});
