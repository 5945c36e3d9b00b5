// End to end, issue 16 (live ImageTags): the demo's list and tag pages follow `client.watch`. A tag's import
// finishing in the devserver reaches the page in Chromium (Playwright) and in Firefox (geckodriver,
// webdriver.mjs) through the image streams' watch: no reload, no list requested again, the indicator says
// Live. With the watch forbidden (403 on imagestreams) the page says Polling and still shows the change.
// Latencies are measured and printed (`# …`), never asserted: only a generous 10 s bound (15 s when polling).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ROOT, startDevserver, openBrowser, gotoApp, screenshot } from './harness.mjs';
import { openFirefox } from './webdriver.mjs';

const NS = 'live';
const API = '/apis/image.openshift.io/v1';
let server;

before(async () => {
  // Imports run only when the test asks (POST /simulator/v1/import): the moment an import finishes is known.
  server = await startDevserver(['--import-delay', 'manual']);
});

after(async () => {
  await server?.stop();
});

/** POSTs JSON to the devserver (an API path or a /simulator/v1/ one); resolves to the parsed answer. */
async function post(base, route, body) {
  const res = await fetch(`${base}${route}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`POST ${route}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Creates DockerImage tag `name` in NS: with --import-delay manual it stays pending. */
const createTag = (base, name) =>
  post(base, `${API}/namespaces/${NS}/imagetags`, {
    kind: 'ImageTag',
    apiVersion: 'image.openshift.io/v1',
    metadata: { name, namespace: NS },
    spec: { name: name.split(':')[1], from: { kind: 'DockerImage', name: `quay.io/live/${name}` } },
  });

/**
 * Request counters on the devserver: `delay` faults of 0 ms that change nothing but count the API requests
 * they match (GET /simulator/v1/faults shows what is left of each).
 */
const COUNTED = 1_000_000;
const countRequests = (base) =>
  post(base, '/simulator/v1/faults', {
    faults: [
      { type: 'delay', delayMs: 0, count: COUNTED, methods: ['GET'], pathContains: '/imagestreams' },
      { type: 'delay', delayMs: 0, count: COUNTED, methods: ['GET'], pathContains: '/imagetags' },
    ],
  });
async function counted(base) {
  const { faults } = await (await fetch(`${base}/simulator/v1/faults`)).json();
  const used = (p) => COUNTED - (faults.find((f) => f.pathContains === p && f.type === 'delay')?.count ?? COUNTED);
  return { imagestreams: used('/imagestreams'), imagetags: used('/imagetags') };
}
const clearFaults = (base) => fetch(`${base}/simulator/v1/faults`, { method: 'DELETE' });

/**
 * In the page: marks the document (a reload would lose the mark) and records when an element matching `css`
 * with the text `text` first shows (`text` null: any text).
 */
function markWhen([css, text]) {
  window.__mark = 'not reloaded';
  window.__seenAt = null;
  const check = () => {
    const el = document.querySelector(css);
    if (window.__seenAt === null && el && (text === null || el.textContent.trim() === text))
      window.__seenAt = Date.now();
  };
  new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true });
  check();
  return true;
}

/** The list row of `name` shows one history entry: the import's result. */
const rowImported = (name) => [`tr.tag-row[data-name="${name}"] .col-num`, '1'];

/**
 * Runs the pending import of `name`'s stream in the devserver; resolves to { sent, answered } (Date.now()
 * when the request left and when its answer came: the import's write happens in between).
 */
async function runImport(base, name) {
  const sent = Date.now();
  const { results } = await post(base, '/simulator/v1/import', { namespace: NS, stream: name.split(':')[0] });
  const answered = Date.now();
  assert.equal(results.find((r) => r.name === name)?.result, 'Success', JSON.stringify(results));
  return { sent, answered };
}

/** Prints the latency from the import to the page as a `#` line of the report. */
function report(what, seenAt, { sent, answered }) {
  console.log(
    `# ${what}: the page showed the import ${seenAt - sent} ms after the import request was sent, ` +
      `${seenAt - answered} ms after its answer`,
  );
}

/** Chromium, with a record of the page's API requests ("METHOD url"). */
async function openRecorded() {
  const b = await openBrowser();
  b.page.setDefaultTimeout(10000);
  const requests = [];
  b.page.on('request', (r) => {
    if (r.url().includes('/apis/')) requests.push(`${r.method()} ${r.url()}`);
  });
  return { b, page: b.page, requests };
}

test('Chromium: the list shows a finished import through the watch, live, without a reload or a new list', async () => {
  const name = 'chromium:1';
  await createTag(server.url, name);
  await countRequests(server.url);
  const { b, page, requests } = await openRecorded();
  try {
    await gotoApp(page, server.url, `#/?namespace=${NS}`);
    await page.waitForSelector(`tr.tag-row[data-name="${name}"]`);
    await page.waitForSelector('#live-status[data-live="live"]');
    assert.equal(await page.locator('#live-status').getAttribute('role'), 'status');
    assert.equal((await page.locator('#live-status .live-text').textContent()).trim(), 'Live');
    assert.equal(await page.locator(`tr.tag-row[data-name="${name}"] .col-num`).textContent(), '', 'no history yet');
    assert.ok(
      requests.some((r) => /^GET \S+\/namespaces\/live\/imagestreams\?\S*watch=(true|1)/.test(r)),
      `the page watches the image streams: ${requests.join(', ')}`,
    );
    const beforeChange = await counted(server.url);
    const listsBefore = requests.filter((r) => /\/imagetags(\?|$)/.test(r)).length;
    await page.evaluate(markWhen, rowImported(name));

    const times = await runImport(server.url, name);
    await page.waitForFunction(() => window.__seenAt !== null, null, { timeout: 10000 });
    report('Chromium list', await page.evaluate(() => window.__seenAt), times);
    assert.equal(await page.evaluate(() => window.__mark), 'not reloaded');
    assert.equal(requests.filter((r) => /\/imagetags(\?|$)/.test(r)).length, listsBefore, 'no list requested again');
    const afterChange = await counted(server.url);
    assert.equal(afterChange.imagetags, beforeChange.imagetags, 'the devserver got no imagetags request');
    assert.ok(beforeChange.imagestreams >= 2, `a list and a watch of imagestreams: ${JSON.stringify(beforeChange)}`);
    assert.equal(await page.locator('#live-status').getAttribute('data-live'), 'live');
    await screenshot(page, 'live-list');

    // A tag created elsewhere (another tab, kubectl) appears in the list; a deleted one goes.
    await createTag(server.url, 'chromium:2');
    await page.waitForSelector('tr.tag-row[data-name="chromium:2"]');
    await fetch(`${server.url}${API}/namespaces/${NS}/imagetags/chromium:2`, { method: 'DELETE' });
    await page.waitForSelector('tr.tag-row[data-name="chromium:2"]', { state: 'detached' });
    assert.equal(await page.evaluate(() => window.__mark), 'not reloaded');
    assert.deepEqual(b.problems, []);
  } finally {
    await clearFaults(server.url);
    await b.close();
  }
});

test('Chromium: the tag page shows its import finishing through the watch, without polling', async () => {
  const name = 'tagpage:1';
  await createTag(server.url, name);
  const { b, page, requests } = await openRecorded();
  try {
    await gotoApp(page, server.url, `#/tag/${NS}/${encodeURIComponent(name)}`);
    await page.waitForSelector('.view-tag[data-fresh="true"] .pending[data-pending="waiting"]');
    await page.waitForSelector('#live-status[data-live="live"]');
    assert.match(await page.locator('.pending').textContent(), /shows here as soon as the server has it/);
    assert.ok(
      requests.some((r) =>
        /^GET \S+\/namespaces\/live\/imagestreams\?\S*fieldSelector=metadata\.name%3Dtagpage\S*watch=(true|1)|^GET \S+\/namespaces\/live\/imagestreams\?\S*watch=(true|1)\S*fieldSelector=metadata\.name%3Dtagpage/.test(
          r,
        ),
      ),
      `the page watches its stream: ${requests.join(', ')}`,
    );
    // Nothing is requested while the import waits (the old page read the tag every second).
    const waiting = requests.length;
    await page.waitForTimeout(2500);
    assert.deepEqual(requests.slice(waiting), [], 'no request while waiting');
    await page.evaluate(markWhen, ['.view-tag[data-history-count="1"]', null]);

    const times = await runImport(server.url, name);
    await page.waitForFunction(() => window.__seenAt !== null, null, { timeout: 10000 });
    report('Chromium tag page', await page.evaluate(() => window.__seenAt), times);
    await page.waitForSelector('.view-tag[data-fresh="true"][data-history-count="1"]');
    assert.equal(await page.locator('.pending').count(), 0, 'no pending notice');
    assert.equal(await page.evaluate(() => window.__mark), 'not reloaded');
    // The only request after the change: one read of the tag for the new image's details (no list, no poll).
    const after = requests.slice(waiting);
    assert.ok(
      after.every((r) => r.startsWith('GET') && decodeURIComponent(r).endsWith(`/namespaces/${NS}/imagetags/${name}`)),
      after.join(', '),
    );
    assert.ok(after.length <= 2, after.join(', '));
    await screenshot(page, 'live-tag');
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('Firefox: the list shows a finished import through the watch, live, without a reload or a new list', async () => {
  const name = 'firefox:1';
  await createTag(server.url, name);
  await countRequests(server.url);
  const ff = await openFirefox();
  try {
    console.log(`# ${ff.version}`);
    await ff.goto(`${server.url}/#/?namespace=${NS}`);
    await ff.waitFor(`tr.tag-row[data-name="${name}"]`);
    await ff.waitFor('#live-status[data-live="live"]');
    assert.equal(await ff.text('#live-status .live-text'), 'Live');
    assert.equal(await ff.text(`tr.tag-row[data-name="${name}"] .col-num`), '', 'no history yet');
    const beforeChange = await counted(server.url);
    assert.ok(beforeChange.imagestreams >= 2, `a list and a watch of imagestreams: ${JSON.stringify(beforeChange)}`);
    await ff.execute(markWhen, rowImported(name));

    const times = await runImport(server.url, name);
    await ff.waitUntil(() => window.__seenAt !== null, [], { timeout: 10000, what: 'the import in the list' });
    report('Firefox list', await ff.execute(() => window.__seenAt), times);
    assert.equal(await ff.execute(() => window.__mark), 'not reloaded');
    const afterChange = await counted(server.url);
    assert.equal(afterChange.imagetags, beforeChange.imagetags, 'the devserver got no imagetags request');
    assert.equal(await ff.attr('#live-status', 'data-live'), 'live');
    await ff.screenshot(path.join(ROOT, 'test-artifacts', 'e2e-firefox', 'live-list.png'));
  } finally {
    await clearFaults(server.url);
    await ff.close();
  }
});

test('a forbidden watch (403 on imagestreams): the list says Polling and still shows the change', async () => {
  const forbidden = await startDevserver(['--import-delay', 'manual']);
  const { b, page } = await openRecorded();
  try {
    const name = 'polled:1';
    await createTag(forbidden.url, name);
    await post(forbidden.url, '/simulator/v1/faults', {
      type: 'status',
      code: 403,
      count: 1000,
      pathContains: 'imagestreams',
    });
    // Every state the header's connection status takes.
    await page.addInitScript(() => {
      window.__connStates = [];
      new MutationObserver((changes) => {
        for (const c of changes)
          if (c.target.classList?.contains('conn-dot')) window.__connStates.push(c.target.getAttribute('data-state'));
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
    });
    await gotoApp(page, forbidden.url, `#/?namespace=${NS}`);
    await page.waitForSelector(`tr.tag-row[data-name="${name}"]`);
    await page.waitForSelector('#live-status[data-live="polling"]');
    assert.match(await page.locator('#live-status').textContent(), /^Polling every 5 s/);
    assert.match(await page.locator('#live-status').getAttribute('title'), /refused the watch/);
    await page.evaluate(markWhen, rowImported(name));
    const times = await runImport(forbidden.url, name);
    // One poll interval (5 s) and a margin.
    await page.waitForFunction(() => window.__seenAt !== null, null, { timeout: 15000 });
    report('Chromium list, polling every 5 s', await page.evaluate(() => window.__seenAt), times);
    assert.equal(await page.evaluate(() => window.__mark), 'not reloaded');
    assert.equal(await page.locator('#live-status').getAttribute('data-live'), 'polling');
    await screenshot(page, 'live-polling');
    const { faults } = await (await fetch(`${forbidden.url}/simulator/v1/faults`)).json();
    assert.ok(faults[0].count < 1000, 'the page asked for the image streams and was refused');
    // The refusal of the watch is not a fault of the connection: the header never says Forbidden.
    await page.waitForSelector('#connection .conn-dot[data-state="connected"]');
    const states = await page.evaluate(() => window.__connStates);
    assert.ok(states.includes('connected'), JSON.stringify(states));
    assert.ok(!states.includes('forbidden'), JSON.stringify(states));
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
    await forbidden.stop();
  }
});

test('a failing watch: the indicator says Reconnecting with the attempt, the delay and the error, then Live', async () => {
  const { b, page } = await openRecorded();
  try {
    // The first two requests for image streams fail (500): the client retries after 1 s, then 1.5 s.
    await post(server.url, '/simulator/v1/faults', {
      type: 'status',
      code: 500,
      count: 2,
      pathContains: 'imagestreams',
    });
    // Every state the indicator takes, with its words and title.
    await page.addInitScript(() => {
      window.__liveStates = [];
      new MutationObserver(() => {
        const el = document.getElementById('live-status');
        const last = window.__liveStates.at(-1);
        const now = el && { live: el.dataset.live, text: el.textContent, title: el.title };
        if (now && (!last || last.text !== now.text || last.live !== now.live)) window.__liveStates.push(now);
      }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await gotoApp(page, server.url, `#/?namespace=${NS}`);
    await page.waitForSelector('#live-status[data-live="reconnecting"]');
    await page.waitForSelector('#live-status[data-live="live"]');
    const states = await page.evaluate(() => window.__liveStates);
    const reconnecting = states.filter((s) => s.live === 'reconnecting');
    assert.ok(reconnecting.length >= 1, JSON.stringify(states));
    assert.match(reconnecting[0].text, /^Reconnecting \(attempt 1, in 1 s\)/);
    assert.match(reconnecting[0].text, /could not be completed at this time/, 'the error is in the text');
    assert.match(reconnecting[0].title, /^The connection for live updates failed: .*could not be completed/);
    assert.equal(states.at(-1).live, 'live');
    assert.equal(await page.locator('#live-status').getAttribute('role'), 'status');
    assert.deepEqual(b.problems, []);
  } finally {
    await clearFaults(server.url);
    await b.close();
  }
});
