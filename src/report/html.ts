// The Allure 3 HTML report (JavaScript CLI, no Java), as one self-contained index.html that opens from file://.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PACKAGE_JSON } from '../paths.ts';

export class ReportError extends Error {}

// Allure's awesome report embeds a Google Tag Manager loader; a vendor's report holds requests to their
// endpoint and must not phone home, so every analytics tag is cut out after generation.
// The patterns are bounded so that they can never swallow the (inlined, megabyte-sized) report application.
const ANALYTICS = [
  /<script[^>]*src="https:\/\/www\.googletagmanager\.com\/[^"]*"[^>]*>\s*<\/script>/gi,
  /<script>(?:(?!<\/script>)[\s\S]){0,1500}?gtag\('config'(?:(?!<\/script>)[\s\S]){0,1500}?<\/script>/gi,
];

export function stripAnalytics(html: string): string {
  return ANALYTICS.reduce((text, pattern) => text.replace(pattern, ''), html);
}

/**
 * Opened from disk, the gallery readiness page was cut off at 150 px. Allure renders a Markdown (or HTML) attachment
 * into a sandboxed iframe loaded from a blob: URL and sizes the frame to its content by reading
 * iframe.contentDocument. Served over HTTP the frame is same-origin and that works; from file:// the page's origin
 * is opaque, the blob document is another origin, contentDocument is null, and the frame keeps the browser's default
 * height of 150 px. This script, on an opaque origin only, hands each such frame the same document as srcdoc: a
 * srcdoc document inherits the page's origin, so Allure's own load handler then measures it and sizes the frame
 * (as Allure already does for test descriptions, which use srcdoc). Nothing changes when the report is served.
 */
const FILE_FRAMES = `<script>(() => {
  if (window.origin !== 'null') return;
  // The blobs behind blob: URLs, kept here: the report may revoke a URL before it could be fetched again.
  const blobs = new Map();
  const create = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (object) => {
    const url = create(object);
    if (object instanceof Blob) blobs.set(url, object);
    return url;
  };
  const inline = async (frame) => {
    const src = frame.getAttribute('src') || '';
    if (!src.startsWith('blob:') || frame.dataset.inlined === src) return;
    frame.dataset.inlined = src;
    const blob = blobs.get(src);
    const text = await (blob ? blob.text() : fetch(src).then((r) => r.text())).catch(() => undefined);
    if (text === undefined || frame.getAttribute('src') !== src) return;
    // A frame that still shows an unreadable document once loaded (the blob navigation won a race with srcdoc, seen on
    // a busy machine) is handed its srcdoc again, a few times at most.
    let tries = 0;
    frame.addEventListener('load', () => {
      let readable = false;
      try {
        readable = !!frame.contentDocument;
      } catch {}
      if (!readable && tries++ < 3 && frame.getAttribute('src') === src) frame.srcdoc = text;
    });
    frame.srcdoc = text;
  };
  const scan = () => document.querySelectorAll('iframe[title="Markdown attachment"], iframe[title="HTML attachment"]').forEach(inline);
  new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['src'] });
})();</script>`;

/** The report's own fixes: the analytics tag out, and attachment frames that size themselves when opened from disk. */
export function finishReportHtml(html: string): string {
  const clean = stripAnalytics(html);
  return clean.includes(FILE_FRAMES) ? clean : clean.replace(/<head(\s[^>]*)?>/i, (head) => `${head}${FILE_FRAMES}`);
}

/**
 * Allure's CLI is some 40 MB and only this command needs it, so the package does not install it: it is found next to
 * the package (a clone's dev dependencies, or installed beside it) or from the working directory, in the version the
 * report was made with (package.json devDependencies).
 */
function allureCli(): string {
  const version =
    (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { devDependencies?: Record<string, string> }).devDependencies?.allure ?? '3';
  for (const from of [import.meta.url, join(process.cwd(), 'package.json')]) {
    try {
      const cli = join(dirname(createRequire(from).resolve('allure')), '..', 'cli.js');
      const found = (JSON.parse(readFileSync(join(dirname(cli), 'package.json'), 'utf8')) as { version?: string }).version ?? '';
      if (existsSync(cli) && found.split('.')[0] === version.split('.')[0]) return cli;
    } catch {
      // not resolvable from there
    }
  }
  throw new ReportError(
    `the HTML report needs Allure's CLI (allure ${version}, about 40 MB), which is not installed with scim-conformance: ` +
      `run npm install --no-save allure@${version} in this folder, then the report command again (the results in allure-results are kept)`,
  );
}

/**
 * The results' statuses are the console's verdicts (src/report/allure-writer.ts): failed is a failed MUST, broken a
 * SHOULD that warned, unknown a check not judged. Allure's default categories would call a warning a "Test error".
 */
const CATEGORIES = [
  { id: 'must-failures', name: 'Failed: a MUST the endpoint does not meet', matchers: { statuses: ['failed'] } },
  { id: 'should-warnings', name: 'Warnings: a SHOULD the endpoint does not meet', matchers: { statuses: ['broken'] } },
  { id: 'not-judged', name: 'Not judged: the check could not decide', matchers: { statuses: ['unknown'] } },
];

export async function buildHtmlReport(reportDir: string): Promise<string> {
  const results = join(reportDir, 'allure-results');
  if (!existsSync(results) || !(await readdir(results)).length) {
    throw new ReportError(`no Allure results in ${results}: run the suite first (npm start), then npm run report`);
  }
  const cli = allureCli();
  const output = join(reportDir, 'html');
  await rm(output, { recursive: true, force: true });
  const configFile = join(reportDir, '.allurerc.mjs');
  await writeFile(
    configFile,
    `export default ${JSON.stringify({
      name: 'SCIM conformance',
      output,
      categories: CATEGORIES,
      plugins: { awesome: { options: { singleFile: true, reportName: 'SCIM conformance', groupBy: ['epic', 'feature'] } } },
    })};\n`,
  );
  try {
    await new Promise<void>((resolvePromise, reject) => {
      const child = spawn(process.execPath, [cli, 'generate', results, '--config', configFile, '--output', output], {
        cwd: reportDir,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ALLURE_NO_ANALYTICS: '1' },
      });
      let log = '';
      child.stdout.on('data', (d) => (log += d));
      child.stderr.on('data', (d) => (log += d));
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0 ? resolvePromise() : reject(new ReportError(`allure generate failed (exit ${code}): ${log.trim().slice(-2000)}`)),
      );
    });
  } finally {
    await rm(configFile, { force: true });
  }
  for (const entry of await readdir(output, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
    const path = join(entry.parentPath, entry.name);
    const html = await readFile(path, 'utf8');
    const clean = finishReportHtml(html);
    if (clean !== html) await writeFile(path, clean);
  }
  return join(output, 'index.html');
}
