// The bulk history exports (docs/js-api.md "Bulk"): a whole ImageTagList, as an object or as its JSON
// text, in one call. Each output must be exactly what the per-tag function gives for that item, in the
// list's order; an item the per-tag function refuses fails the list with the same code, the item in the path.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as esm from '../../dist/node/index.mjs';
import { examples } from './helpers.mjs';

const now = '2025-03-10T12:00:00Z';
const BULK = [
  [esm.renderTagHistoryHtmlList, esm.renderTagHistoryHtml],
  [esm.renderTagHistoryTextList, esm.renderTagHistoryText],
  [esm.describeTagList, esm.describeTag],
];
const listOf = (items) => ({ kind: 'ImageTagList', apiVersion: 'image.openshift.io/v1', metadata: {}, items });

/** Every ImageTag example and every item of the example lists, as objects. */
function tags() {
  const out = [];
  for (const { json } of examples()) {
    if (json.kind === 'ImageTag') out.push(json);
    if (json.kind === 'ImageTagList') out.push(...json.items);
  }
  return out;
}

test('every example: the list, as an object or as text, renders as each tag does', () => {
  const all = tags();
  assert.ok(all.length >= 11, `${all.length} tags`);
  const list = listOf(all);
  for (const [bulk, one] of BULK) {
    for (const opts of [{ now }, { now, digestLength: 20 }]) {
      const want = all.map((t) => one(t, opts));
      const fromObject = bulk(list, opts);
      assert.ok(Array.isArray(fromObject));
      assert.deepEqual(fromObject, want, `${bulk.name} (object)`);
      assert.deepEqual(bulk(JSON.stringify(list), opts), want, `${bulk.name} (text)`);
      // The per-tag functions on text give the same again.
      assert.deepEqual(
        all.map((t) => one(JSON.stringify(t), opts)),
        want,
      );
    }
  }
  // The example list file as the server sends it.
  for (const { file, text, json } of examples()) {
    if (json.kind !== 'ImageTagList') continue;
    assert.deepEqual(
      esm.renderTagHistoryHtmlList(text, { now }),
      json.items.map((t) => esm.renderTagHistoryHtml(t, { now })),
      file,
    );
  }
});

test('non-ASCII text is cut at the right places', () => {
  const names = ['é:1', '😀:2', 'a:3', '\u{202e}x:4', 'ж😀é:5', 'b:6'];
  const list = listOf(
    names.map((name) => ({
      metadata: { name, namespace: 'ns' },
      spec: { name: name.split(':')[1], from: { kind: 'DockerImage', name: `quay.io/${name}` } },
      status: { items: [{ created: '2025-03-10T11:00:00Z', dockerImageReference: `r/${name}`, image: 'sha256:ab' }] },
    })),
  );
  for (const [bulk, one] of BULK) {
    assert.deepEqual(
      bulk(list, { now }),
      list.items.map((t) => one(t, { now })),
      bulk.name,
    );
  }
  const html = esm.renderTagHistoryHtmlList(list, { now });
  names.forEach((name, i) => {
    assert.ok(html[i].startsWith('<table') && html[i].endsWith('</table>'), html[i]);
    assert.ok(html[i].includes(`<bdi>${name}</bdi>`), `${name} in ${html[i]}`);
  });
});

test('empty and null lists give no outputs', () => {
  for (const input of [{}, { items: null }, { items: [] }, '{}', '{"items":null}', '{"items":[]}']) {
    for (const [bulk] of BULK) assert.deepEqual(bulk(input, { now }), [], `${bulk.name} ${JSON.stringify(input)}`);
  }
});

test('an item the per-tag function refuses: the same code, the item in the path', () => {
  const good = { metadata: { name: 'a:b' } };
  const cases = [
    [{ spec: { generation: '7' } }, 'spec.generation'],
    [{ kind: 'ImageStream' }, 'kind'],
    [{ status: { items: [{ generation: 'x' }] } }, 'status.items[0].generation'],
  ];
  for (const [bad, path] of cases) {
    for (const [bulk, one] of BULK) {
      assert.throws(() => one(bad, { now }), { name: 'ImageTagError', code: 'schema', path });
      for (const input of [listOf([good, good, bad]), JSON.stringify(listOf([good, good, bad]))]) {
        assert.throws(() => bulk(input, { now }), { name: 'ImageTagError', code: 'schema', path: `items[2].${path}` });
      }
    }
  }
  // A null item; a list that is not one; text that is not JSON.
  for (const [bulk] of BULK) {
    assert.throws(() => bulk(listOf([good, null]), { now }), { code: 'schema', path: 'items[1]' });
    assert.throws(() => bulk({ kind: 'ImageTag', items: [] }, { now }), { code: 'schema', path: 'kind' });
    assert.throws(() => bulk('{"items":[', { now }), { code: 'parse' });
    assert.throws(() => bulk(42, { now }), { code: 'schema' });
    assert.throws(() => bulk(listOf([good]), { now: 'yesterday' }), { code: 'schema', path: 'options.now' });
  }
});

test('of an object, only the fields the history shows are read, as per tag; text is read whole', () => {
  const tag = {
    metadata: { name: 's:t', managedFields: 'not a list' },
    image: { dockerImageLayers: 7, dockerImageManifests: [] },
  };
  const list = listOf([tag]);
  assert.deepEqual(esm.renderTagHistoryHtmlList(list, { now }), [esm.renderTagHistoryHtml(tag, { now })]);
  assert.throws(() => esm.renderTagHistoryHtmlList(JSON.stringify(list), { now }), {
    code: 'schema',
    path: 'items[0].metadata.managedFields',
  });
  // The list's own fields other than kind and apiVersion are not read either.
  assert.equal(esm.renderTagHistoryTextList({ ...list, metadata: 5 }, { now }).length, 1);
});

test('a string item is not an ImageTag in a list, as in parseImageTagList', () => {
  const text = JSON.stringify({ metadata: { name: 'a:b' } });
  assert.equal(typeof esm.renderTagHistoryHtml(text, { now }), 'string');
  assert.throws(() => esm.parseImageTagList(listOf([text])), { code: 'schema', path: 'items[0]' });
  for (const [bulk] of BULK) assert.throws(() => bulk(listOf([text]), { now }), { code: 'schema', path: 'items[0]' });
});
