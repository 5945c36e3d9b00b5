// The tag-history exports through the Node package. The renderers read an object through the fields they
// show (the binding serializes only those): the output must be the same as for the whole object's text.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as esm from '../../dist/node/index.mjs';
import { examples } from './helpers.mjs';

const now = '2025-03-10T12:00:00Z';

test('renderers give the same output for an object and for its JSON text', () => {
  let n = 0;
  for (const { file: name, text, json: obj } of examples()) {
    if (obj.kind !== 'ImageTag') continue;
    for (const f of [esm.describeTag, esm.renderTagHistoryText, esm.renderTagHistoryHtml, esm.renderTagHistorySvg]) {
      for (const opts of [{ now }, { now, digestLength: 20 }]) {
        assert.deepEqual(f(obj, opts), f(text, opts), `${f.name} ${name}`);
      }
    }
    n++;
  }
  assert.ok(n >= 8, `${n} ImageTag examples`);
});

test('fields the renderers do not show are not looked at in an object, but are in text', () => {
  const tag = {
    metadata: { name: 's:t', managedFields: 'not a list' },
    status: {
      items: [
        {
          created: '2025-03-10T11:00:00Z',
          image: `sha256:${'a'.repeat(64)}`,
          dockerImageReference: `x@sha256:${'a'.repeat(64)}`,
        },
      ],
    },
    image: { dockerImageLayers: 7, dockerImageManifests: [] },
  };
  assert.match(esm.renderTagHistoryText(tag, { now }), /About an hour ago/);
  assert.throws(() => esm.renderTagHistoryText(JSON.stringify(tag), { now }), { code: 'schema' });
  // What they show keeps its types: a wrong one is the same error either way.
  const bad = { metadata: { name: 's:t' }, status: { items: [{ generation: 'one' }] } };
  for (const input of [bad, JSON.stringify(bad)]) {
    assert.throws(
      () => esm.renderTagHistoryText(input, { now }),
      (e) => e.code === 'schema' && e.path === 'status.items[0].generation',
    );
  }
  // An object with toJSON, an array and a Proxy go through JSON.stringify whole.
  const custom = { toJSON: () => ({ metadata: { name: 'from:toJSON' } }) };
  assert.equal(esm.describeTag(custom, { now }).name, 'from:toJSON');
  assert.throws(() => esm.describeTag([tag], { now }), { code: 'schema' });
  assert.equal(esm.describeTag(new Proxy(tag, {}), { now }).name, 's:t');
});

test('imageTagTable gives the server table of a list: the columns of oc get imagetags and every row', () => {
  const list = examples().find((e) => e.file === '5.9-list-app-stream.json');
  const t = esm.imageTagTable(list.json, { now });
  assert.deepEqual(t.columns, ['Name', 'Spec', 'Status', 'History', 'Updated']);
  const latest = 'image/sha256:358a566fcab67757e71ffb06985ffe77c750db3299e042e0c15fd2645ba6d3c8';
  assert.deepEqual(t.rows, [
    { namespace: 'demo', cells: ['app:canary', 'Tag', 'quay.io/example/app:canary', '', ''] },
    { namespace: 'demo', cells: ['app:latest', 'Scheduled', latest, '3', '44 hours ago'] },
    { namespace: 'demo', cells: ['app:v4-preview', 'Tag', 'ImportFailed (NotFound)', '', '14 minutes ago'] },
  ]);
  // The same cells as each tag's description, for text too.
  assert.deepEqual(esm.imageTagTable(list.text, { now }), t);
  for (const [i, tag] of list.json.items.entries()) {
    const row = esm.describeTag(tag, { now }).table;
    assert.deepEqual(t.rows[i].cells, [row.name, row.spec, row.status, row.history, row.updated]);
  }
  assert.deepEqual(esm.imageTagTable({ kind: 'ImageTagList', items: null }, { now }).rows, []);
  assert.throws(() => esm.imageTagTable('{"items": 3}', { now }), { name: 'ImageTagError', code: 'schema' });
  assert.throws(() => esm.imageTagTable(list.json, { now: 'yesterday' }), { code: 'schema' });
});

test('shortDigest and the digestLength option follow one rule: a positive integer, else a schema error', () => {
  const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;
  const tag = {
    metadata: { name: 's:t' },
    status: { items: [{ created: now, image: digest, dockerImageReference: `x@${digest}` }] },
  };
  for (const good of [1, 7, 12, 64, 1000]) {
    const short = esm.shortDigest(digest, good);
    assert.equal(short, digest.slice(0, 7 + Math.min(good, 64)));
    assert.equal(esm.describeTag(tag, { now, digestLength: good }).entries[0].shortImage, short);
  }
  assert.equal(esm.shortDigest(digest), digest.slice(0, 19));
  for (const bad of [0, -0, -1, 0.5, 12.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
    assert.throws(
      () => esm.shortDigest(digest, bad),
      (e) => e.name === 'ImageTagError' && e.code === 'schema' && e.path === 'length',
      `shortDigest length ${bad}`,
    );
    assert.throws(
      () => esm.renderTagHistoryHtml(tag, { now, digestLength: bad }),
      (e) => e.name === 'ImageTagError' && e.code === 'schema' && e.path === 'options.digestLength',
      `digestLength ${bad}`,
    );
  }
});
