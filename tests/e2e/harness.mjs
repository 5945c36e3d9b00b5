// Shared setup of the end-to-end tests: a devserver started by the test itself, Debian's Chromium driven
// by playwright-core, screenshots kept in test-artifacts/e2e/, and a record of every console error.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'e2e');

/** The devserver binary: $IMAGETAG_DEVSERVER_BIN (set by scripts/test.sh), else $CARGO_TARGET_DIR/devserver/, else target/devserver/. */
export function devserverPath() {
  const candidates = [
    process.env.IMAGETAG_DEVSERVER_BIN,
    process.env.CARGO_TARGET_DIR &&
      path.join(path.resolve(ROOT, process.env.CARGO_TARGET_DIR), 'devserver', 'imagetag-devserver'),
    path.join(ROOT, 'target', 'devserver', 'imagetag-devserver'),
  ].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found)
    throw new Error(
      `imagetag-devserver not found (looked at ${candidates.join(', ')}); run "cargo build --profile devserver -p imagetag-devserver"`,
    );
  return found;
}

/** Starts `imagetag-devserver --listen 127.0.0.1:0 --seed demo --www <repo>/www`; resolves to { url, stop }. */
export async function startDevserver(extraArgs = []) {
  const bin = devserverPath();
  const child = spawn(
    bin,
    ['--listen', '127.0.0.1:0', '--seed', 'demo', '--www', path.join(ROOT, 'www'), ...extraArgs],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`devserver did not print its address within 15 s; stderr: ${stderr}`)),
      15000,
    );
    lines.once('line', (line) => {
      clearTimeout(timer);
      const m = /^listening on (http:\/\/\S+)/.exec(line);
      if (m) resolve(m[1].replace(/\/$/, ''));
      else reject(new Error(`unexpected first line from the devserver: ${line}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`devserver exited with ${code}: ${stderr}`));
    });
  });
  lines.on('line', () => {}); // keep draining stdout
  return {
    url,
    bin,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Chromium with a fresh profile (`colorScheme`: 'light' or 'dark'); returns { context, page, problems, close }. */
export async function openBrowser({ width = 1280, height = 800, colorScheme = 'light' } = {}) {
  const profile = mkdtempSync(path.join(tmpdir(), 'imagetag-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
    viewport: { width, height },
    colorScheme,
  });
  const page = context.pages()[0] || (await context.newPage());
  // Problems of the page itself: uncaught exceptions, console errors, failed loads of the page's own files.
  // Error answers of the API (/apis/, /simulator/) are the page's business (it shows them) and Chromium logs
  // each as "Failed to load resource"; those are recorded apart.
  const problems = [];
  const apiErrors = [];
  const isApi = (u) => /\/(apis|simulator)\//.test(u) || /127\.0\.0\.1:1\//.test(u);
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    if (text.startsWith('Failed to load resource') && isApi(m.location()?.url || '')) {
      apiErrors.push(text);
      return;
    }
    problems.push(`console.error: ${text} (${m.location()?.url || ''})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !isApi(r.url())) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  page.on('requestfailed', (r) => {
    if (!isApi(r.url())) problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  return {
    context,
    page,
    problems,
    apiErrors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

let shot = 0;
let cleaned = false;
/** Saves a full-page screenshot as test-artifacts/e2e/NN-name.png and returns its path. */
export async function screenshot(page, name) {
  if (!cleaned) {
    rmSync(ARTIFACTS, { recursive: true, force: true });
    cleaned = true;
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  shot += 1;
  const file = path.join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Waits for the page's app to be started (package loaded, first view routed). */
export async function gotoApp(page, base, hash = '#/') {
  await page.goto(`${base}/${hash}`);
  await page.waitForSelector('html[data-ready="true"]');
}
