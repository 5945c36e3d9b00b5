// End to end in WebKit (the engine of Safari): the demo page (www/) against a devserver this test starts,
// in WebKitGTK driven through W3C WebDriver (webdriver.mjs). The smoke path of demo.test.mjs: the list on the
// first visit, a tag's history, a form error shown before anything is sent, and a valid create in the list.
// Screenshots in test-artifacts/e2e-webkit/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { ROOT, startDevserver } from './harness.mjs';
import { openWebKit, sleep } from './webdriver.mjs';

const SHOTS = path.join(ROOT, 'test-artifacts', 'e2e-webkit');
const NS = 'e2e';
const TAG = 'webkit:1';
let server;
let wk;
let shot = 0;

const tagHash = (ns, name) => `#/tag/${encodeURIComponent(ns)}/${encodeURIComponent(name)}`;
const snap = (name) => wk.screenshot(path.join(SHOTS, `${String(++shot).padStart(2, '0')}-${name}.png`));

// Uncaught errors of the page. WebDriver has no console log: the page's own listeners record them, in each
// document the test opens (going to the URL the page already shows loads it anew, and a new document
// starts without them).
const problems = [];
const harvestProblems = async () => problems.push(...((await wk.execute(() => window.__problems)) || []));

/** Opens `hash` of the app and waits for the app to have started; records the page's uncaught errors. */
async function gotoApp(hash) {
  await harvestProblems();
  await wk.goto(`${server.url}/${hash}`);
  await wk.waitUntil((h) => location.hash === h && document.documentElement.dataset.ready === 'true', [hash]);
  await wk.execute(() => {
    if (window.__problems) return;
    window.__problems = [];
    addEventListener('error', (e) => window.__problems.push(`error: ${e.message}`));
    addEventListener('unhandledrejection', (e) => window.__problems.push(`unhandled rejection: ${e.reason}`));
    performance.setResourceTimingBufferSize(100000);
  });
}

/** The page's requests to the imagetags API so far (Resource Timing: fetches are recorded whatever the answer). */
const apiRequests = () =>
  wk.execute(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((u) => u.includes('/apis/')),
  );

before(async () => {
  rmSync(SHOTS, { recursive: true, force: true });
  server = await startDevserver();
  wk = await openWebKit();
  console.log(`# ${wk.version}`);
});

after(async () => {
  await wk?.close();
  await server?.stop();
});

test('WebKit: the first visit shows the seeded list, with every part of the package', async () => {
  await gotoApp('#/');
  await wk.waitFor('table.tags tbody tr');
  const info = await wk.text('#build-info');
  console.log(`# ${info}`);
  assert.equal(info, 'imagetag package loaded', `the package did not load: ${info}`);
  assert.ok((await wk.count('table.tags tbody tr.tag-row')) > 1, 'the demo seed shows several tags');
  // The list is live: the package's watch of image streams runs in WebKit too (issue 16).
  await wk.waitFor('#live-status[data-live="live"]');
  await snap('list-seeded');
});

test('WebKit: opening a tag from the list shows its history', async () => {
  // The seeded tag with the longest history, from the list's History column.
  const pick = await wk.execute(() => {
    const rows = [...document.querySelectorAll('tr.tag-row')].map((r) => ({
      name: r.dataset.name,
      namespace: r.dataset.namespace,
      history: Number.parseInt(r.querySelector('.col-num')?.textContent || '0', 10) || 0,
    }));
    return rows.sort((a, b) => b.history - a.history)[0];
  });
  assert.ok(pick.history >= 2, `a seeded tag has a history: ${JSON.stringify(pick)}`);
  await wk.click(`tr.tag-row[data-name="${pick.name}"][data-namespace="${pick.namespace}"] a`);
  await wk.waitUntil((h) => location.hash === h, [tagHash(pick.namespace, pick.name)]);
  await wk.waitFor('.view-tag[data-fresh="true"]');
  assert.equal(await wk.attr('.view-tag', 'data-history-count'), String(pick.history));
  assert.equal(await wk.count('#history svg'), 1, 'the SVG timeline is shown');
  assert.match(await wk.text('#history'), /@sha256:[0-9a-f]{6}/, 'the history names its images');
  await snap('tag-history');
});

test("WebKit: an invalid form shows the validator's errors as you type and sends nothing", async () => {
  await gotoApp('#/new');
  await wk.fill('#f-namespace', NS);
  await wk.fill('#f-name', 'nocolon');
  await wk.select('#f-kind', 'DockerImage');
  await wk.fill('#f-from', 'quay.io/Team/App:1');
  await wk.waitFor('#fromName-msgs .msg-error');
  assert.match(await wk.text('#fromName-msgs'), /repository name must be lowercase/);
  assert.ok((await wk.count('#name-msgs .msg-error')) > 0, 'the name without ":" is refused');
  assert.equal(await wk.attr('#f-from', 'aria-invalid'), 'true');
  const before = await apiRequests();
  await wk.click('#f-submit');
  await wk.waitFor('#form-result [role="alert"]');
  await sleep(300);
  assert.deepEqual((await apiRequests()).slice(before.length), [], 'nothing was sent');
  // Fixing the field clears its error.
  await wk.fill('#f-from', 'quay.io/team/app:1');
  await wk.waitGone('#fromName-msgs .msg-error');
  await snap('form-invalid');
});

test('WebKit: a valid create is sent and the new tag appears in the list', async () => {
  await gotoApp('#/new');
  await wk.fill('#f-namespace', NS);
  await wk.fill('#f-name', TAG);
  await wk.select('#f-kind', 'DockerImage');
  await wk.fill('#f-from', 'quay.io/e2e/webkit:1');
  await sleep(200);
  assert.equal(await wk.count('.field-msgs .msg-error'), 0, 'a valid form shows no errors');
  const before = await apiRequests();
  await wk.click('#f-submit');
  await wk.waitUntil((h) => location.hash === h, [tagHash(NS, TAG)]);
  await wk.waitFor('.flash-ok');
  assert.ok((await apiRequests()).length > before.length, 'the create was sent');
  await gotoApp('#/');
  await wk.fill('#list-filter', TAG);
  await wk.waitFor(`tr.tag-row[data-name="${TAG}"][data-namespace="${NS}"]`);
  await snap('list-new-tag');
  // A tag created elsewhere (here by the test) shows in the open list through the watch, without a reload.
  await wk.execute(() => {
    const filter = document.getElementById('list-filter');
    filter.value = '';
    filter.dispatchEvent(new Event('input'));
    window.__mark = 'not reloaded';
  });
  await wk.waitFor(`tr.tag-row:not([data-name="${TAG}"])`);
  const res = await fetch(`${server.url}/apis/image.openshift.io/v1/namespaces/${NS}/imagetags`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      kind: 'ImageTag',
      apiVersion: 'image.openshift.io/v1',
      metadata: { name: 'webkit:elsewhere', namespace: NS },
      spec: { name: 'elsewhere', from: { kind: 'DockerImage', name: 'quay.io/e2e/webkit:2' } },
    }),
  });
  assert.equal(res.status, 201);
  await wk.waitFor(`tr.tag-row[data-name="webkit:elsewhere"][data-namespace="${NS}"]`, { timeout: 10000 });
  assert.equal(await wk.execute(() => window.__mark), 'not reloaded');
  assert.equal(await wk.attr('#live-status', 'data-live'), 'live');
});

test('WebKit: no uncaught errors in the page', async () => {
  await harvestProblems();
  assert.deepEqual(problems, []);
});
