// The fast Allure writer: it really replaces allure-vitest's own (a renamed private field upstream would quietly
// bring back the slow one), it writes every file, and nothing secret reaches the disk.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AllureReporter, BufferedAllureWriter } from '../src/report/allure-writer.ts';
import { Redactor } from '../src/harness/redactor.ts';
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
