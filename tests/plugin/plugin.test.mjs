// The example console plugin (examples/console-plugin), built from the packed tarball and loaded the way
// the OpenShift console loads a dynamic plugin: dist/ served under /api/plugins/imagetag-plugin/, the
// manifest read, its entry script loaded (it calls window.__load_plugin_entry__), the module federation
// container initialised with the shared modules the console provides (React, and the SDK with a
// consoleFetch that reaches the devserver through /api/kubernetes/), and the tab's component rendered in
// headless Chromium. Twice: the .wasm served as application/wasm, and as application/octet-stream (older
// nginx images), where the package falls back from instantiateStreaming to arrayBuffer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { openBrowser, startDevserver } from '../e2e/harness.mjs';
import { ROOT, build, installFixture, serve } from '../bundlers/fixtures.mjs';

const PLUGIN = path.join(ROOT, 'examples', 'console-plugin');
const DIST = path.join(PLUGIN, 'dist');
const SHOTS = path.join(ROOT, 'test-artifacts', 'plugin');
const react = (name) => path.join(PLUGIN, 'node_modules', name, 'umd', `${name}.production.min.js`);
let browser;

before(async () => {
  console.log(`# plugin: ${installFixture(PLUGIN)}`);
  build(PLUGIN, 'webpack', ['--mode', 'production']);
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
});

// The console's side: React from the page, the SDK as a shared module holding consoleFetch (a stand-in,
// tests/support/console-fetch.mjs), the plugin loaded from its manifest.
const HOST = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>console stand-in</title>
<script src="/host/react.js"></script><script src="/host/react-dom.js"></script></head>
<body><div id="root"></div>
<script type="module">
import { makeConsoleFetch } from '/host/console-fetch.mjs';
document.cookie = 'csrf-token=from-the-console';
const { consoleFetch, calls } = makeConsoleFetch();
window.consoleFetchCalls = calls;
const provided = (version, module) => ({ [version]: { get: () => Promise.resolve(() => module), from: 'console', eager: true, loaded: 1 } });
const shareScope = {
  react: provided(React.version, React),
  '@openshift-console/dynamic-plugin-sdk': provided('4.22.0', { __esModule: true, consoleFetch }),
};
try {
  const manifestUrl = new URL('/api/plugins/imagetag-plugin/plugin-manifest.json', location.href);
  const manifest = await (await fetch(manifestUrl)).json();
  window.pluginManifest = manifest;
  const base = new URL(manifest.baseURL, manifestUrl);
  const entry = new Promise((resolve) => { window.__load_plugin_entry__ = (id, container) => resolve({ id, container }); });
  for (const script of manifest.loadScripts) {
    const el = document.createElement('script');
    el.src = new URL(script, base).href;
    document.head.append(el);
  }
  const { id, container } = await entry;
  window.pluginId = id;
  await container.init(shareScope);
  const tab = manifest.extensions.find((e) => e.type === 'console.tab/horizontalNav');
  const [moduleName, exportName = 'default'] = tab.properties.component.$codeRef.split('.');
  const factory = await container.get(moduleName);
  const Tab = factory()[exportName];
  ReactDOM.createRoot(document.getElementById('root')).render(
    React.createElement(Tab, { obj: { kind: 'ImageStream', metadata: { name: 'app', namespace: 'demo' } } }),
  );
  document.body.dataset.loaded = 'true';
} catch (e) {
  document.body.dataset.error = String(e && e.stack ? e.stack : e);
}
</script></body></html>`;

test('dist/ holds plugin-manifest.json, the entry script and the .wasm as an emitted asset', () => {
  const files = readdirSync(DIST);
  const manifest = JSON.parse(readFileSync(path.join(DIST, 'plugin-manifest.json'), 'utf8'));
  assert.equal(manifest.name, 'imagetag-plugin');
  assert.equal(manifest.baseURL, '/api/plugins/imagetag-plugin/');
  assert.equal(manifest.registrationMethod, 'callback');
  for (const s of manifest.loadScripts) assert.ok(existsSync(path.join(DIST, s)), s);
  const tab = manifest.extensions.find((e) => e.type === 'console.tab/horizontalNav');
  assert.deepEqual(tab.properties.model, { group: 'image.openshift.io', version: 'v1', kind: 'ImageStream' });
  const wasm = files.filter((f) => f.endsWith('.wasm'));
  assert.equal(wasm.length, 1, files.join(' '));
  assert.deepEqual(
    readFileSync(path.join(DIST, wasm[0])),
    readFileSync(path.join(PLUGIN, 'node_modules', 'imagetag', 'dist', 'web', 'imagetag_bg.wasm')),
  );
});

for (const wasmType of ['application/wasm', 'application/octet-stream']) {
  test(`the tab renders the history from the devserver, .wasm served as ${wasmType}`, async () => {
    const devserver = await startDevserver(); // the demo seed, fresh for each run
    const server = await serve({
      wasmType,
      pages: { '/': HOST },
      mounts: {
        '/api/plugins/imagetag-plugin/': DIST,
        '/host/react.js': { file: react('react') },
        '/host/react-dom.js': { file: react('react-dom') },
        '/host/console-fetch.mjs': { file: path.join(ROOT, 'tests', 'support', 'console-fetch.mjs') },
      },
      proxy: { '/api/kubernetes/': devserver.url },
    });
    const page = await browser.context.newPage();
    const errors = [];
    const warnings = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
    });
    try {
      await page.goto(`${server.url}/`);
      await page.waitForSelector('body[data-loaded], body[data-error]', { state: 'attached', timeout: 30000 });
      assert.equal(await page.getAttribute('body', 'data-error'), null);
      assert.equal(await page.evaluate(() => window.pluginId), 'imagetag-plugin');

      // The seeded app:latest (docs/semantics.md §5.1) with its history, read through consoleFetch.
      const latest = await (
        await fetch(`${devserver.url}/apis/image.openshift.io/v1/namespaces/demo/imagetags/app:latest`)
      ).json();
      const history = page.locator('[data-tag="app:latest"]');
      await history.locator('table').waitFor({ timeout: 30000 });
      const text = await history.textContent();
      for (const item of latest.status.items) {
        assert.ok(text.includes(item.image.slice(0, 'sha256:'.length + 12)), `history shows ${item.image}`);
      }
      const names = await page.locator('.imagetag-plugin__tag h2').allInnerTexts();
      assert.deepEqual(names.sort(), ['app:canary', 'app:latest', 'app:v4-preview']);

      // Live (issue 16): the tab follows the image streams' watch through consoleFetch; a tag created
      // elsewhere (here the test itself, as another tab or `oc` would) shows without a reload.
      await page.locator('.imagetag-plugin__live[data-live="watch"]').waitFor({ timeout: 30000 });
      assert.equal(await page.locator('.imagetag-plugin__live').getAttribute('role'), 'status');
      assert.equal(await page.locator('.imagetag-plugin__live').textContent(), 'Live');
      await page.evaluate(() => {
        window.notReloaded = true;
      });
      const created = await fetch(`${devserver.url}/apis/image.openshift.io/v1/namespaces/demo/imagetags`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          kind: 'ImageTag',
          apiVersion: 'image.openshift.io/v1',
          metadata: { name: 'app:elsewhere', namespace: 'demo' },
          spec: { name: 'elsewhere', from: { kind: 'DockerImage', name: 'quay.io/team/app:3.0' } },
        }),
      });
      assert.equal(created.status, 201);
      await page.locator('[data-tag="app:elsewhere"] table').waitFor({ timeout: 30000 });
      assert.equal(await page.evaluate(() => window.notReloaded), true);
      const watched = (await page.evaluate(() => window.consoleFetchCalls)).filter((c) =>
        /\/namespaces\/demo\/imagestreams\?\S*watch=(1|true)/.test(c.url),
      );
      assert.ok(watched.length >= 1, 'the watch went through consoleFetch');
      const wasm = server.requests.filter((r) => r.path.endsWith('.wasm'));
      assert.equal(wasm.length, 1);
      assert.ok(wasm[0].path.startsWith('/api/plugins/imagetag-plugin/'), wasm[0].path);
      assert.equal(wasm[0].type, wasmType);
      if (wasmType !== 'application/wasm') {
        assert.ok(
          warnings.some((w) => w.includes('instantiateStreaming')),
          `the package fell back to arrayBuffer: ${warnings}`,
        );
      }

      // "Add tag": validated as the user types, created through consoleFetch (with the console's CSRF token).
      await page.fill('input[name=tag]', 'Bad Tag');
      await page.fill('input[name=from]', 'quay.io/team/app:2.0');
      assert.match(await page.locator('.imagetag-plugin__warnings li').first().textContent(), /registries refuse/);
      await page.fill('input[name=tag]', 'v2');
      await page.fill('input[name=from]', 'quay.io/Team/app:2.0');
      assert.equal(
        await page.locator('.imagetag-plugin__errors li').first().textContent(),
        'spec.from.name: Invalid value: "quay.io/Team/app:2.0": repository name must be lowercase',
      );
      assert.ok(await page.locator('button[type=submit]').isDisabled());
      await page.fill('input[name=from]', 'quay.io/team/app:2.0');
      await page.locator('.imagetag-plugin__errors').waitFor({ state: 'detached' });
      await page.locator('.imagetag-plugin__warnings').waitFor({ state: 'detached' });
      await page.click('button[type=submit]');
      await page.locator('[data-tag="app:v2"]').waitFor({ timeout: 30000 });
      const calls = await page.evaluate(() => window.consoleFetchCalls);
      const post = calls.find((c) => c.method === 'POST');
      assert.equal(post.url, '/api/kubernetes/apis/image.openshift.io/v1/namespaces/demo/imagetags');
      assert.equal(post.headers['X-CSRFToken'], 'from-the-console');
      assert.ok(calls.every((c) => c.url.startsWith('/api/kubernetes/')));

      // A server refusal comes back as the server's Status (consoleFetch's HttpError, read by the package).
      await page.fill('input[name=tag]', 'v2');
      await page.fill('input[name=from]', 'quay.io/team/app:2.0');
      await page.click('button[type=submit]');
      const failure = await page.locator('form .imagetag-plugin__failure').textContent({ timeout: 30000 });
      assert.match(failure, /^409 AlreadyExists: /);
      assert.deepEqual(errors, []);
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, `tab-${wasmType.replace('/', '-')}.png`), fullPage: true });
    } finally {
      await page.close();
      await server.close();
      await devserver.stop();
    }
  });
}
