// Smoke test of the released browser artifact: headless Chromium loads dist/web (the wasm-opt'd .wasm)
// from a local server through the ES module entry and calls it. `wasm-pack test` never runs wasm-opt, so
// a broken optimised module would only show here (and in the packed-tarball test).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { chromiumOptions, serveDistWeb } from './helpers.mjs';

let server, base, browser;

before(async () => {
  server = await serveDistWeb('smoke');
  base = server.base;
  browser = await chromium.launch(chromiumOptions());
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('the release build loads in Chromium through imagetag/web and works', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${base}/`);
  const result = await page.evaluate(async () => {
    const m = await import('/index.js');
    await m.default();
    await m.init(); // a second call is harmless
    const tag = m.parseImageTag('{"spec":null,"xNew":[1]}');
    let err = null;
    try {
      m.parseImageTag('{"status": 1}');
    } catch (e) {
      err = {
        name: e.name,
        code: e.code,
        path: e.path,
        isError: e instanceof Error,
        isTagError: e instanceof m.ImageTagError,
      };
    }
    return { tag, text: m.serializeImageTag(tag), err };
  });
  assert.deepStrictEqual(result.tag, { spec: null, xNew: [1] });
  assert.deepStrictEqual(JSON.parse(result.text), { spec: null, xNew: [1] });
  assert.deepStrictEqual(result.err, {
    name: 'ImageTagError',
    code: 'schema',
    path: 'status',
    isError: true,
    isTagError: true,
  });
  assert.deepStrictEqual(errors, []);
  await page.close();
});
