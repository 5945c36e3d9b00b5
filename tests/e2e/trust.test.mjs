// End to end, issue 20 ("a demo a user can trust"): each test opens a fresh browser (its own localStorage)
// on the demo page against a devserver this file starts, and checks that the page says what is true.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDevserver, screenshot, gotoApp, withPage, saveConnection } from './harness.mjs';

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

const API = '/apis/image.openshift.io/v1';

/** A request to the devserver's API from the test itself; resolves to the parsed answer. */
async function api(base, method, path, body) {
  const res = await fetch(`${base}${API}/${path}`, {
    method,
    headers: body ? { 'Content-Type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (!res.ok && method !== 'DELETE') throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Creates a DockerImage tag `name` in namespace `ns`. */
function createTag(base, ns, name, from) {
  return api(base, 'POST', `namespaces/${ns}/imagetags`, {
    kind: 'ImageTag',
    apiVersion: 'image.openshift.io/v1',
    metadata: { name, namespace: ns },
    spec: { name: name.split(':')[1], from: { kind: 'DockerImage', name: from } },
  });
}

/** Creates tag `name` (namespace e2e) on the default devserver and runs `fn(page)` on its page, read. */
async function withNewTag(name, fn) {
  await createTag(server.url, 'e2e', name, `quay.io/e2e/${name}`);
  await withPage(async (page) => {
    await gotoApp(page, server.url, tagHash('e2e', name));
    await page.waitForSelector('.view-tag[data-fresh="true"]');
    await fn(page);
  });
}

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

test('2. a pending import says what it waits for, that its result shows by itself, and later what to do', async () => {
  await createTag(manual.url, 'e2e', 'slow:1', 'quay.io/e2e/slow:1');
  await withPage(async (page) => {
    await page.clock.install();
    await gotoApp(page, manual.url, tagHash('e2e', 'slow:1'));
    const notice = page.locator('.view-tag .pending');
    await page.waitForSelector('.view-tag[data-fresh="true"] .pending[data-pending="waiting"]');
    await page.waitForSelector('#live-status[data-live="live"]');
    assert.match(await notice.textContent(), /Waiting for the import controller to import generation 1/);
    assert.match(await notice.textContent(), /result shows here as soon as the server has it: this page follows/);
    // Let the page's clock run past 40 s of waiting: the notice then says what the reader can do.
    for (let i = 0; i < 60 && (await page.locator('.pending[data-pending="stalled"]').count()) === 0; i++) {
      await page.clock.runFor(1000);
      await page.waitForTimeout(50);
    }
    await page.waitForSelector('.pending[data-pending="stalled"]');
    const text = await notice.textContent();
    assert.match(text, /Nothing has happened for 40 s/);
    assert.match(text, /still follows the tag/);
    assert.doesNotMatch(text, /stopped/);
    assert.match(text, /Run pending imports of this stream/);
    assert.equal(await notice.getByRole('button', { name: 'Re-import' }).isEnabled(), true);
    assert.equal(await page.locator('#live-status').getAttribute('data-live'), 'live');
    await screenshot(page, 'pending-stalled');
    // The import runs elsewhere (the controller, here the simulator): its result shows by itself.
    const res = await fetch(`${manual.url}/simulator/v1/import`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ namespace: 'e2e', stream: 'slow' }),
    });
    assert.equal(res.status, 200);
    await page.waitForSelector('.view-tag[data-history-count="1"]');
    await page.waitForSelector('.view-tag .pending', { state: 'detached' });
  });
});

test('3. after a 404 the tag page shows only the error: no badge, history or actions', async () => {
  await withNewTag('gone:1', async (page) => {
    await page.waitForSelector('.view-tag[data-fresh="true"][data-history-count="1"]');
    assert.equal(await page.locator('a.button', { hasText: 'Edit' }).getAttribute('aria-disabled'), null);
    await api(server.url, 'DELETE', 'namespaces/e2e/imagetags/gone:1');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.waitForSelector('.error-box[data-code="api"]');
    assert.match(await page.locator('.error-box').textContent(), /NotFound/);
    assert.equal(await page.locator('#tag-title .badge').count(), 0, 'no state badge');
    assert.equal(await page.locator('#history, #source, #image, #describe').count(), 0, 'no history or details');
    const editLink = page.locator('a.button', { hasText: 'Edit' });
    assert.equal(await editLink.getAttribute('aria-disabled'), 'true');
    assert.equal(await editLink.getAttribute('href'), null);
    assert.equal(await page.getByRole('button', { name: 'Re-import' }).isDisabled(), true);
    assert.equal(await page.getByRole('button', { name: 'Delete…' }).isDisabled(), true);
    await screenshot(page, 'tag-gone');

    // A tag that never existed: the same.
    await gotoApp(page, server.url, tagHash('e2e', 'never:1'));
    await page.waitForSelector('.error-box[data-code="api"]');
    assert.equal(await page.locator('a.button', { hasText: 'Edit' }).getAttribute('aria-disabled'), 'true');
  });
});

test('4. relative ages tick while the page is open, in lower case mid-sentence', async () => {
  await createTag(server.url, 'e2e', 'fresh:1', 'quay.io/e2e/fresh:1');
  await withPage(async (page) => {
    await page.clock.install();
    await gotoApp(page, server.url, '#/?namespace=e2e');
    const updated = page.locator('tr.tag-row[data-name="fresh:1"] .col-updated');
    await updated.waitFor();
    assert.match(await updated.textContent(), /^(less than a second|\d+ seconds?) ago$/);
    await page.clock.runFor(70_000);
    await page.waitForFunction(() =>
      /minute/.test(document.querySelector('tr.tag-row[data-name="fresh:1"] .col-updated')?.textContent || ''),
    );
    assert.equal(await updated.textContent(), 'about a minute ago');

    await gotoApp(page, server.url, tagHash('e2e', 'fresh:1'));
    const age = page.locator('#history td.imagetag-col-age').first();
    await page.waitForSelector('.view-tag[data-fresh="true"]');
    const before = await age.textContent();
    assert.match(before, /^(less than a second|about a minute|\d+ seconds?) ago$/);
    await page.clock.runFor(3 * 3600_000);
    await page.waitForFunction(() =>
      /hours/.test(document.querySelector('#history td.imagetag-col-age')?.textContent || ''),
    );
    assert.equal(await age.textContent(), '3 hours ago');
  });
});

test('5. an edit conflict (409) shows both changes and re-applies mine as a merge patch of spec', async () => {
  await createTag(server.url, 'e2e', 'shared:1', 'quay.io/e2e/shared:1');
  await withPage(async (page) => {
    await gotoApp(page, server.url, `#/edit/e2e/${encodeURIComponent('shared:1')}`);
    await page.waitForSelector('#f-scheduled');
    // Someone else changes the tag meanwhile.
    await api(server.url, 'PATCH', 'namespaces/e2e/imagetags/shared:1', { spec: { annotations: { owner: 'them' } } });
    await page.check('#f-scheduled');
    await page.click('#f-submit');
    await page.waitForSelector('#conflict');
    assert.match(await page.locator('#form-result .error-box').textContent(), /409/);
    const conflict = await page.locator('#conflict').textContent();
    assert.match(conflict, /spec\.annotations\.owner: "them"/);
    assert.match(conflict, /spec\.importPolicy\.scheduled: true/);
    await screenshot(page, 'edit-conflict');
    await page.click('#conflict-apply');
    await page.waitForURL((u) => u.hash === tagHash('e2e', 'shared:1'));
    await page.waitForSelector('.flash-ok');
    const now = await api(server.url, 'GET', 'namespaces/e2e/imagetags/shared:1');
    assert.equal(now.spec.importPolicy.scheduled, true, 'my change is stored');
    assert.equal(now.spec.annotations.owner, 'them', 'theirs is kept');
  });
});

test('6. re-import says what it found: no new image, then a new one', async () => {
  await withNewTag('again:1', async (page) => {
    await page.waitForSelector('.view-tag[data-fresh="true"][data-history-count="1"]');
    await page.getByRole('button', { name: 'Re-import' }).click();
    await page.waitForSelector('#reimport-outcome');
    assert.match(await page.locator('#reimport-outcome').textContent(), /^Re-import done: no new image/);
    await screenshot(page, 'reimport-no-new-image');

    const sim = await fetch(`${server.url}/simulator/v1/registry/publish`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ pullSpec: 'quay.io/e2e/again:1' }),
    });
    assert.equal(sim.status, 200, await sim.text());
    await page.getByRole('button', { name: 'Re-import' }).click();
    await page.waitForFunction(() =>
      /^Re-import done: new image sha256:[0-9a-f]{12}/.test(
        document.querySelector('#reimport-outcome')?.textContent || '',
      ),
    );
    await page.waitForSelector('.view-tag[data-history-count="2"]');
  });
});

test('7. the delete dialog starts unticked each time it opens', async () => {
  await withNewTag('dry:1', async (page) => {
    await page.getByRole('button', { name: 'Delete…' }).click();
    assert.equal(await page.isChecked('#delete-dry-run'), false);
    await page.check('#delete-dry-run');
    await page.click('#delete-confirm');
    await page.waitForSelector('.flash-ok:has-text("Dry run")');
    await page.getByRole('button', { name: 'Delete…' }).click();
    assert.equal(await page.isChecked('#delete-dry-run'), false, 'the next Delete is a real one');
    await page.click('#delete-confirm');
    await page.waitForURL((u) => u.hash === '#/');
    const gone = await fetch(`${server.url}${API}/namespaces/e2e/imagetags/dry:1`);
    assert.equal(gone.status, 404);
  });
});

test('8. the connection form checks the URL, takes any whole timeout, and points a 401 at the token', async () => {
  const locked = await startDevserver(['--token', 's3cret']);
  try {
    await withPage(async (page) => {
      await gotoApp(page, server.url, '#/');
      await page.waitForSelector('table.tags tbody tr');
      const requests = [];
      page.on('request', (r) => requests.push(r.url()));
      await saveConnection(page, { baseUrl: 'localhost:8080' });
      await page.waitForSelector('#conn-base[aria-invalid="true"]');
      assert.match(await page.locator('#conn-base-msg').textContent(), /http:\/\/localhost:8080/);
      assert.equal(await page.locator('#conn-form').isVisible(), true, 'the form stays open');
      assert.ok(!requests.some((u) => u.includes('localhost:8080')), 'nothing was sent there');
      assert.match(await page.locator('#conn-target').textContent(), new RegExp(`^${server.url}`));

      await saveConnection(page, { baseUrl: '', timeoutMs: 1500 });
      await page.waitForSelector('#connection:not([open])');
      await page.reload();
      await page.waitForSelector('html[data-ready="true"]');
      assert.equal(await page.inputValue('#conn-timeout'), '1500');
    });

    await withPage(async (page) => {
      await gotoApp(page, locked.url, '#/');
      await page.waitForSelector('.error-box[data-code="api"]');
      await page.waitForSelector('#connection .conn-dot[data-state="unauthorized"]');
      await screenshot(page, 'unauthorized');
      await page.locator('.error-box').getByRole('button', { name: 'Set a token' }).click();
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'conn-token');
      await page.fill('#conn-token', 's3cret');
      await page.click('#conn-form button[type="submit"]');
      await page.waitForSelector('table.tags tbody tr');
      await page.waitForSelector('#connection .conn-dot[data-state="connected"]');
    });
  } finally {
    await locked.stop();
  }
});

test('9. the create form: errors for touched fields, plain words beside the exact text, field-less server errors at the top, a bad digest caught first', async () => {
  await withPage(async (page) => {
    await gotoApp(page, server.url, '#/new');
    await page.waitForSelector('#tag-form');
    assert.equal(await page.locator('.field-msgs .msg-error').count(), 0, 'an untouched form shows no errors');
    assert.equal(await page.locator('#form-error-count').count(), 0);

    // A touched field shows its findings; the untouched name stays quiet until a send.
    await page.fill('#f-namespace', 'e2e');
    await page.waitForTimeout(200);
    assert.equal(await page.locator('#name-msgs .msg-error').count(), 0, 'the untouched name is quiet');
    await page.click('#f-submit');
    await page.waitForSelector('#name-msgs .msg-error');
    assert.match(await page.locator('#name-msgs').textContent(), /Give the name, as <image stream>:<tag>/);
    assert.match(await page.locator('#name-msgs').textContent(), /name or generateName is required/);
    await screenshot(page, 'create-form-submitted');

    // A name the regex refuses: plain words, and the exact text with its regex still there.
    await page.fill('#f-from', 'quay.io/e2e/web:1');
    await page.fill('#f-name', 'Web:x');
    await page.waitForFunction(() => /regex|must match/.test(document.querySelector('#name-msgs')?.textContent || ''));
    const nameMsgs = await page.locator('#name-msgs').textContent();
    assert.match(nameMsgs, /lower-case letters and digits/);
    assert.match(nameMsgs, /Invalid value: "Web": must match "\[a-z0-9\]\+\(\?:\[\._-\]\[a-z0-9\]\+\)\*"/);
    await page.fill('#f-name', 'web');
    await page.waitForFunction(() => /Write the name as/.test(document.querySelector('#name-msgs')?.textContent || ''));
    assert.match(await page.locator('#name-msgs').textContent(), /Invalid value: "latest": must match image tag name/);

    // An ImageStreamImage whose digest cannot exist is caught before sending.
    await page.fill('#f-namespace', 'e2e');
    await page.fill('#f-name', 'web:zz');
    await page.selectOption('#f-kind', 'ImageStreamImage');
    await page.fill('#f-from', 'web@sha256:zz');
    await page.waitForSelector('#fromName-msgs .msg-error');
    assert.match(await page.locator('#fromName-msgs').textContent(), /"sha256:zz" is not an image digest/);

    // Unchecked, the server answers with an error that names no field: it shows at the top of the form.
    await page.uncheck('#f-validate');
    await page.click('#f-submit');
    await page.waitForSelector('#form-top-server .error-box');
    const top = await page.locator('#form-top-server').textContent();
    assert.match(top, /The server refused: 422 Invalid/);
    assert.match(top, /Internal error: .*error generating tag event/);
    const boxTop = await page.locator('#form-top-server .error-box').boundingBox();
    const firstField = await page.locator('#f-namespace').boundingBox();
    assert.ok(boxTop.y < firstField.y, 'above the first field');
    await screenshot(page, 'create-form-server-error');
  });
});

test('10. the list sorts by its columns, says a status once, and names an invalid namespace', async () => {
  await withPage(async (page) => {
    await gotoApp(page, server.url, '#/');
    await page.waitForSelector('table.tags tbody tr');
    const names = () => page.locator('tr.tag-row').evaluateAll((rows) => rows.map((r) => r.dataset.name));
    const counts = () =>
      page.locator('tr.tag-row .col-num').evaluateAll((cells) => cells.map((c) => Number(c.textContent || 0)));
    await page.click('thead th[data-sort="name"]');
    const up = await names();
    assert.deepEqual(
      up,
      [...up].sort((a, b) => a.localeCompare(b)),
    );
    assert.equal(await page.locator('thead th[data-sort="name"]').getAttribute('aria-sort'), 'ascending');
    await page.click('thead th[data-sort="name"]');
    assert.deepEqual(
      await names(),
      [...up].sort((a, b) => b.localeCompare(a)),
    );
    assert.equal(await page.inputValue('#list-sort'), 'name-desc');
    // The keyboard's way: the Sort menu.
    await page.selectOption('#list-sort', 'history');
    const h = await counts();
    assert.deepEqual(
      h,
      [...h].sort((a, b) => a - b),
    );
    assert.ok(h[0] < h[h.length - 1], 'the seed has tags with different history lengths');

    // A failed import: the badge says it; the column does not say it again.
    const failed = page.locator('tr.tag-row.state-import-failed .col-status').first();
    await failed.waitFor();
    const text = await failed.textContent();
    assert.match(text, /Import failed \(/);
    assert.doesNotMatch(text, /ImportFailed/);
    await screenshot(page, 'list-sorted');

    await page.fill('#list-namespace', 'Bad_NS!');
    await page.press('#list-namespace', 'Enter');
    await page.waitForSelector('#namespace-invalid');
    const box = await page.locator('#namespace-invalid').textContent();
    assert.match(box, /"Bad_NS!" is not a valid namespace name/);
    assert.match(box, /lower-case letters, digits and "-"/);
    assert.equal(await page.getByText('No ImageTags in namespace').count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Create one' }).count(), 0);
  });
});
