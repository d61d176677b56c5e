// Chromium for the browser tests, found on this machine and never installed by the tests: without one the browser
// tests are skipped with a note on how to get it, except in CI (CI set), where a missing browser fails the run.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

// The flags this machine kind needs: without the background-networking ones Chromium tries to reach Google's hosts.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
const HOW = 'install Chromium (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary';

/** CHROMIUM_PATH, else the first of chromium, chromium-browser, google-chrome on PATH (and /usr/bin); undefined when none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM_PATH) {
    if (!existsSync(env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist: ${HOW}`);
    return env.CHROMIUM_PATH;
  }
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/bin'];
  for (const name of NAMES) {
    for (const dir of dirs) if (existsSync(join(dir, name))) return join(dir, name);
  }
  if (env.CI) throw new Error(`no Chromium for the browser tests (CI is set, so they may not be skipped): ${HOW}`);
  console.warn(`Browser tests skipped: no Chromium found (${NAMES.join(', ')}): ${HOW}.`);
  return undefined;
}

let artifacts: string | undefined;

/** Where the tests' screenshots go: SCIM_TEST_ARTIFACTS if set, else a fresh temporary folder; printed once. */
export function artifactsDir(): string {
  if (!artifacts) {
    artifacts = process.env.SCIM_TEST_ARTIFACTS || mkdtempSync(join(tmpdir(), 'scimc-artifacts-'));
    mkdirSync(artifacts, { recursive: true });
    console.log(`Screenshots of the browser tests: ${artifacts}`);
  }
  return artifacts;
}
