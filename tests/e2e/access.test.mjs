// End to end, issue 15 ("who may do what"): the demo asks the server's access reviews and turns off what the
// signed-in user may not do. A devserver with `--users` has a read-only token (get and list only) and a
// writer token; another has only `anonymous` read-only rules, for a page without a token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDevserver, screenshot, gotoApp, withPage, saveConnection } from './harness.mjs';

const NS = 'demo';
const TAG = 'app:latest';
const tagHash = `#/tag/${encodeURIComponent(NS)}/${encodeURIComponent(TAG)}`;

let dir;
let server;
let anonymous;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'imagetag-e2e-access-'));
  const users = path.join(dir, 'users.json');
  writeFileSync(
    users,
    JSON.stringify({
      users: [
        { token: 'viewer-token', name: 'viewer', rules: [{ verbs: ['get', 'list'], resources: ['imagetags'] }] },
        { token: 'writer-token', name: 'writer', rules: [{ verbs: ['*'], resources: ['imagetags'] }] },
      ],
    }),
  );
  const anon = path.join(dir, 'anonymous.json');
  writeFileSync(
    anon,
    JSON.stringify({
      users: [{ token: 'admin-token', name: 'admin', rules: [{ verbs: ['*'], resources: ['*'] }] }],
      anonymous: { rules: [{ verbs: ['get', 'list'], resources: ['imagetags'] }] },
    }),
  );
  server = await startDevserver(['--users', users]);
  anonymous = await startDevserver(['--users', anon]);
});

after(async () => {
  await server?.stop();
  await anonymous?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** What the list and the tag page let this user do. */
async function actions(page, base) {
  await gotoApp(page, base, `#/?namespace=${NS}`);
  await page.waitForSelector('tr.tag-row');
  await page.waitForSelector('.view-list[data-access="known"]');
  const create = page.locator('#list-create');
  const list = {
    rows: await page.locator('tr.tag-row').count(),
    create: {
      disabled: (await create.getAttribute('aria-disabled')) === 'true',
      href: await create.getAttribute('href'),
      title: await create.getAttribute('title'),
    },
    status: await page.locator('#connection .conn-dot').getAttribute('data-state'),
  };
  await page.goto(`${base}/${tagHash}`);
  await page.waitForSelector('.view-tag[data-fresh="true"][data-access="known"]');
  const view = page.locator('.view-tag');
  const edit = view
    .getByRole('link', { name: 'Edit' })
    .or(view.locator('a.button', { hasText: 'Edit' }))
    .first();
  const reimport = view.getByRole('button', { name: 'Re-import' }).first();
  const del = view.getByRole('button', { name: 'Delete…' });
  const tag = {
    edit: {
      disabled: (await edit.getAttribute('aria-disabled')) === 'true' || (await edit.getAttribute('href')) === null,
      title: await edit.getAttribute('title'),
    },
    reimport: { disabled: await reimport.isDisabled(), title: await reimport.getAttribute('title') },
    del: { disabled: await del.isDisabled(), title: await del.getAttribute('title') },
  };
  /** The form's Send button, on the create form and on the edit form of the tag. */
  const send = async (hash) => {
    await page.goto(`${base}/${hash}`);
    await page.waitForSelector('.view[data-access="known"] #f-submit');
    const b = page.locator('#f-submit');
    return { disabled: await b.isDisabled(), title: await b.getAttribute('title') };
  };
  const form = {
    create: await send(`#/new?namespace=${NS}`),
    edit: await send(`#/edit/${encodeURIComponent(NS)}/${encodeURIComponent(TAG)}`),
  };
  return { list, tag, form };
}

test('1. a read-only token sees the list and the tag, with Create, Edit, Re-import and Delete turned off', async () => {
  await withPage(async (page) => {
    await gotoApp(page, server.url, '#/');
    await saveConnection(page, { token: 'viewer-token' });
    const { list, tag, form } = await actions(page, server.url);
    assert.ok(list.rows > 0, 'the list shows the tags');
    assert.equal(list.create.disabled, true, 'Create is off');
    assert.equal(list.create.href, null, 'Create leads nowhere');
    assert.match(list.create.title || '', /cannot create imagetags in namespace "demo"/);
    assert.equal(list.status, 'read-only', 'the connection status says read-only');
    assert.match(await page.locator('#conn-status').textContent(), /Connected, read-only/);
    assert.equal(tag.edit.disabled, true, 'Edit is off');
    assert.match(tag.edit.title || '', /cannot update imagetags in namespace "demo"/);
    assert.equal(tag.reimport.disabled, true, 'Re-import is off');
    assert.match(tag.reimport.title || '', /cannot update imagetags in namespace "demo"/);
    assert.equal(tag.del.disabled, true, 'Delete is off');
    assert.match(tag.del.title || '', /cannot delete imagetags in namespace "demo"/);
    assert.equal(form.create.disabled, true, 'the create form cannot be sent');
    assert.match(form.create.title || '', /cannot create imagetags in namespace "demo"/);
    assert.equal(form.edit.disabled, true, 'the edit form cannot be sent');
    assert.match(form.edit.title || '', /cannot update imagetags in namespace "demo"/);
  });
});

test('2. a writer token gets every action, and a switch of token asks again', async () => {
  await withPage(async (page) => {
    await gotoApp(page, server.url, '#/');
    await saveConnection(page, { token: 'viewer-token' });
    const before = await actions(page, server.url);
    assert.equal(before.tag.del.disabled, true);
    await saveConnection(page, { token: 'writer-token' });
    const { list, tag, form } = await actions(page, server.url);
    assert.equal(list.create.disabled, false, 'Create is on');
    assert.equal(list.create.href, `#/new?namespace=${NS}`);
    assert.equal(list.status, 'connected');
    assert.equal(tag.edit.disabled, false, 'Edit is on');
    assert.equal(tag.reimport.disabled, false, 'Re-import is on');
    assert.doesNotMatch(tag.reimport.title || '', /cannot/);
    assert.equal(tag.del.disabled, false, 'Delete is on');
    assert.equal(tag.del.title, null);
    assert.deepEqual(form, { create: { disabled: false, title: null }, edit: { disabled: false, title: null } });
  });
});

test('3. a 403 of a write still shows the server message', async () => {
  await withPage(async (page) => {
    await gotoApp(page, server.url, '#/');
    await saveConnection(page, { token: 'viewer-token' });
    await gotoApp(page, server.url, tagHash);
    await page.waitForSelector('.view-tag[data-fresh="true"][data-access="known"]');
    assert.equal(await page.locator('.view-head .actions button.danger').isDisabled(), true);
    // The button is off; a write that gets through anyway (here: forced by the test) shows the 403 as told.
    await page.evaluate(() => {
      for (const b of document.querySelectorAll('.view-tag button'))
        if (b instanceof HTMLButtonElement) b.disabled = false;
    });
    await page.click('.view-head .actions button.danger');
    await page.click('#delete-confirm');
    const box = page.locator('dialog .error-box');
    await box.waitFor();
    assert.match(
      await box.textContent(),
      /User "viewer" cannot delete resource "imagetags" in API group "image.openshift.io" in the namespace "demo"/,
    );
    await page.waitForSelector('#connection .conn-dot[data-state="forbidden"]');
  });
});

test('4. without a token, the anonymous read-only rules turn the actions off as well', async () => {
  await withPage(async (page) => {
    const { list, tag } = await actions(page, anonymous.url);
    await gotoApp(page, anonymous.url, tagHash);
    await page.waitForSelector('.view-tag[data-access="known"]');
    await screenshot(page, 'read-only-tag');
    assert.ok(list.rows > 0, 'the list shows the tags');
    assert.equal(list.create.disabled, true, 'Create is off');
    assert.equal(tag.edit.disabled, true, 'Edit is off');
    assert.equal(tag.reimport.disabled, true, 'Re-import is off');
    assert.equal(tag.del.disabled, true, 'Delete is off');
    assert.match(tag.del.title || '', /cannot delete imagetags in namespace "demo"/);
    // The admin token of the same server may do everything.
    await saveConnection(page, { token: 'admin-token' });
    const admin = await actions(page, anonymous.url);
    assert.equal(admin.list.create.disabled, false);
    assert.equal(admin.tag.del.disabled, false);
    assert.equal(admin.tag.edit.disabled, false);
  });
});
