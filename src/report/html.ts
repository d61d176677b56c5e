// The Allure 3 HTML report (JavaScript CLI, no Java), as one self-contained index.html that opens from file://.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

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

export async function buildHtmlReport(reportDir: string): Promise<string> {
  const results = join(reportDir, 'allure-results');
  if (!existsSync(results) || !(await readdir(results)).length) {
    throw new ReportError(`no Allure results in ${results}: run the suite first (npm start), then npm run report`);
  }
  const output = join(reportDir, 'html');
  await rm(output, { recursive: true, force: true });
  const configFile = join(reportDir, '.allurerc.mjs');
  await writeFile(
    configFile,
    `export default ${JSON.stringify({
      name: 'SCIM conformance',
      output,
      plugins: { awesome: { options: { singleFile: true, reportName: 'SCIM conformance', groupBy: ['epic', 'feature'] } } },
    })};\n`,
  );
  const cli = join(dirname(require.resolve('allure')), '..', 'cli.js');
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
      child.on('close', (code) => (code === 0 ? resolvePromise() : reject(new ReportError(`allure generate failed (exit ${code}): ${log.trim().slice(-2000)}`))));
    });
  } finally {
    await rm(configFile, { force: true });
  }
  for (const entry of await readdir(output, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
    const path = join(entry.parentPath, entry.name);
    const html = await readFile(path, 'utf8');
    const clean = stripAnalytics(html);
    if (clean !== html) await writeFile(path, clean);
  }
  return join(output, 'index.html');
}
