// The fast Allure writer: it really replaces allure-vitest's own (a renamed private field upstream would quietly
// bring back the slow one), it writes every file, and nothing secret reaches the disk.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AllureReporter, BufferedAllureWriter, asVendorSees } from '../src/report/allure-writer.ts';
import { Redactor } from '../src/http/redactor.ts';
import { tempDir } from './support/cli.ts';

describe('the buffered Allure writer', () => {
  it("takes the place of allure-vitest's writer", async () => {
    const reporter = new AllureReporter(await tempDir(), new Redactor([]));
    reporter.onInit({ projects: [] } as never);
    expect(reporter.buffered).toBe(true);
  });

  it('writes results, attachments and globals, with secrets redacted', async () => {
    const dir = await tempDir();
    const writer = new BufferedAllureWriter(dir, new Redactor(['s3cret-token-value']));
    writer.writeAttachment('a-attachment.txt', Buffer.from('Authorization: Bearer s3cret-token-value'));
    writer.writeResult({ uuid: 'r1', name: 'check with s3cret-token-value' } as never);
    writer.writeGlobals('g-globals.json', { attachments: [], errors: [] });
    expect(await writer.flush()).toBe(3);
    expect(await writer.flush()).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['a-attachment.txt', 'g-globals.json', 'r1-result.json']);
    const text = await readFile(join(dir, 'a-attachment.txt'), 'utf8');
    expect(text).toBe('Authorization: Bearer [redacted]');
    expect(await readFile(join(dir, 'r1-result.json'), 'utf8')).not.toContain('s3cret');
  });
});

describe('a result as the vendor sees it', () => {
  const labels = [
    { name: 'framework', value: 'vitest' },
    { name: 'host', value: 'vm' },
    { name: 'severity', value: 'normal' },
    { name: 'tag', value: 'level:SHOULD' },
  ];
  const steps = [
    { name: 'GET /Users → 200', status: 'passed', steps: [] },
    { name: 'GET /Users → 200', status: 'passed', steps: [] },
    { name: 'scim-conformance failed at: GET /Users → 200', status: 'passed', steps: [] },
    { name: 'cleanup', status: 'passed', steps: [] },
  ];
  const failed = {
    name: 'A check [x.y]',
    status: 'failed',
    labels,
    steps,
    statusDetails: {
      message: 'Expected: a\nGot:      b\nFix:      c',
      trace: 'CheckAssertionError: Expected: a\n    at fail (file:///x.js:1:2)',
    },
  } as never;

  it('shows a failed SHOULD as a warning (broken), with its level, its failing step and no runner labels or stack', () => {
    const seen = asVendorSees(failed);
    expect(seen.status).toBe('broken');
    expect(seen.name).toBe('[SHOULD] A check [x.y]');
    expect(seen.labels.map((l) => l.name)).toEqual(['severity', 'tag']);
    expect(seen.statusDetails).toEqual({ message: 'Expected: a\nGot:      b\nFix:      c' });
    expect(seen.steps.map((s) => [s.name, s.status])).toEqual([
      ['GET /Users → 200', 'passed'],
      ['GET /Users → 200', 'broken'],
      ['cleanup', 'passed'],
    ]);
    expect(seen.steps[1]!.statusDetails).toEqual(seen.statusDetails);
  });

  it('names a check by its id, not by the worker file on this machine, and keeps its history key', () => {
    const seen = asVendorSees({
      name: 'A check [x.y]',
      status: 'passed',
      fullName: '/srv/ci/dist/worker/conformance.entry.js#profile entra A check',
      historyId: 'scim-conformance:entra:x.y',
      labels: [
        { name: 'parentSuite', value: 'profile entra' },
        { name: 'story', value: 'x.y' },
      ],
    } as never);
    expect(seen.fullName).toBe('scim-conformance profile entra x.y');
    expect(seen.historyId).toBe('scim-conformance:entra:x.y');
  });

  it('keeps it failed with --strict, a MUST failed whatever it threw, and shows a check not judged as unknown', () => {
    expect(asVendorSees(failed, true).status).toBe('failed');
    const mustLabels = [{ name: 'tag', value: 'level:MUST' }];
    const details = { message: 'Expected: x', trace: 'PreconditionFailure: x' };
    const precondition = { name: 'p', status: 'broken', labels: mustLabels, steps: [], statusDetails: details };
    expect(asVendorSees(precondition as never).status).toBe('failed');
    const notJudged = asVendorSees({
      name: 'n',
      status: 'skipped',
      labels,
      steps: [{ name: 'Not judged: no answer', status: 'passed', steps: [] }],
    } as never);
    expect(notJudged.status).toBe('unknown');
    expect(notJudged.statusDetails?.message).toBe('Not judged: no answer');
  });
});
