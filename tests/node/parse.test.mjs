// The parsing API through the Node.js entry (the release build in dist/node).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import init, { parseImageTag, parseImageTagList, serializeImageTag, ImageTagError } from '../../dist/node/index.mjs';
import { examples } from './helpers.mjs';

const require = createRequire(import.meta.url);

test('init() resolves at once in Node and the module is ready without it', async () => {
  assert.equal(await init(), undefined);
  assert.equal(typeof parseImageTag, 'function');
});

test('every §5 example survives text -> object -> text unchanged', () => {
  let n = 0;
  for (const { file, text, json } of examples()) {
    if (json.kind === 'ImageTag') {
      assert.deepStrictEqual(JSON.parse(serializeImageTag(parseImageTag(text))), json, file);
      assert.deepStrictEqual(parseImageTag(json), json, file);
      n++;
    } else if (json.kind === 'ImageTagList') {
      assert.deepStrictEqual(parseImageTagList(text), json, file);
      n++;
    }
  }
  assert.equal(n, 9);
});

test('unknown fields, nulls and absent keys survive at every level', () => {
  const input = {
    xTop: { any: ['thing', 1, null] },
    metadata: { name: 's:t', xMeta: 1, labels: { a: 'b' }, managedFields: [{ fieldsV1: { 'f:spec': {} }, xMf: true }] },
    spec: {
      name: 't',
      annotations: null,
      generation: null,
      from: { kind: 'DockerImage', name: 'x', xFrom: [] },
      importPolicy: {},
      referencePolicy: { type: 'Source', xRp: 'y' },
    },
    status: { tag: 't', items: null, conditions: [{ type: 'ImportSuccess', lastTransitionTime: null, xCond: 0.5 }] },
    image: null,
  };
  const out = parseImageTag(input);
  assert.deepStrictEqual(out, input);
  assert.ok(!('kind' in out), 'absent stays absent');
  assert.deepStrictEqual(JSON.parse(serializeImageTag(out)), input);
});

test('errors are ImageTagErrors with stable codes and where they happened', () => {
  assert.throws(
    () => parseImageTag('{\n "spec": @}'),
    (e) => {
      assert.ok(e instanceof Error);
      assert.ok(e instanceof ImageTagError);
      assert.equal(e.name, 'ImageTagError');
      assert.equal(e.code, 'parse');
      assert.equal(e.line, 2);
      assert.equal(e.column, 10);
      return true;
    },
  );
  assert.throws(
    () => parseImageTag({ status: { items: [{}, {}, {}, { generation: '7' }] } }),
    (e) => {
      assert.equal(e.code, 'schema');
      assert.equal(e.path, 'status.items[3].generation');
      assert.match(e.message, /^status\.items\[3\]\.generation: invalid type: string "7", expected i64/);
      return true;
    },
  );
  assert.throws(() => parseImageTagList({ kind: 'ImageTagList', items: [{ kind: 'Pod' }] }), {
    code: 'schema',
    path: 'items[0].kind',
  });
  assert.throws(() => parseImageTag(undefined), { code: 'schema' });
  const cyclic = {};
  cyclic.self = cyclic;
  assert.throws(() => parseImageTag(cyclic), { code: 'schema' });
});

test('require() gives the same API as import', () => {
  const cjs = require('../../dist/node/index.cjs');
  assert.equal(typeof cjs.parseImageTag, 'function');
  assert.equal(typeof cjs.default, 'function');
  assert.equal(cjs.ImageTagError, cjs.ImageTagError);
  assert.deepStrictEqual(cjs.parseImageTag('{"spec":null}'), { spec: null });
});
