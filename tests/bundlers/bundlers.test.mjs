// The bundler matrix (README, "Bundlers"): one tiny app (app/main.js: init(), parseImageTag,
// renderTagHistoryHtml) built from the packed tarball by webpack 5 (publicPath 'auto' and a fixed
// sub-path), Vite (a build with `base`, and the dev server) and rspack, each loaded from a sub-path in
// headless Chromium, where the history must appear.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { openBrowser } from '../e2e/harness.mjs';
import { ROOT, bin, build, installFixture, serve } from './fixtures.mjs';

const DIR = path.join(ROOT, 'tests', 'bundlers');
const EXAMPLE = path.join(ROOT, 'tests', 'data', 'examples', '5.1-docker-tracking-three-items.json');
const IMAGES = JSON.parse(readFileSync(EXAMPLE, 'utf8')).status.items.map((i) => i.image);
let browser;

before(async () => {
  console.log(`# bundler fixtures: ${installFixture(DIR)}`);
  copyFileSync(EXAMPLE, path.join(DIR, 'app', 'tag.json'));
  browser = await openBrowser();
});
after(() => browser?.close());

/** The app's page for a webpack-style build: its output is a classic script (publicPath 'auto' reads its URL). */
function pageFor(dist) {
  const html = readFileSync(path.join(DIR, 'app', 'index.html'), 'utf8');
  const script = '<script type="module" src="./main.js"></script>';
  assert.ok(html.includes(script));
  writeFileSync(path.join(DIR, 'dist', dist, 'index.html'), html.replace(script, '<script src="main.js"></script>'));
}

/** Opens `url` and waits for the app's verdict; checks the history and where the .wasm came from. */
async function check(url, prefix) {
  const page = await browser.context.newPage();
  const errors = [];
  const wasm = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => {
    if (r.url().endsWith('.wasm')) wasm.push({ path: new URL(r.url()).pathname, status: r.status() });
  });
  try {
    await page.goto(url);
    await page.waitForSelector('body[data-ready], body[data-error]', { state: 'attached', timeout: 30000 });
    const error = await page.getAttribute('body', 'data-error');
    assert.equal(error, null, `the app failed: ${error}`);
    assert.equal(await page.getAttribute('body', 'data-ready'), 'app:latest');
    const html = await page.innerHTML('#out');
    assert.match(html, /<table/);
    for (const image of IMAGES) assert.ok(html.includes(image), `the history shows ${image}`);
    assert.equal(wasm.length, 1, JSON.stringify(wasm));
    assert.ok(wasm[0].path.startsWith(prefix), `the .wasm is loaded from under ${prefix}: ${wasm[0].path}`);
    assert.equal(wasm[0].status, 200);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
}

async function servedAt(prefix, dir, extra = {}) {
  const server = await serve({ mounts: { [prefix]: path.join(DIR, 'dist', dir) }, ...extra });
  return server;
}

test('webpack 5: publicPath "auto" (served from a deep sub-path) and a fixed sub-path', async () => {
  build(DIR, 'webpack', ['--config', 'webpack.config.js']);
  for (const name of ['webpack-auto', 'webpack-subpath']) {
    pageFor(name);
  }
  const auto = await servedAt('/any/deep/place/', 'webpack-auto');
  const fixed = await servedAt('/console/webpack-subpath/', 'webpack-subpath');
  try {
    await check(`${auto.url}/any/deep/place/`, '/any/deep/place/');
    await check(`${fixed.url}/console/webpack-subpath/`, '/console/webpack-subpath/');
  } finally {
    await auto.close();
    await fixed.close();
  }
});

test('rspack: the webpack configuration, publicPath "auto", from a sub-path', async () => {
  build(DIR, 'rspack', ['build', '--config', 'rspack.config.js']);
  pageFor('rspack');
  const server = await servedAt('/plugins/rspack/', 'rspack');
  try {
    await check(`${server.url}/plugins/rspack/`, '/plugins/rspack/');
  } finally {
    await server.close();
  }
});

test('Vite build with base "/console/vite/"', async () => {
  build(DIR, 'vite', ['build', '--config', 'vite.config.js']);
  const server = await servedAt('/console/vite/', 'vite');
  try {
    await check(`${server.url}/console/vite/`, '/console/vite/');
  } finally {
    await server.close();
  }
});

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

test('the Vite dev server, under base "/console/vite/"', async () => {
  const port = await freePort();
  const child = spawn(
    bin(DIR, 'vite'),
    // --force: the dependency optimizer's cache (node_modules/.vite) may hold an earlier build of the package.
    ['--config', 'vite.config.js', '--force', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    {
      cwd: DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  try {
    const url = `http://127.0.0.1:${port}/console/vite/`;
    for (let i = 0; ; i++) {
      const up = await fetch(url).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (i > 300 || child.exitCode !== null) assert.fail(`vite dev server did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await check(url, '/console/vite/');
  } finally {
    child.kill();
  }
});
