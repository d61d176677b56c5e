// The HTML report as a vendor sees it: built from a run with a deliberate failure, served on 127.0.0.1 and opened in
// headless Chromium. The failing check, its request and response and its spec link are visible; the token is not;
// and the page makes no request outside 127.0.0.1 (Allure's analytics tag is removed).
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from '../reference/server.ts';
import { CHROMIUM_ARGS, ensureChromium } from './support/chromium.ts';
import { ROOT, runCli, tempDir } from './support/cli.ts';

const TOKEN = 'html-report-secret-7f3a9c2e51';
const FAILING = 'users.patch.add-attributes.aadOptscim062020';
let reportDir: string;
let html: string;
let printed = '';
let server: Server;
let browser: Browser;

beforeAll(async () => {
  const executablePath = ensureChromium();
  const target = await startReferenceServer({ auth: { mode: 'bearer', token: TOKEN }, faults: ['patch-urn-keys-ignored'] });
  reportDir = await tempDir();
  try {
    const run = await runCli(['--base-url', target.baseUrl, '--report-dir', reportDir], { env: { SCIM_TOKEN: TOKEN } });
    expect(run.code, run.stderr).toBe(1);
    printed += run.stdout + run.stderr;
  } finally {
    await target.close();
  }
  const built = await runCli(['report', '--report-dir', reportDir]);
  expect(built.code, built.stderr).toBe(0);
  printed += built.stdout + built.stderr;
  html = await readFile(join(reportDir, 'html', 'index.html'), 'utf8');
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  if (reportDir) await rm(reportDir, { recursive: true, force: true });
});

describe('the HTML report', () => {
  it('comes with gallery-readiness.md naming the failed Microsoft test, its fix and the request', async () => {
    const readiness = await readFile(join(reportDir, 'gallery-readiness.md'), 'utf8');
    expect(readiness).toMatch(/\| Add attributes to a User \| \*\*FAILED\*\* \| `users\.patch\.add-attributes\.aadOptscim062020`/);
    expect(readiness).toMatch(/\| Create a new User \| passed \|/);
    expect(readiness).toMatch(/## What to fix\n\n- \*\*Validator: Add attributes to a User\*\*: `users\.patch\.add-attributes\.aadOptscim062020` \(MUST, failed\)\. .*Shown by `PATCH http/);
  });

  it('and every other file written or line printed are free of the token', async () => {
    const files = (await readdir(reportDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
    expect(files.length).toBeGreaterThan(20);
    const leaking: string[] = [];
    for (const file of files) {
      if ((await readFile(join(file.parentPath, file.name))).includes(TOKEN)) leaking.push(file.name);
    }
    expect(leaking).toEqual([]);
    expect(printed).not.toContain(TOKEN);
    expect(printed).toContain('FAIL');
  });

  it('comes from a run that started the longest dependent chains first', async () => {
    const dir = join(reportDir, 'allure-results');
    const results = await Promise.all(
      (await readdir(dir)).filter((f) => f.endsWith('-result.json')).map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as { start: number; labels: Array<{ name: string; value: string }> }),
    );
    const byStart = results.sort((a, b) => a.start - b.start).map((r) => r.labels.find((l) => l.name === 'story')?.value);
    expect(byStart.length).toBeGreaterThan(60);
    // 8 run at once: the first 8 to start hold both paging checks (each ~15 requests one after another).
    expect(byStart.slice(0, 8)).toEqual(expect.arrayContaining(['users.list.pagination', 'groups.list.pagination']));
  });

  it('is one self-contained file without the token or an analytics tag', () => {
    expect(html.length).toBeGreaterThan(100_000);
    expect(html).not.toContain(TOKEN);
    expect(html).not.toMatch(/googletagmanager|gtag\('config'/);
  });

  it('shows the failing check with its request, response and spec link, and no token', async () => {
    const address = server.address() as { port: number };
    const origin = `http://127.0.0.1:${address.port}`;
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    const outside: string[] = [];
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) outside.push(url);
    });
    await page.goto(`${origin}/`);
    await page.getByText(FAILING).first().click();
    await page.getByText('Expected: every patched attribute returned with its new value').first().waitFor();
    const text = await page.innerText('body');
    expect(text).toContain('Failed');
    expect(text).toMatch(/Request: +PATCH http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Users\//);
    expect(text).toMatch(/Response: 200/);
    expect(text).toContain('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department');
    const links = await page.locator('a[href*="rfc7644#section-3.5.2"]').count();
    const linkInText = text.includes('https://www.rfc-editor.org/rfc/rfc7644#section-3.5.2');
    expect(links > 0 || linkInText).toBe(true);
    expect(await page.content()).not.toContain(TOKEN);
    const artifacts = join(ROOT, 'reports', 'test-artifacts');
    await mkdir(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'html-report-failure.png'), fullPage: false });
    expect(outside).toEqual([]);
    await page.close();
  });

  it('holds the gallery readiness section: the failed Microsoft test, its fix and the request that showed it', async () => {
    const address = server.address() as { port: number };
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    await page.goto(`http://127.0.0.1:${address.port}/`);
    await page.getByText('Global Attachments').first().click();
    await page.getByText('Gallery readiness').first().click();
    // Allure renders a Markdown attachment into a frame of its own.
    const frame = page.frameLocator('iframe').first();
    await frame.getByText('What to fix').first().waitFor();
    const text = await frame.locator('body').innerText();
    expect(text).toMatch(/Add attributes to a User\s+FAILED/);
    expect(text).toMatch(/Create a new User\s+passed/);
    expect(text).toMatch(/Validator: Add attributes to a User: users\.patch\.add-attributes\.aadOptscim062020 \(MUST, failed\)\..*Shown by PATCH http:\/\/127\.0\.0\.1/);
    expect(await page.content()).not.toContain(TOKEN);
    await page.screenshot({ path: join(ROOT, 'reports', 'test-artifacts', 'html-report-gallery-readiness.png'), fullPage: false });
    await page.close();
  });
});
