// Keeps the benchmark itself working (not a timing): runs bench/run.mjs in its tiny mode (BENCH_QUICK=1:
// small corpora, 1 run, Node.js only) and checks that the table has every row, well formed, in stdout and
// in the markdown file. Also checks the corpus generator and the render baseline it relies on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from './helpers.mjs';
import { generateList, generateFull, CORPUS_NOW } from '../../bench/corpus.mjs';
import { renderTagHistoryHtmlJs } from '../../bench/render-baseline.mjs';
import { CASES } from '../../bench/cases.mjs';

/** [title start, runtime start] of every row the table must have, in order. */
const ROWS = [
  ['Validate list text (200 tags', 'Node.js'],
  ['Validate list text (200 tags', 'Chromium'],
  ['Parse list text to objects (200 tags', 'Node.js'],
  ['Parse list text to objects (200 tags', 'Chromium'],
  ['Render history HTML of full tags (20 full tags', 'Node.js'],
  ['Render history HTML of full tags (20 full tags', 'Chromium'],
  ['Render history HTML of a list object (the 20 full tags as an ImageTagList', 'Node.js'],
  ['Render history HTML of a list object (the 20 full tags as an ImageTagList', 'Chromium'],
  ['Render history HTML of a list from its text (the 20 full tags as an ImageTagList', 'Node.js'],
  ['Render history HTML of a list from its text (the 20 full tags as an ImageTagList', 'Chromium'],
  ['Size, gzipped: `.wasm` + JS glue (dist/web) vs Ajv + ajv-formats', 'browser'],
  ['Size, gzipped: `.wasm` + JS glue (dist/web) vs Ajv standalone', 'browser'],
  ["Size, raw: `.wasm` (dist/web) vs webpack's default `performance.maxAssetSize`", 'browser'],
  ['Memory, validate list text', 'Node.js'],
  ['Memory, parse list text', 'Node.js'],
  ['Watch (20 streams × 10 tags, 200 stream MODIFIED events → 2,000 ImageTag events', 'Node.js'],
  ['Memory held per watched tag after the list (200 tags', 'Node.js'],
];

function tableRows(markdown) {
  return markdown
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| Measurement') && !l.startsWith('| ---'))
    .map((l) => l.slice(2, -2).split(' | '));
}

test('BENCH_QUICK=1 prints and writes a table with every row', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'imagetag-bench-test-'));
  try {
    const results = path.join(dir, 'RESULTS.md');
    const r = spawnSync(process.execPath, [path.join(root, 'bench', 'run.mjs')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 300_000,
      env: { ...process.env, BENCH_QUICK: '1', BENCH_RESULTS: results },
    });
    assert.equal(r.status, 0, `bench exited ${r.status}:\n${r.stderr}\n${r.stdout}`);
    const rows = tableRows(r.stdout);
    assert.equal(rows.length, ROWS.length, r.stdout);
    ROWS.forEach(([title, runtime], i) => {
      const [measurement, rt, ours, baseline, ratio, target, met] = rows[i];
      assert.equal(rows[i].length, 7, `row ${i} has 7 cells: ${rows[i].join(' | ')}`);
      assert.ok(measurement.startsWith(title), `row ${i}: ${measurement} should start with ${title}`);
      assert.ok(rt.startsWith(runtime), `row ${i}: runtime ${rt}`);
      if (runtime === 'Chromium') {
        assert.equal(met, 'skipped (BENCH_QUICK)');
        return;
      }
      assert.notEqual(met, 'error', `row ${i} failed: ${r.stdout}`);
      const value = title.startsWith('Size')
        ? /^\d+\.\d KB$/
        : title.startsWith('Memory held per watched tag')
          ? /^-?[\d,]+ B$/
          : title.startsWith('Memory')
            ? /^-?\d+\.\d MB$/
            : title.startsWith('Watch')
              ? /^[\d,]+ events\/s \(\d+(\.\d+)? ms\)$/
              : /^\d+(\.\d+)? ms$/;
      assert.match(baseline, value, `row ${i} baseline`);
      assert.match(ours, value, `row ${i} imagetag`);
      assert.match(ratio, /^\d+\.\d\d×$/, `row ${i} ratio`);
      assert.ok(['yes', 'no', '—'].includes(met), `row ${i} met: ${met}`);
      assert.ok(target === '—' || target.startsWith('≤ '), `row ${i} target`);
    });
    // The webpack row: the .wasm's own bytes against webpack's default limit of 250,000 (244.1 KiB).
    const wasmBytes = statSync(path.join(root, 'dist', 'web', 'imagetag_bg.wasm')).size;
    const webpack = rows.find((x) => x[0].startsWith('Size, raw'));
    assert.deepEqual(webpack.slice(2), [
      `${(wasmBytes / 1024).toFixed(1)} KB`,
      '244.1 KB',
      `${(wasmBytes / 250_000).toFixed(2)}×`,
      '≤ 244.1 KB',
      wasmBytes <= 250_000 ? 'yes' : 'no',
    ]);
    assert.match(r.stdout, new RegExp(`imagetag_bg\\.wasm is ${wasmBytes.toLocaleString('en-US')} bytes`));
    // The timed rows carry the targets.
    assert.deepEqual(
      rows.filter((x) => x[1].startsWith('Node.js') && x[5] !== '—').map((x) => x[5]),
      ['≤ 0.5×', '≤ 2×', '≤ 1×', '≤ 1×', '≤ 1×'],
    );
    assert.match(r.stdout, /BENCH_QUICK: tiny corpora, not a measurement/);
    // The bulk rows hold the per-tag function's HTML for every tag.
    for (const row of ['render-list', 'render-list-text'])
      assert.match(r.stdout, new RegExp(`Node\\.js [\\d.]+, ${row}: .*renderTagHistoryHtml's HTML for 20 of 20 tags`));
    const md = readFileSync(results, 'utf8');
    assert.ok(md.startsWith('# Benchmark results'));
    assert.deepEqual(tableRows(md), rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the corpora are deterministic and shaped as LIST and GET return them', () => {
  const a = JSON.stringify(generateList({ tags: 300, seed: 7 }));
  assert.equal(a, JSON.stringify(generateList({ tags: 300, seed: 7 })));
  assert.notEqual(a, JSON.stringify(generateList({ tags: 300, seed: 8 })));
  const list = JSON.parse(a);
  assert.equal(list.kind, 'ImageTagList');
  assert.deepEqual(list.metadata, {});
  assert.equal(list.items.length, 300);
  for (const t of list.items) {
    assert.deepEqual(Object.keys(t), ['metadata', 'spec', 'status', 'image']);
    assert.equal(t.image, null);
    const items = t.status?.items;
    if (items) assert.ok(items.length >= 1 && items.length <= 12);
  }
  assert.ok(list.items.some((t) => t.spec === null) && list.items.some((t) => t.status === null));
  assert.ok(list.items.some((t) => t.status && t.status.items === null && t.status.conditions));
  const full = generateFull({ tags: 100, seed: 7 });
  assert.equal(full.length, 100);
  assert.ok(full.every((t) => t.kind === 'ImageTag' && 'image' in t));
  assert.ok(full.some((t) => t.image?.dockerImageManifests));
  assert.ok(full.some((t) => t.image?.signatures));
  assert.ok(full.some((t) => t.image?.dockerImageLayers));
});

test('the render baseline escapes every string of the object', () => {
  const tag = {
    metadata: { name: 'a:<b>' },
    spec: null,
    status: { tag: '<b>', items: [{ created: CORPUS_NOW, dockerImageReference: 'x"y\'z&', image: '', generation: 1 }] },
  };
  const html = renderTagHistoryHtmlJs(tag, Date.parse(CORPUS_NOW) / 1000);
  assert.ok(html.includes('a:&lt;b&gt;') && html.includes('x&quot;y&#39;z&amp;'));
  assert.ok(!html.includes('<b>'));
  assert.equal(CASES.length, 5);
});
