// End to end: the demo page (www/) in Chromium against a devserver this test starts. Steps run in order
// and build on each other (one tag is created, imported, re-imported, edited and deleted).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDevserver, openBrowser, screenshot, gotoApp } from './harness.mjs';

const NS = 'e2e';
const TAG = 'web:stable';
const SOURCE = 'quay.io/e2e/web:stable';
let server;
let browser;
let page;

const tagHash = (ns, name) => `#/tag/${encodeURIComponent(ns)}/${encodeURIComponent(name)}`;

before(async () => {
  server = await startDevserver();
  browser = await openBrowser();
  page = browser.page;
  page.setDefaultTimeout(15000);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Counts the requests to the imagetags API while `fn` runs. */
async function apiRequestsDuring(fn) {
  const seen = [];
  const listener = (r) => {
    if (r.url().includes('/apis/')) seen.push(`${r.method()} ${r.url()}`);
  };
  page.on('request', listener);
  try {
    await fn();
  } finally {
    page.off('request', listener);
  }
  return seen;
}

async function fillCreateForm({ namespace = NS, name, kind = 'DockerImage', from }) {
  await gotoApp(page, server.url, '#/new');
  await page.fill('#f-namespace', namespace);
  await page.fill('#f-name', name);
  await page.selectOption('#f-kind', kind);
  await page.fill('#f-from', from);
}

test('the page loads with every part of the package and the seeded list', async () => {
  await gotoApp(page, server.url, '#/');
  await page.waitForSelector('table.tags tbody tr');
  const info = await page.locator('#build-info').textContent();
  console.log(`# ${info}`);
  assert.doesNotMatch(
    info,
    /ImageTagClient|describeTag|renderTagHistory/,
    `the build lacks exports the page needs: ${info}`,
  );
  assert.ok((await page.locator('table.tags tbody tr').count()) > 1, 'the demo seed shows several tags');
  await screenshot(page, 'list-seeded');
});

test('create a DockerImage tag: it appears in the list, the import completes, history has one entry', async () => {
  await fillCreateForm({ name: TAG, from: SOURCE });
  assert.equal(await page.locator('.field-msgs .msg-error').count(), 0, 'a valid form shows no errors');
  await screenshot(page, 'create-form');
  await page.click('#f-submit');
  await page.waitForURL((u) => u.hash === tagHash(NS, TAG));
  await page.waitForSelector('.flash-ok');

  await gotoApp(page, server.url, '#/');
  await page.fill('#list-filter', TAG);
  const row = page.locator(`tr.tag-row[data-name="${TAG}"][data-namespace="${NS}"]`);
  await row.waitFor();
  await screenshot(page, 'list-filtered-new-tag');

  await row.locator('a').click();
  await page.waitForSelector('.view-tag[data-history-count="1"][data-fresh="true"]');
  assert.equal(await page.locator('.view-tag').getAttribute('data-state'), 'current');
  assert.ok((await page.locator('#history svg').count()) === 1, 'the SVG timeline is shown');
  assert.match(await page.locator('#history').textContent(), /quay\.io\/e2e\/web@sha256:/);
  assert.match(await page.locator('#image').textContent(), /sha256:[0-9a-f]{64}/, 'the current image is shown');
  await screenshot(page, 'tag-imported');
});

test('publish a new source revision and re-import: two history entries', async () => {
  await gotoApp(page, server.url, tagHash(NS, TAG));
  await page.waitForSelector('.view-tag[data-history-count="1"][data-fresh="true"]');
  await page.click('#simulator > summary');
  await page.click('#sim-publish');
  await page.waitForSelector('#simulator .flash-ok');
  await page.click('.view-tag .actions button:has-text("Re-import")');
  await page.waitForSelector('.view-tag[data-history-count="2"][data-fresh="true"]');
  assert.equal(await page.locator('.view-tag').getAttribute('data-state'), 'current');
  await screenshot(page, 'tag-reimported');
});

test('a source on a .invalid registry shows the import failure', async () => {
  await fillCreateForm({ name: 'broken:1', from: 'registry.example.invalid/team/broken:1' });
  await page.click('#f-submit');
  await page.waitForURL((u) => u.hash === tagHash(NS, 'broken:1'));
  await page.waitForSelector('.view-tag[data-state="importFailed"]');
  const text = await page.locator('#import-errors').textContent();
  assert.match(text, /Import failed \(NotFound\)/);
  assert.match(text, /dockerimage\.image\.openshift\.io "registry\.example\.invalid\/team\/broken:1" not found/);
  await screenshot(page, 'tag-import-failed');
});

test("an invalid form shows the validator's errors next to the fields and sends nothing", async () => {
  await fillCreateForm({ name: 'nocolon', from: 'quay.io/Team/App:1' });
  await page.waitForSelector('#fromName-msgs .msg-error');
  assert.match(await page.locator('#fromName-msgs').textContent(), /repository name must be lowercase/);
  assert.ok((await page.locator('#name-msgs .msg-error').count()) > 0, 'the name without ":" is refused');
  assert.equal(await page.locator('#f-from').getAttribute('aria-invalid'), 'true');
  await page.fill('#f-reference-policy', 'Remote');
  await page.waitForSelector('#referencePolicy-msgs .msg-error');
  assert.match(
    await page.locator('#referencePolicy-msgs').textContent(),
    /Invalid value: "Remote": valid values are "Source", "Local"/,
  );
  const sent = await apiRequestsDuring(async () => {
    await page.click('#f-submit');
    await page.waitForSelector('#form-result [role="alert"]');
    await page.waitForTimeout(300);
  });
  assert.deepEqual(sent, [], 'nothing was sent');
  // As you type: fixing the field clears its error.
  await page.fill('#f-from', 'quay.io/team/app:1');
  await page.waitForSelector('#fromName-msgs .msg-error', { state: 'detached' });
  await page.fill('#f-from', 'quay.io/Team/App:1');
  await screenshot(page, 'form-invalid');
});

test('edit a tag: the change is saved and metadata and status are kept', async () => {
  await gotoApp(page, server.url, `#/edit/${NS}/${encodeURIComponent(TAG)}`);
  await page.waitForSelector('#tag-form');
  await page.fill('#f-reference-policy', 'Local');
  await page.fill('#f-annotations', 'description=Edited by the e2e test');
  await screenshot(page, 'edit-form');
  await page.click('#f-submit');
  await page.waitForURL((u) => u.hash === tagHash(NS, TAG));
  await page.waitForSelector('.view-tag[data-fresh="true"]');
  const source = await page.locator('#source').textContent();
  assert.match(source, /Local/);
  assert.match(source, /Edited by the e2e test/);
  assert.equal(await page.locator('.view-tag').getAttribute('data-history-count'), '2', 'history survived the edit');
  await screenshot(page, 'tag-edited');
});

test('a server error is shown with its reason, message and every cause', async () => {
  await fillCreateForm({ name: 'servererr:1', from: 'quay.io/Team/App:1' });
  await page.fill('#f-reference-policy', 'Remote');
  await page.fill('#f-import-mode', 'Fast');
  await page.uncheck('#f-validate');
  const sent = await apiRequestsDuring(async () => {
    await page.click('#f-submit');
    await page.waitForSelector('#form-result .error-box[data-code="api"]');
  });
  assert.equal(sent.length, 1, 'with validation off the object is sent');
  const box = page.locator('#form-result .error-box');
  assert.equal(await box.locator('.error-status').textContent(), '422');
  assert.equal(await box.locator('.error-reason').textContent(), 'Invalid');
  assert.match(
    await box.locator('.error-message').textContent(),
    /^ImageTag\.image\.openshift\.io "servererr:1" is invalid: \[/,
  );
  const causes = await box.locator('tr.cause').allTextContents();
  assert.equal(causes.length, 3, `every cause is listed: ${causes.join(' | ')}`);
  assert.ok(causes.some((c) => c.includes('spec.from.name') && c.includes('repository name must be lowercase')));
  assert.ok(
    causes.some(
      (c) =>
        c.includes('spec.referencePolicy.type') &&
        c.includes('Invalid value: "Remote": valid values are "Source", "Local"'),
    ),
  );
  assert.ok(causes.some((c) => c.includes('spec.importPolicy.importMode') && c.includes('invalid import mode')));
  // ... and each cause also sits next to its field.
  assert.match(await page.locator('#referencePolicy-msgs').textContent(), /Server: Invalid value: "Remote"/);
  await screenshot(page, 'server-error-causes');
});

test('delete a tag after confirming', async () => {
  await gotoApp(page, server.url, tagHash(NS, TAG));
  await page.waitForSelector('.view-tag[data-fresh="true"]');
  await page.click('.view-tag .actions button:has-text("Delete")');
  await page.waitForSelector('dialog.confirm[open]');
  await screenshot(page, 'delete-confirm');
  await page.click('#delete-confirm');
  await page.waitForURL((u) => u.hash === '#/');
  await page.waitForSelector('.flash-ok');
  assert.match(await page.locator('.flash-ok').textContent(), /Deleted web:stable/);
  await page.fill('#list-filter', '');
  await page.waitForSelector('table.tags');
  assert.equal(await page.locator(`tr.tag-row[data-name="${TAG}"][data-namespace="${NS}"]`).count(), 0);
  await gotoApp(page, server.url, tagHash(NS, TAG));
  await page.waitForSelector('.error-box[data-code="api"]');
  assert.match(await page.locator('.error-box').textContent(), /NotFound/);
  await screenshot(page, 'deleted-not-found');
});

test('a network error is shown plainly, and the connection is remembered', async () => {
  await gotoApp(page, server.url, '#/');
  await page.click('#connection > summary');
  await page.fill('#conn-base', 'http://127.0.0.1:1');
  await page.click('#conn-form button[type="submit"]');
  await page.waitForSelector('.error-box[data-code="network"]');
  assert.match(
    await page.locator('.error-box').textContent(),
    /Network error: could not reach http:\/\/127\.0\.0\.1:1/,
  );
  await screenshot(page, 'network-error');
  await page.reload();
  await page.waitForSelector('.error-box[data-code="network"]');
  await page.click('#connection > summary');
  await page.click('#conn-reset');
  await page.click('#conn-form button[type="submit"]');
  await page.waitForSelector('table.tags tbody tr');
});

test('narrow window: list and tag view stay readable', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await gotoApp(page, server.url, '#/');
  await page.waitForSelector('table.tags tbody tr');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no horizontal scrolling of the page (${overflow}px)`);
  await screenshot(page, 'narrow-list');
  await gotoApp(page, server.url, tagHash(NS, 'broken:1'));
  await page.waitForSelector('.view-tag[data-fresh="true"]');
  const overflow2 = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow2 <= 1, `no horizontal scrolling of the tag view (${overflow2}px)`);
  await screenshot(page, 'narrow-tag');
  await page.setViewportSize({ width: 1280, height: 800 });
});

test('keyboard: the list, a tag and the form are reachable without a mouse', async () => {
  await gotoApp(page, server.url, '#/');
  await page.waitForSelector('table.tags tbody tr');
  assert.equal(
    await page.evaluate(() => document.activeElement?.id),
    'list-title',
    'a new view moves the focus to its heading',
  );
  await page.focus('#list-filter');
  await page.keyboard.type('broken');
  await page.waitForSelector('tr.tag-row[data-name="broken:1"]');
  // Tab order: filter → Refresh → the table region → first link; walk until a tag link has focus.
  for (let i = 0; i < 5 && !(await page.evaluate(() => document.activeElement?.closest('tr.tag-row'))); i++)
    await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.hash === tagHash(NS, 'broken:1'));
  await page.waitForSelector('.view-tag[data-fresh="true"]');
  // Delete dialog: opens from the keyboard, Escape cancels and gives the focus back.
  await page.focus('.view-tag .actions button.danger');
  await page.keyboard.press('Enter');
  await page.waitForSelector('dialog.confirm[open]');
  await page.keyboard.press('Escape');
  await page.waitForSelector('dialog.confirm:not([open])', { state: 'attached' });
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Delete…');
  // The form: Tab reaches every control; Enter submits.
  await gotoApp(page, server.url, '#/new');
  await page.keyboard.type('e2e'); // the namespace field has the focus
  await page.keyboard.press('Tab');
  await page.keyboard.type('kbd:1');
  await page.keyboard.press('Tab'); // kind
  await page.keyboard.press('Tab'); // source name
  await page.keyboard.type('quay.io/e2e/kbd:1');
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.hash === tagHash(NS, 'kbd:1'));
});

test("no console errors and no failed loads of the page's own files", () => {
  assert.deepEqual(browser.problems, []);
});
