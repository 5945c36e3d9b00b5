// Hostile input and faults through the released Node.js entries (dist/node): a panic or a trap inside the
// module is an ImageTagError with code 'internal' that says what happened, and the very next call works;
// lone surrogates, deep nesting and big inputs are clear errors or handled, never a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as esm from '../../dist/node/index.mjs';
import { examples } from './helpers.mjs';

const require = createRequire(import.meta.url);
// The hidden test export is on the CommonJS entry (the ES module entry exports only the public names).
const cjs = require('../../dist/node/index.cjs');
const NOW = '2025-06-01T00:00:00Z';
const tagText = examples().find((e) => e.json.kind === 'ImageTag' && e.json.status?.items?.length).text;

/** A few ordinary calls of every area; throws if the module is not usable. */
function everythingWorks(m) {
  const tag = m.parseImageTag(tagText);
  assert.equal(JSON.parse(m.serializeImageTag(tag)).metadata.name, tag.metadata.name);
  assert.deepEqual(m.splitImageTagName('app:latest'), { stream: 'app', tag: 'latest' });
  assert.equal(m.parseImageReference('quay.io/a/b:1').tag, '1');
  assert.ok(Array.isArray(m.validateImageTag(tag).errors));
  assert.ok(Array.isArray(m.validateImageTagList(`{"items":[${tagText}]}`)));
  assert.match(m.renderTagHistoryHtml(tag, { now: NOW }), /^<table/);
  assert.match(m.renderTagHistorySvg(tag, { now: NOW }), /^<svg/);
  assert.ok(m.renderTagHistoryText(tag, { now: NOW }).length > 0);
  assert.equal(m.describeTag(tag, { now: NOW }).name, tag.metadata.name);
  assert.equal(m.__imagetagTestPanic?.('alive') ?? 'alive', 'alive');
}

const expected = {
  panic:
    /^internal error: test panic requested by __imagetagTestPanic \(at src\/wasm\/recovery\.rs:\d+:\d+\); the module has been reset$/,
  trap: /^internal error: the WebAssembly module trapped \(RuntimeError: unreachable\); the module has been reset$/,
  stack:
    /^internal error: the WebAssembly module trapped \((RuntimeError: memory access out of bounds|RangeError: Maximum call stack size exceeded)\); the module has been reset$/,
  oom: /^internal error: out of memory \(the WebAssembly memory could not grow\); the module has been reset$/,
};

for (const [kind, message] of Object.entries(expected)) {
  test(`a ${kind} inside the module is an ImageTagError 'internal' and the next call works`, () => {
    everythingWorks(cjs);
    for (let round = 0; round < 3; round++) {
      assert.throws(
        () => cjs.__imagetagTestPanic(kind),
        (e) => {
          assert.ok(e instanceof Error && e instanceof cjs.ImageTagError && e instanceof esm.ImageTagError);
          assert.equal(e.name, 'ImageTagError');
          assert.equal(e.code, 'internal');
          assert.match(e.message, message);
          return true;
        },
      );
      everythingWorks(cjs);
      everythingWorks(esm); // the ES module entry shares the same instance
    }
  });
}

test('panics and traps in a row, mixed with real work, never leave the module unusable', () => {
  const kinds = ['panic', 'trap', 'stack', 'panic', 'panic', 'stack', 'trap', 'panic'];
  for (const kind of kinds) {
    assert.throws(() => cjs.__imagetagTestPanic(kind), { name: 'ImageTagError', code: 'internal' });
    assert.throws(() => cjs.parseImageTag('{'), { code: 'parse' }); // ordinary errors stay what they are
    everythingWorks(cjs);
  }
});

test('the hidden exports are not part of the public ES module entry or its declarations', () => {
  assert.equal(esm.__imagetagTestPanic, undefined);
  assert.equal(esm.__imagetagScheduleReset, undefined);
});

test('lone UTF-16 surrogates: a parse error with where, or kept lossless, never a silent U+FFFD', () => {
  // Inside JSON text given as a string: refused where it is (line and byte column as for syntax errors).
  for (const [text, line, column] of [
    ['{"metadata":{"name":"\ud800"}}', 1, 22],
    ['{\n  "x": "a\udc00b"\n}', 2, 10],
    ['{"x":"\ud83d\ude00","y":"\udbff"}', 1, 18], // columns count UTF-8 bytes, as for syntax errors
  ]) {
    for (const f of [
      esm.parseImageTag,
      esm.serializeImageTag,
      esm.validateImageTag,
      esm.describeTag,
      esm.renderTagHistoryHtml,
    ]) {
      assert.throws(
        () => f(text),
        (e) => {
          assert.equal(e.code, 'parse', `${f.name}: ${e.message}`);
          assert.match(e.message, /^lone UTF-16 surrogate U\+D[89A-F][0-9A-F]{2} in the text$/);
          assert.deepEqual([e.line, e.column], [line, column], f.name);
          return true;
        },
      );
    }
    assert.throws(() => esm.parseImageTagList(`{"items":[${text}]}`), { code: 'parse' });
    assert.throws(() => esm.validateImageTagList(`{"items":[${text}]}`), { code: 'parse' });
  }
  // Inside an object's strings: JSON.stringify escapes them, and the parser refuses the escape.
  for (const obj of [{ metadata: { name: '\ud800' } }, { x: ['a\udfff'] }, { '\ud800key': 1 }]) {
    for (const f of [esm.parseImageTag, esm.validateImageTag]) {
      assert.throws(
        () => f(obj),
        (e) => e.code === 'parse' && /surrogate|escape/.test(e.message),
      );
    }
    assert.throws(() => esm.validateImageTagList({ items: [obj] }), { code: 'parse' });
  }
  // The renderers read an object through the fields they show: refused there, not looked at elsewhere.
  for (const obj of [{ metadata: { name: '\ud800' } }, { status: { items: [{ image: 'a\udfff' }] } }]) {
    assert.throws(
      () => esm.describeTag(obj),
      (e) => e.code === 'parse' && /surrogate|escape/.test(e.message),
    );
  }
  assert.equal(esm.describeTag({ metadata: { name: 's:t' }, x: ['a\udfff'] }).name, 's:t');
  // Plain string arguments too.
  assert.throws(() => esm.splitImageTagName('a:\ud800'), { code: 'parse' });
  assert.throws(() => esm.parseImageReference('quay.io/a:\udc00'), { code: 'parse' });
  // Proper pairs are ordinary characters, kept exactly.
  const tag = esm.parseImageTag('{"metadata":{"name":"s:\ud83d\ude00"},"x":"\ud83d\ude00"}');
  assert.equal(tag.x, '😀');
  assert.equal(JSON.parse(esm.serializeImageTag(tag)).metadata.name, 's:😀');
  everythingWorks(esm);
});

test('10,000 levels of nesting are a clear error from every entry point that takes text or an object', () => {
  const n = 10000;
  const arrays = '['.repeat(n) + ']'.repeat(n);
  const docs = [
    `{"x":${arrays}}`,
    `{"metadata":{"labels":{"a":${arrays}}}}`,
    `{"status":{"items":[{"y":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}]}}`,
    '['.repeat(n),
  ];
  // Text that is not JSON (unclosed) is `parse` at its first syntax error; deeper than 128 levels is
  // `parse` "recursion limit exceeded" where it happens; a list where an object belongs is `schema`.
  const clear = (e) =>
    e.name === 'ImageTagError' &&
    ((e.code === 'parse' && e.line >= 1 && e.column >= 1 && e.message.length > 0) ||
      (e.code === 'schema' && /invalid type/.test(e.message)));
  const tooDeepForTheEngine = (e) =>
    e.name === 'ImageTagError' &&
    e.code === 'schema' &&
    /^input object cannot be serialized as JSON \((RangeError: Maximum call stack size exceeded|InternalError: too much recursion)\)$/.test(
      e.message,
    );
  for (const text of docs) {
    for (const f of [
      esm.parseImageTag,
      esm.serializeImageTag,
      esm.validateImageTag,
      esm.describeTag,
      esm.renderTagHistoryText,
      esm.renderTagHistoryHtml,
      esm.renderTagHistorySvg,
    ]) {
      assert.throws(() => f(text), clear, f.name);
    }
    assert.throws(() => esm.parseImageTagList(`{"items":[${text}]}`), clear);
    assert.throws(() => esm.validateImageTagList(`{"items":[${text}]}`), clear);
    assert.throws(() => esm.validateImageTagList(`{"items":[${text}]}`, { operation: 'create' }), clear);
  }
  let deep = 1;
  for (let i = 0; i < n; i++) deep = { a: deep };
  // As objects: 10,000 levels are beyond what JSON.stringify itself manages; 1,000 are not, and the
  // parser then refuses them.
  assert.throws(() => esm.parseImageTag({ x: deep }), tooDeepForTheEngine);
  assert.throws(() => esm.validateImageTagList({ items: [{ x: deep }] }), tooDeepForTheEngine);
  let thousand = 1;
  for (let i = 0; i < 1000; i++) thousand = [thousand];
  assert.throws(() => esm.parseImageTag({ x: thousand }), clear);
  assert.throws(() => esm.validateImageTagList({ items: [{ x: thousand }] }), clear);
  const cyclic = { a: 1 };
  cyclic.self = cyclic;
  assert.throws(() => esm.parseImageTag(cyclic), {
    code: 'schema',
    message: /^input object cannot be serialized as JSON \(TypeError: .*circular/,
  });
  everythingWorks(esm);
});

test('a 100 MB list: validateImageTagList handles it, and the module still works after', () => {
  const item = JSON.parse(tagText);
  delete item.kind;
  delete item.apiVersion;
  item.image = null;
  const itemText = JSON.stringify(item);
  const count = Math.ceil(100e6 / (itemText.length + 1));
  const text = `{"kind":"ImageTagList","apiVersion":"image.openshift.io/v1","metadata":{},"items":[${Array(count).fill(itemText).join(',')}]}`;
  assert.ok(text.length >= 100e6);
  const found = esm.validateImageTagList(text);
  const one = esm.validateImageTagList(`{"items":[${itemText}]}`);
  assert.equal(found.length, one.length === 0 ? 0 : count);
  // A hostile twist at the very end is still found (one pass over the whole text).
  assert.throws(() => esm.validateImageTagList(`${text.slice(0, -2)},{"x":"\\ud800"}]}`), { code: 'parse' });
  everythingWorks(esm);
});
