// The validation case table (tests/data/validation_cases.json, the same one the native and browser tests
// run) through the Node.js package: every case's errors and warnings as exact (type, field, message).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateImageTag, validateImageTagList } from '../../dist/node/index.mjs';
import { root, examples } from './helpers.mjs';

const doc = JSON.parse(readFileSync(path.join(root, 'tests', 'data', 'validation_cases.json'), 'utf8'));
const exampleByNumber = Object.fromEntries(examples().map(({ file, json }) => [file.split('-')[0], json]));

function base(name) {
  const b = doc.bases[name] ?? exampleByNumber[name];
  assert.ok(b, `unknown base ${name}`);
  return structuredClone(b);
}
const segments = (p) => (Array.isArray(p) ? p : p.replace(/\[/g, '.').replace(/\]/g, '').split('.'));
function slot(v, segs, set) {
  let parent = null;
  let key = null;
  let cur = v;
  for (const s of segs) {
    if (cur === null && parent) {
      cur = {};
      parent[key] = cur;
    }
    parent = cur;
    key = Array.isArray(cur) ? Number(s) : s;
    if (!(key in cur)) cur[key] = null;
    cur = cur[key];
  }
  parent[key] = set;
}
function template(v) {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    if (v.$repeat) return v.$repeat[0].repeat(v.$repeat[1]);
    if (v.$concat) return v.$concat.map(template).join('');
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, template(x)]));
  }
  return Array.isArray(v) ? v.map(template) : v;
}
function build(spec) {
  if (typeof spec === 'string') return base(spec);
  const v = base(spec.base);
  for (const [p, value] of spec.set ?? []) slot(v, segments(p), template(value));
  for (const p of spec.unset ?? []) {
    const segs = segments(p);
    const last = segs.pop();
    let cur = v;
    for (const s of segs) cur = cur?.[Array.isArray(cur) ? Number(s) : s];
    if (cur && typeof cur === 'object') delete cur[last];
  }
  return v;
}
const triples = (findings) => findings.map((f) => [f.type, f.field, f.message]);

test('the table has cases for all three operations', () => {
  const ops = new Set(doc.cases.map((c) => c.operation));
  assert.deepStrictEqual([...ops].sort(), ['create', 'read', 'update']);
  assert.ok(doc.cases.length >= 150);
});

test('every case gives exactly its expected errors and warnings', () => {
  const failures = [];
  for (const c of doc.cases) {
    const tag = build({ base: c.base, set: c.set, unset: c.unset });
    const options = { operation: c.operation };
    if (c.old !== undefined) options.old = build(c.old);
    const got = validateImageTag(tag, options);
    try {
      assert.deepStrictEqual(triples(got.errors), c.errors ?? [], 'errors');
      assert.deepStrictEqual(triples(got.warnings), c.warnings ?? [], 'warnings');
      for (const f of [...got.errors, ...got.warnings]) {
        assert.equal(typeof f.detail, 'string');
        if ('badValue' in f) assert.notEqual(f.badValue, undefined);
      }
    } catch (e) {
      failures.push(`${c.name}: ${e.message}`);
    }
  }
  assert.deepStrictEqual(failures, []);
});

test('text and objects give the same findings, and a list reports only items with findings', () => {
  const creates = doc.cases.filter((c) => c.operation === 'read');
  const items = creates.map((c) => build({ base: c.base, set: c.set, unset: c.unset }));
  const list = { kind: 'ImageTagList', apiVersion: 'image.openshift.io/v1', metadata: {}, items };
  const fromText = validateImageTagList(JSON.stringify(list));
  assert.deepStrictEqual(validateImageTagList(list), fromText);
  const expectedIndexes = creates
    .map((c, i) => ((c.errors ?? []).length || (c.warnings ?? []).length ? i : -1))
    .filter((i) => i >= 0);
  assert.deepStrictEqual(
    fromText.map((r) => r.index),
    expectedIndexes,
  );
  for (const r of fromText) {
    const c = creates[r.index];
    assert.deepStrictEqual(triples(r.errors), c.errors ?? [], c.name);
  }
});
