// Faults in the released browser build (dist/web, the wasm-opt'd module) in headless Chromium and in WebKit
// (WebKitGTK through WebDriver, tests/e2e/webdriver.mjs): a panic, a trap, a stack overflow and running out
// of memory are each an ImageTagError 'internal' that says what happened, and the next call works; lone
// surrogates and deep nesting are clear errors; arguments of every JS type are schema errors, and clients
// made before a fault keep working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { openWebKit } from '../e2e/webdriver.mjs';
import { chromiumOptions, examples, serveDistWeb } from './helpers.mjs';

let server, base, chromiumBrowser, webkit;
const tagText = examples().find((e) => e.json.kind === 'ImageTag' && e.json.status?.items?.length).text;

/** Loads the package into the page and defines window.m (the module), window.works() and window.fail(f). */
async function setup(tagText) {
  // What escapes to the page: an uncaught exception (also one thrown in a microtask) or an unhandled rejection.
  window.escaped = [];
  window.addEventListener('error', (e) => window.escaped.push(`error: ${e.message}`));
  window.addEventListener('unhandledrejection', (e) => window.escaped.push(`unhandled rejection: ${e.reason}`));
  const m = await import('/index.js');
  await m.init();
  window.m = m;
  window.works = () => {
    const tag = m.parseImageTag(tagText);
    return [
      m.serializeImageTag(tag).length > 0,
      m.validateImageTagList(`{"items":[${tagText}]}`).length >= 0,
      m.renderTagHistoryHtml(tag, { now: 0 }).startsWith('<table'),
      m.renderTagHistorySvg(tag, { now: 0 }).startsWith('<svg'),
      m.splitImageTagName('a:b').tag === 'b',
      m.__imagetagTestPanic('alive') === 'alive',
    ].every(Boolean);
  };
  window.fail = (f) => {
    try {
      f();
      return null;
    } catch (e) {
      return {
        name: e.name,
        code: e.code,
        message: e.message,
        line: e.line,
        column: e.column,
        tagError: e instanceof m.ImageTagError,
      };
    }
  };
}

// Each engine: how to evaluate a function in its page, how its own trap message reads (the engine's
// WebAssembly.RuntimeError text, which the internal error quotes), and the page errors its driver reports
// (Playwright's 'pageerror' in Chromium; WebDriver reports none, the page's own listeners see them).
const engines = {
  Chromium: { evaluate: null, trap: /RuntimeError: unreachable/, pageErrors: [] },
  WebKit: { evaluate: null, trap: /RuntimeError: Unreachable code should not be executed/, pageErrors: [] },
};

before(async () => {
  server = await serveDistWeb('hostile');
  base = server.base;
  chromiumBrowser = await chromium.launch(chromiumOptions());
  const page = await chromiumBrowser.newPage();
  page.on('pageerror', (e) => engines.Chromium.pageErrors.push(String(e)));
  await page.goto(`${base}/`);
  await page.evaluate(setup, tagText);
  engines.Chromium.evaluate = (fn, arg) => page.evaluate(fn, arg);
  webkit = await openWebKit();
  await webkit.goto(`${base}/`);
  await webkit.evaluate(setup, tagText);
  engines.WebKit.evaluate = (fn, arg) => webkit.evaluate(fn, arg);
});

after(async () => {
  await chromiumBrowser?.close();
  await webkit?.close();
  server?.close();
});

for (const [engine, { trap }] of Object.entries(engines)) {
  const evaluate = (fn, arg) => engines[engine].evaluate(fn, arg);

  test(`in ${engine}, every kind of fault is an ImageTagError internal and the module keeps working`, async () => {
    const results = await evaluate(() =>
      ['panic', 'trap', 'stack', 'oom', 'panic', 'stack'].map((kind) => ({
        kind,
        before: window.works(),
        error: window.fail(() => window.m.__imagetagTestPanic(kind)),
        after: window.works(),
        afterAgain: window.works(),
      })),
    );
    for (const r of results) {
      assert.equal(r.before, true, r.kind);
      assert.equal(r.error?.name, 'ImageTagError', r.kind);
      assert.equal(r.error.code, 'internal', r.kind);
      assert.equal(r.error.tagError, true, r.kind);
      assert.match(r.error.message, /^internal error: .+; the module has been reset$/, r.kind);
      assert.equal(r.after, true, r.kind);
      assert.equal(r.afterAgain, true, r.kind);
    }
    assert.match(
      results[0].error.message,
      /test panic requested by __imagetagTestPanic \(at src\/wasm\/recovery\.rs:\d+:\d+\)/,
    );
    assert.match(results[1].error.message, trap);
    assert.match(results[3].error.message, /out of memory/);
  });

  test(`in ${engine}, lone surrogates and 10,000 levels of nesting are clear errors`, async () => {
    const r = await evaluate(() => {
      const { m, fail } = window;
      const deep = `{"x":${'['.repeat(10000)}${']'.repeat(10000)}}`;
      return {
        surrogateText: fail(() => m.parseImageTag('{"metadata":{"name":"\ud800"}}')),
        surrogateObject: fail(() => m.validateImageTag({ metadata: { name: 'a\udc00' } })),
        surrogateList: fail(() => m.validateImageTagList('{"items":[{"x":"\ud800"}]}')),
        deepTag: fail(() => m.renderTagHistorySvg(deep)),
        deepList: fail(() => m.validateImageTagList(`{"items":[${deep}]}`)),
        works: window.works(),
      };
    });
    assert.deepEqual(r.surrogateText, {
      name: 'ImageTagError',
      code: 'parse',
      message: 'lone UTF-16 surrogate U+D800 in the text',
      line: 1,
      column: 22,
      tagError: true,
    });
    assert.equal(r.surrogateObject.code, 'parse');
    assert.equal(r.surrogateList.code, 'parse');
    assert.deepEqual([r.deepTag.code, r.deepTag.message], ['parse', 'recursion limit exceeded']);
    assert.deepEqual([r.deepList.code, r.deepList.message], ['parse', 'recursion limit exceeded']);
    assert.equal(r.works, true);
  });

  test(`in ${engine}, the very next call after a trap works, also one that copies a string into the module`, async () => {
    // A stack overflow leaves the instance's stack pointer broken; an export with a string argument copies
    // it into the module (its allocator) before the glue's own reset check, so only a reset made at once
    // lets that call work.
    const r = await evaluate(() => {
      const { m, fail } = window;
      const digest = `sha256:${'a'.repeat(64)}`;
      const out = {};
      for (const kind of ['stack', 'trap']) {
        out[kind] = [fail(() => m.__imagetagTestPanic(kind))?.code];
        for (let i = 0; i < 3; i++) out[kind].push(fail(() => m.shortDigest(digest)) ?? m.shortDigest(digest));
      }
      out.works = window.works();
      return out;
    });
    const ok = 'sha256:aaaaaaaaaaaa';
    assert.deepEqual(r, { stack: ['internal', ok, ok, ok], trap: ['internal', ok, ok, ok], works: true });
  });

  test(`in ${engine}, arguments of every JS type never trap, and clients made before a fault keep working`, async () => {
    const seen = engines[engine].pageErrors.length;
    const r = await evaluate(async (tagText) => {
      const { m, fail } = window;
      const proxy = new Proxy(
        {},
        {
          get() {
            throw new Error('proxy get');
          },
          ownKeys() {
            throw new Error('proxy ownKeys');
          },
        },
      );
      const values = [42, true, {}, 10n, Symbol('s'), null, undefined, proxy];
      const codes = [];
      const tag = JSON.parse(tagText);
      for (const v of values) {
        codes.push(fail(() => m.shortDigest(v))?.code);
        // A number is what the length and the seconds are; null and undefined are no length.
        const number = typeof v === 'number';
        codes.push(
          number || v === null || v === undefined ? 'schema' : fail(() => m.shortDigest('sha256:00', v))?.code,
        );
        codes.push(number ? 'schema' : fail(() => m.humanDuration(v))?.code);
        codes.push(fail(() => m.splitImageTagName(v))?.code);
        codes.push(fail(() => m.renderTagHistoryInto(v, tag, { now: 0 }))?.code);
        if (typeof v !== 'object' || v === proxy) codes.push(fail(() => m.describeTag(tag, v))?.code ?? 'schema');
      }
      // A client whose fetch answers from memory, made before the faults.
      const list = JSON.stringify({
        kind: 'ImageTagList',
        apiVersion: 'image.openshift.io/v1',
        metadata: {},
        items: [tag],
      });
      const fetch = async () => new Response(list, { headers: { 'content-type': 'application/json' } });
      const client = new m.ImageTagClient({ baseUrl: 'http://api.example', fetch });
      const rejected = [];
      for (const v of values) {
        try {
          await client.get(v, 'a:b');
          rejected.push('resolved');
        } catch (e) {
          rejected.push(e.code);
        }
      }
      const afterFaults = [];
      for (const kind of ['panic', 'trap', 'stack', 'oom']) {
        fail(() => m.__imagetagTestPanic(kind));
        afterFaults.push((await client.list()).items.length);
      }
      const asyncFaults = [];
      for (const kind of ['panic', 'trap', 'stack', 'oom']) {
        try {
          await m.__imagetagTestPanicAsync(kind);
          asyncFaults.push('resolved');
        } catch (e) {
          asyncFaults.push(`${e.name} ${e.code}`);
        }
        afterFaults.push((await client.list()).items.length);
      }
      // One more turn of the event loop, for anything that would escape late.
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { codes, rejected, afterFaults, asyncFaults, works: window.works(), escaped: window.escaped };
    }, tagText);
    assert.deepEqual(new Set(r.codes), new Set(['schema']), JSON.stringify(r.codes));
    assert.deepEqual(r.rejected, Array(8).fill('schema'));
    assert.deepEqual(r.afterFaults, Array(8).fill(1));
    assert.deepEqual(r.asyncFaults, Array(4).fill('ImageTagError internal'));
    assert.equal(r.works, true);
    assert.deepEqual(r.escaped, [], 'nothing escapes to the page');
    assert.deepEqual(engines[engine].pageErrors.slice(seen), [], 'nothing escapes to the page');
  });
}
