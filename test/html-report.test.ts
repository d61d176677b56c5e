// The HTML report as a vendor sees it: built from a run with deliberate failures, served on 127.0.0.1 and opened in
// headless Chromium, and opened from disk (file://) too. The failing check, its request and response and its spec link
// are visible; the token is not; the page makes no request outside 127.0.0.1 (Allure's analytics tag is removed); and
// the gallery readiness page is whole, a gallery item whose SHOULD check warned reading "would fail Microsoft's test".
import { readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from '../reference/server.ts';
import { artifactsDir, CHROMIUM_ARGS, findChromium } from './support/chromium.ts';
import { runCli, tempDir } from './support/cli.ts';

const TOKEN = 'html-report-secret-7f3a9c2e51';
const FAILING = 'users.patch.add-attributes.aadOptscim062020';
// A SHOULD failure under a gallery item (several members in one PATCH) and under a validator preview item.
const FAULTS = ['patch-urn-keys-ignored', 'group-add-first-member-only'] as const;
// The little of the DOM the file:// test reads inside the page (the project compiles without the DOM library).
interface DomElement {
  textContent: string | null;
  innerText: string;
  scrollHeight: number;
  lastElementChild: DomElement | null;
  contentDocument?: Doc | null;
  getBoundingClientRect(): { top: number; bottom: number; height: number };
  scrollIntoView(options?: { block: 'end' }): void;
}
interface Doc {
  body: DomElement;
  documentElement: DomElement;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement>;
}

let reportDir: string;
let html: string;
let printed = '';
let server: Server;
let browser: Browser;
// Without Chromium (outside CI) the tests that open the report in a browser are skipped; the others still run.
const executablePath = findChromium();
const inBrowser = executablePath ? it : it.skip;

beforeAll(async () => {
  const target = await startReferenceServer({ auth: { mode: 'bearer', token: TOKEN }, faults: [...FAULTS] });
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
  if (executablePath) browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
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
    expect(readiness).toMatch(
      /## What to fix\n\n- \*\*Validator: Add attributes to a User\*\*: `users\.patch\.add-attributes\.aadOptscim062020` \(MUST, failed\)\. .*Shown by `PATCH http/,
    );
    // The gallery's Logic App fails what the run only warns about; the SCIM Validator reports a warning as one.
    expect(readiness).toMatch(/\| Several members in one PATCH \| \*\*would fail Microsoft's test\*\* \| `groups\.members\.add-several\./);
    expect(readiness).toMatch(/\| Add and remove a member in one PATCH \| warning \|/);
    expect(readiness.split('\n')[2]).toBe('Gallery validation: 1 of 13 items would fail.');
    expect(printed).toContain('\nGallery validation: 1 of 13 items would fail.\n');
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
      (await readdir(dir))
        .filter((f) => f.endsWith('-result.json'))
        .map(
          async (f) =>
            JSON.parse(await readFile(join(dir, f), 'utf8')) as { start: number; labels: Array<{ name: string; value: string }> },
        ),
    );
    const started = results.sort((a, b) => a.start - b.start).map((r) => r.labels.find((l) => l.name === 'story')?.value);
    expect(started.length).toBeGreaterThan(60);
    // Test Connection runs first, alone, as in Entra.
    expect(started[0]).toBe('connection.test-connection');
    const byStart = started.slice(1);
    // 8 run at once: the first 8 to start hold both filtered paging checks (each ~15 requests one after another).
    expect(byStart.slice(0, 8)).toEqual(expect.arrayContaining(['users.list.filtered-pagination', 'groups.list.filtered-pagination']));
    // The walks of the whole list start last, once nothing else of the run creates or deletes.
    const walks = ['users.list.pagination', 'users.list.discovery-walk', 'groups.list.pagination', 'groups.list.discovery-walk'];
    expect(new Set(byStart.slice(-4))).toEqual(new Set(walks));
  });

  it('is one self-contained file without the token or an analytics tag', () => {
    expect(html.length).toBeGreaterThan(100_000);
    expect(html).not.toContain(TOKEN);
    expect(html).not.toMatch(/googletagmanager|gtag\('config'/);
  });

  inBrowser('shows the failing check with its request, response and spec link, and no token', async () => {
    const address = server.address() as { port: number };
    const origin = `http://127.0.0.1:${address.port}`;
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    const outside: string[] = [];
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) outside.push(url);
    });
    await page.goto(`${origin}/`);
    // Allure's header times the checks alone; the run's own time (connection check and clean-up too) is in Metadata.
    await page.getByText('Run time').first().waitFor();
    expect(await page.innerText('body')).toMatch(/Run time\s+\d+\.\d s/);
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
    await page.screenshot({ path: join(artifactsDir(), 'html-report-failure.png'), fullPage: false });
    expect(outside).toEqual([]);
    await page.close();
  });

  inBrowser('holds the gallery readiness section: the failed Microsoft test, its fix and the request that showed it', async () => {
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
    expect(text).toMatch(
      /Validator: Add attributes to a User: users\.patch\.add-attributes\.aadOptscim062020 \(MUST, failed\)\..*Shown by PATCH http:\/\/127\.0\.0\.1/,
    );
    expect(await page.content()).not.toContain(TOKEN);
    await page.screenshot({ path: join(artifactsDir(), 'html-report-gallery-readiness.png'), fullPage: false });
    await page.close();
  });

  inBrowser('opened from disk (file://), shows the whole gallery readiness page, down to its last section', async () => {
    const url = pathToFileURL(join(reportDir, 'html', 'index.html')).href;
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    const outside: string[] = [];
    page.on('request', (request) => {
      if (!/^(file|data|blob):/.test(request.url())) outside.push(request.url());
    });
    await page.goto(url);
    await page.getByText('Global Attachments').first().click();
    await page.getByText('Gallery readiness').first().click();
    // Measured through the frame's own document: from disk the page can read it only once the report's fix
    // (src/report/html.ts) has given the frame the page's origin, which is also what lets Allure size it.
    const measure = () =>
      page.evaluate(() => {
        const { document, innerHeight } = globalThis as unknown as { document: Doc; innerHeight: number };
        const frame = document.querySelector('iframe[title="Markdown attachment"]');
        const doc = frame?.contentDocument;
        const heading = [...(doc?.querySelectorAll('h2') ?? [])].find((h) => h.textContent === 'What to fix');
        const last = doc?.body.lastElementChild;
        if (!frame || !doc || !heading || !last) return undefined;
        last.scrollIntoView({ block: 'end' });
        const box = frame.getBoundingClientRect();
        const lastBox = last.getBoundingClientRect();
        return {
          frameHeight: box.height,
          contentHeight: doc.documentElement.scrollHeight,
          headingTop: heading.getBoundingClientRect().top,
          last: { top: lastBox.top, bottom: lastBox.bottom, text: last.innerText },
          // Where the last element is in the window, which has scrolled to it.
          inWindow: { top: box.top + lastBox.top, bottom: box.top + lastBox.bottom, height: innerHeight },
          text: doc.body.innerText,
        };
      });
    // What the page holds when the frame is not there yet: said in the failure, should it never come.
    const state = () =>
      page.evaluate(() => {
        const { document } = globalThis as unknown as { document: Doc };
        return (
          [...document.querySelectorAll('iframe')]
            .map((f) => {
              const frame = f as unknown as {
                title: string;
                dataset: Record<string, string>;
                getAttribute(n: string): string | null;
                contentDocument: Doc | null;
              };
              return `${frame.title}: src ${(frame.getAttribute('src') ?? '').slice(0, 12)}, srcdoc ${frame.getAttribute('srcdoc')?.length ?? 0} chars, inlined ${frame.dataset.inlined ? 'yes' : 'no'}, readable ${frame.contentDocument ? 'yes' : 'no'}`;
            })
            .join('; ') || 'no iframe'
        );
      });
    // A click that came before the page could take it opens nothing: open the attachment again while no frame shows.
    const opened = async () => {
      const seen = await measure();
      if (!seen && (await page.locator('iframe[title="Markdown attachment"]').count()) === 0) {
        await page.getByText('Gallery readiness').first().click();
      }
      return seen?.frameHeight ?? 0;
    };
    try {
      await expect.poll(opened, { timeout: 30_000, interval: 1000 }).toBeGreaterThan(1000);
    } catch (error) {
      throw new Error(`the gallery page's frame never grew: ${await state()}`, { cause: error });
    }
    const seen = (await measure())!;
    // The frame holds its whole page: nothing below the last element is cut off.
    expect(seen.frameHeight).toBeGreaterThanOrEqual(seen.contentHeight - 1);
    expect(seen.last.bottom).toBeLessThanOrEqual(seen.frameHeight + 1);
    expect(seen.last.top).toBeGreaterThan(seen.headingTop);
    expect(seen.last.text).toMatch(
      /Gallery: Several members in one PATCH: groups\.members\.add-several\.\S+ \(SHOULD, warning here, would fail Microsoft's test\)/,
    );
    // And scrolled to, it is on screen.
    expect(seen.inWindow.top).toBeGreaterThanOrEqual(0);
    expect(seen.inWindow.bottom).toBeLessThanOrEqual(seen.inWindow.height);
    expect(seen.text).toMatch(/^Gallery readiness\s+Gallery validation: 1 of 13 items would fail\./);
    expect(seen.text).toMatch(/Several members in one PATCH\s+would fail Microsoft's test/);
    await page.screenshot({ path: join(artifactsDir(), 'html-report-gallery-readiness-file.png'), fullPage: false });
    expect(outside).toEqual([]);
    await page.close();
  });
});

// The report agrees with the console: a run where Test Connection fails (MUST, the failure that stops Entra) and a
// SHOULD check warns, opened from disk as a vendor would.
describe('the HTML report of a run with a failed Test Connection and a warning', () => {
  const WARNING = 'users.create.location-matches';
  const RUNNER_LABELS = ['framework', 'language', 'host', 'thread', 'package'];
  type Step = { name: string; status: string; statusDetails?: { message?: string }; steps?: Step[] };
  type Result = {
    name: string;
    status: string;
    start: number;
    stop: number;
    labels: Array<{ name: string; value: string }>;
    statusDetails?: { message?: string; trace?: string };
    steps: Step[];
  };
  let dir: string;
  let console = '';
  let summary: { durationMs: number; totals: { failed: number; warnings: number } };
  let results: Result[];
  const byId = (id: string) => results.find((r) => r.labels.some((l) => l.name === 'story' && l.value === id))!;

  beforeAll(async () => {
    const target = await startReferenceServer({ auth: { mode: 'bearer', token: TOKEN }, faults: ['filter-miss-404', 'location-mismatch'] });
    dir = await tempDir();
    try {
      const run = await runCli(['--base-url', target.baseUrl, '--report-dir', dir], { env: { SCIM_TOKEN: TOKEN } });
      expect(run.code, run.stderr).toBe(1);
      console = run.stdout;
    } finally {
      await target.close();
    }
    const built = await runCli(['report', '--report-dir', dir]);
    expect(built.code, built.stderr).toBe(0);
    summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8'));
    const resultsDir = join(dir, 'allure-results');
    const files = (await readdir(resultsDir)).filter((f) => f.endsWith('-result.json'));
    results = await Promise.all(files.map(async (f) => JSON.parse(await readFile(join(resultsDir, f), 'utf8')) as Result));
  }, 600_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('counts failures and warnings as the console does, with the level in each name and no runner labels', () => {
    const totals = /(\d+) passed, (\d+) failed, (\d+) warnings/.exec(console);
    expect(totals).not.toBeNull();
    expect(summary.totals.failed).toBeGreaterThanOrEqual(2);
    expect(summary.totals.warnings).toBeGreaterThanOrEqual(1);
    expect(results.filter((r) => r.status === 'failed').length).toBe(Number(totals![2]));
    expect(results.filter((r) => r.status === 'broken').length).toBe(Number(totals![3]));
    expect(byId(WARNING).status).toBe('broken');
    expect(byId('connection.test-connection').status).toBe('failed');
    expect(byId('connection.test-connection').labels).toContainEqual({ name: 'severity', value: 'blocker' });
    for (const result of results) {
      expect(result.name).toMatch(/^\[(MUST|SHOULD|MAY)\] /);
      expect(result.labels.map((l) => l.name).filter((name) => RUNNER_LABELS.includes(name))).toEqual([]);
    }
  });

  it("marks the failing exchange's step failed, with no stack and no trailing step", () => {
    const failed = byId('connection.test-connection');
    expect(failed.statusDetails?.trace).toBeUndefined();
    expect(failed.statusDetails?.message).not.toMatch(/^\s+at /m);
    const get = failed.steps.find((s) => s.name.startsWith('GET /scim/v2/Users?filter='));
    expect(get?.status).toBe('failed');
    // The result's own message: Allure 3 then shows the error inside that step instead of as a trailing one.
    expect(get?.statusDetails?.message).toBe(failed.statusDetails?.message);
    expect(get?.statusDetails?.message).toMatch(/^Expected: 200 with an empty ListResponse\nGot: +404/);
    expect(failed.steps.map((s) => s.name).at(-1)).toBe('cleanup');
    expect(failed.steps.filter((s) => s.status !== 'passed').length).toBe(1);
    // A warning's step is broken (yellow), as its result.
    expect(byId(WARNING).steps.some((s) => s.status === 'broken')).toBe(true);
  });

  inBrowser('opened from disk: Test Connection first among failures, the warning apart, the level shown, the run time right', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    await page.goto(pathToFileURL(join(dir, 'html', 'index.html')).href);
    await page.getByTestId('tree-leaf').first().waitFor();
    const header = await page.innerText('body');
    // "(3s 644ms)" or "(812ms)": the span of the checks, which is most of the run's wall time.
    const shown = /\((?:(\d+)m )?(?:(\d+)s )?(\d+)ms\)/.exec(header);
    expect(shown).not.toBeNull();
    const shownMs = Number(shown![1] ?? 0) * 60_000 + Number(shown![2] ?? 0) * 1000 + Number(shown![3]);
    // What Allure shows is the span of the results' start and stop, and they hold the checks' real times.
    const span = Math.max(...results.map((r) => r.stop)) - Math.min(...results.map((r) => r.start));
    expect(Math.abs(shownMs - span)).toBeLessThanOrEqual(1);
    expect(shownMs).toBeGreaterThan(summary.durationMs * 0.3);
    expect(shownMs).toBeLessThanOrEqual(summary.durationMs);
    await page
      .getByRole('button', { name: /^Failed/ })
      .first()
      .click();
    await page.getByTestId('tree-leaf').first().waitFor();
    const failures = await page.getByTestId('tree-leaf').allInnerTexts();
    expect(failures.length).toBe(summary.totals.failed);
    expect(failures[0]).toMatch(/\[MUST\] Test Connection: .*\[connection\.test-connection\]/);
    expect(failures.join('\n')).not.toContain(WARNING);
    const artifacts = artifactsDir();
    await page.screenshot({ path: join(artifacts, 'html-report-failures-first.png') });
    await page
      .getByRole('button', { name: /^Broken/ })
      .first()
      .click();
    await page.getByText(WARNING).first().waitFor();
    expect((await page.getByTestId('tree-leaf').allInnerTexts()).join('\n')).toMatch(/\[SHOULD\] .*users\.create\.location-matches/);
    await page.getByText(WARNING).first().click();
    await page.getByText('Category: Warnings: a SHOULD the endpoint does not meet').first().waitFor();
    await page.goBack();
    await page
      .getByRole('button', { name: /^Failed/ })
      .first()
      .click();
    await page.getByTestId('tree-leaf').first().click();
    await page.getByText('Expected: 200 with an empty ListResponse').first().waitFor();
    const text = await page.innerText('body');
    expect(text).toContain('Blocker');
    // The failure is shown inside the step of its exchange (GET ... → 404), and no step follows but the cleanup.
    const body = text.slice(text.indexOf('Test body'));
    expect(body).toMatch(/^Test body\s+2\s/);
    const [exchangeAt = -1, errorAt = -1, cleanupAt = -1] = ['→ 404', 'Expected: 200 with an empty ListResponse', 'cleanup'].map((t) =>
      body.indexOf(t),
    );
    expect(exchangeAt).toBeGreaterThan(0);
    expect(errorAt).toBeGreaterThan(exchangeAt);
    expect(cleanupAt).toBeGreaterThan(errorAt);
    for (const label of RUNNER_LABELS) expect(text).not.toMatch(new RegExp(`^${label}$`, 'm'));
    expect(text).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
    await page.screenshot({ path: join(artifacts, 'html-report-test-connection.png'), fullPage: true });
    await page.close();
  });
});
