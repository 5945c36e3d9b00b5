// End to end, issue 20 ("a demo a user can trust"): each test opens a fresh browser (its own localStorage)
// on the demo page against a devserver this file starts, and checks that the page says what is true.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDevserver, openBrowser, screenshot, gotoApp } from './harness.mjs';

let server;
let manual;

before(async () => {
  server = await startDevserver();
  // Imports wait for the simulator: a tag stays pending as long as a test wants.
  manual = await startDevserver(['--import-delay', 'manual']);
});

after(async () => {
  await server?.stop();
  await manual?.stop();
});

const tagHash = (ns, name) => `#/tag/${encodeURIComponent(ns)}/${encodeURIComponent(name)}`;

/** Runs `fn(page)` in a fresh browser; fails on the page's own errors. */
async function withPage(fn, viewport) {
  const b = await openBrowser(viewport);
  b.page.setDefaultTimeout(15000);
  try {
    await fn(b.page);
    assert.deepEqual(b.problems, [], 'the page logged no errors of its own');
  } finally {
    await b.close();
  }
}

/** Saves the Connection form with these values (the others as they are). */
async function saveConnection(page, { baseUrl, token, timeoutMs }) {
  if (!(await page.locator('#conn-form').isVisible())) await page.click('#connection > summary');
  if (baseUrl !== undefined) await page.fill('#conn-base', baseUrl);
  if (token !== undefined) await page.fill('#conn-token', token);
  if (timeoutMs !== undefined) await page.fill('#conn-timeout', String(timeoutMs));
  await page.click('#conn-form button[type="submit"]');
}

const connState = (page) => page.locator('#connection .conn-dot').getAttribute('data-state');

test('1. the connection status says what the last request found, and reset reconnects', async () => {
  await withPage(async (page) => {
    await gotoApp(page, server.url, '#/');
    await page.waitForSelector('table.tags tbody tr');
    await page.waitForSelector('#connection .conn-dot[data-state="connected"]');
    assert.match(await page.locator('#conn-state').textContent(), /^Connected$/);

    // Nothing listens there: unreachable, with the cause; no "Connected to" anywhere.
    await saveConnection(page, { baseUrl: 'http://127.0.0.1:1' });
    await page.waitForSelector('.error-box[data-code="network"]');
    await page.waitForSelector('#connection .conn-dot[data-state="unreachable"]');
    assert.equal(await page.locator('#conn-state').textContent(), 'Unreachable');
    assert.match(await page.locator('#conn-status').textContent(), /^Unreachable: .+ \(http:\/\/127\.0\.0\.1:1\)$/);
    assert.equal(await page.getByText('Connected to').count(), 0);
    await screenshot(page, 'connection-unreachable');

    // Reset alone reconnects: the list loads from the page's origin and the status follows.
    await page.click('#connection > summary');
    await page.click('#conn-reset');
    await page.waitForSelector('table.tags tbody tr');
    await page.waitForSelector('#connection .conn-dot[data-state="connected"]');
    assert.equal(await page.locator('.error-box').count(), 0);
    assert.match(await page.locator('#conn-target').textContent(), new RegExp(`^${server.url}`));

    // A server that answers, but not as an imagetags API.
    await saveConnection(page, { baseUrl: `${server.url}/nope` });
    await page.waitForSelector('#connection .conn-dot[data-state="not-api"]');
    assert.equal(await page.locator('#conn-state').textContent(), 'Not an imagetags API');
    assert.equal(await page.getByText('Connected to').count(), 0);
  });
});
