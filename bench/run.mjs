// The benchmark (`npm run bench`, through scripts/bench.sh): imagetag against JS baselines in the same run,
// on the same bytes, in Node.js and in headless Chromium; prints a markdown table of medians and ratios and
// writes it to bench/RESULTS.md. Not a test: the targets are reported, never asserted.
//
// Environment:
//   BENCH_QUICK=1      tiny corpora, 1 run, no warm-up, Node only (what tests/node/bench.test.mjs runs);
//                      writes no RESULTS.md unless BENCH_RESULTS says where
//   BENCH_RUNS=N       timed runs per side (default 7), BENCH_WARMUP=N untimed runs first (default 2)
//   BENCH_TAGS=N       list size (default 10000), BENCH_FULL_TAGS=N full ImageTags (default 1000)
//   BENCH_SEED=N       corpus seed (default 20250310)
//   BENCH_CHROMIUM=0   skip Chromium; CHROMIUM=/path overrides /usr/bin/chromium
//   BENCH_RESULTS=path where to write the markdown (default bench/RESULTS.md)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync, constants as zlib } from 'node:zlib';
import { CASES, rendersFullTags } from './cases.mjs';
import { generateList, generateFull, CORPUS_NOW } from './corpus.mjs';
import { root, schemaPath } from './node-context.mjs';

const env = process.env;
const QUICK = env.BENCH_QUICK === '1';
const num = (v, d) => (v === undefined || v === '' ? d : Number(v));
const cfg = {
  listTags: num(env.BENCH_TAGS, QUICK ? 200 : 10000),
  fullTags: num(env.BENCH_FULL_TAGS, QUICK ? 20 : 1000),
  seed: num(env.BENCH_SEED, 20250310),
  runs: num(env.BENCH_RUNS, QUICK ? 1 : 7),
  warmup: num(env.BENCH_WARMUP, QUICK ? 0 : 2),
  chromium: !QUICK && env.BENCH_CHROMIUM !== '0',
  results: env.BENCH_RESULTS || (QUICK ? null : path.join(root, 'bench', 'RESULTS.md')),
};
const SIZE_TARGET = 120 * 1024;
// webpack 5's default `performance.maxAssetSize` (244 KiB in its warning): a bigger asset makes every
// production build of an app that bundles the package warn "asset size limit" (issue 18).
const WEBPACK_MAX_ASSET = 250_000;
const log = (...a) => console.error('[bench]', ...a);
const benchDir = path.join(root, 'bench');
const buildDir = path.join(benchDir, '.build');

// ---------------------------------------------------------------------------------------------- corpora
function writeCorpus() {
  for (const f of ['index.mjs', 'imagetag_bg.wasm']) {
    if (!existsSync(path.join(root, 'dist', 'node', f)))
      throw new Error(`dist/node/${f} missing: run scripts/build.sh first`);
  }
  if (!existsSync(path.join(root, 'dist', 'web', 'index.js')))
    throw new Error('dist/web/index.js missing: run scripts/build.sh first');
  const dir = mkdtempSync(path.join(tmpdir(), 'imagetag-bench-'));
  const t0 = performance.now();
  const list = JSON.stringify(generateList({ tags: cfg.listTags, seed: cfg.seed }));
  const full = JSON.stringify(generateFull({ tags: cfg.fullTags, seed: cfg.seed + 1 }));
  const meta = {
    now: CORPUS_NOW,
    seed: cfg.seed,
    listTags: cfg.listTags,
    fullTags: cfg.fullTags,
    listBytes: Buffer.byteLength(list),
    fullBytes: Buffer.byteLength(full),
  };
  writeFileSync(path.join(dir, 'list.json'), list);
  writeFileSync(path.join(dir, 'full.json'), full);
  writeFileSync(path.join(dir, 'meta.json'), JSON.stringify(meta));
  log(
    `corpora in ${dir}: list ${cfg.listTags} tags ${mb(meta.listBytes)}, full ${cfg.fullTags} tags ${mb(meta.fullBytes)} (${Math.round(performance.now() - t0)} ms)`,
  );
  return { dir, meta };
}

// ------------------------------------------------------------------------------------------------- Node
function node(args, what) {
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const last = (r.stdout || '').trim().split('\n').pop();
  try {
    if (r.status !== 0) throw new Error();
    return JSON.parse(last);
  } catch {
    throw new Error(
      `${what} failed (exit ${r.status}${r.signal ? `, ${r.signal}` : ''}):\n${(r.stderr || '').slice(-3000)}\n${(r.stdout || '').slice(-1000)}`,
    );
  }
}

function nodeTimings(corpus) {
  const out = {};
  for (const c of CASES) {
    log(`node: ${c.id} (${cfg.runs} runs after ${cfg.warmup} warm-up)`);
    out[c.id] = node(
      ['--expose-gc', path.join(benchDir, 'node-case.mjs'), c.id, corpus.dir, String(cfg.runs), String(cfg.warmup)],
      `node case ${c.id}`,
    );
  }
  return out;
}

function nodeMemory(corpus) {
  const out = {};
  for (const id of ['validate', 'parse']) {
    log(`node: memory of ${id}`);
    const m = (side) =>
      node(['--expose-gc', path.join(benchDir, 'memory-child.mjs'), id, side, corpus.dir], `memory ${id} ${side}`);
    out[id] = { ours: m('ours'), baseline: m('baseline') };
  }
  return out;
}

/** The watch row (bench/watch-child.mjs): both sides alternating in one process, then memory per side. */
function nodeWatch() {
  const streams = QUICK ? 20 : 1000;
  const events = QUICK ? 200 : 10000;
  const runs = Math.min(cfg.runs, 5);
  log(`node: watch (${runs} runs after ${Math.min(cfg.warmup, 1)} warm-up)`);
  const child = path.join(benchDir, 'watch-child.mjs');
  const time = node(
    ['--expose-gc', child, 'time', String(runs), String(Math.min(cfg.warmup, 1)), String(streams), String(events)],
    'watch',
  );
  const memory = (side) => node(['--expose-gc', child, 'memory', side, String(streams)], `watch memory ${side}`);
  return { ...time, memory: { ours: memory('ours'), baseline: memory('baseline') } };
}

const watchRuns = (w) => w.ours.length;

function watchRows(w, runtime) {
  const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const [o, b] = [median(w.ours), median(w.baseline)];
  const perSecond = (t) => `${Math.round(w.events / (t / 1000)).toLocaleString('en-US')} events/s (${ms(t)})`;
  const load = `${(w.tags / 10).toLocaleString('en-US')} streams × 10 tags, ${w.streamEvents.toLocaleString('en-US')} stream MODIFIED events → ${w.events.toLocaleString('en-US')} ImageTag events, ${mb(w.bytes)}`;
  return [
    {
      id: 'watch',
      measurement: `Watch (${load}): \`client.watch()\` over an injected fetch vs JS (reader + JSON.parse of each event + a plain diff)`,
      runtime,
      target: '—',
      ours: perSecond(o),
      baseline: perSecond(b),
      ratio: fmtRatio(ratio(o, b)),
      met: '—',
    },
    {
      id: 'memory-watch',
      measurement: `Memory held per watched tag after the list (${w.tags.toLocaleString('en-US')} tags; heap + external + arrayBuffers after a full GC)`,
      runtime,
      target: '—',
      ours: `${Math.round(w.memory.ours.perTag).toLocaleString('en-US')} B`,
      baseline: `${Math.round(w.memory.baseline.perTag).toLocaleString('en-US')} B`,
      ratio: fmtRatio(ratio(w.memory.ours.perTag, w.memory.baseline.perTag)),
      met: '—',
    },
  ];
}

// ------------------------------------------------------------------------------------------------- size
const gz = (buf) => gzipSync(buf, { level: zlib.Z_BEST_COMPRESSION }).length;

/** Bundles the Ajv baseline with esbuild for the browser: Ajv + ajv-formats + the schema, compiled at load. */
async function buildAjvBundle() {
  const esbuild = await import('esbuild');
  mkdirSync(buildDir, { recursive: true });
  const entry = path.join(buildDir, 'ajv-entry.mjs');
  writeFileSync(
    entry,
    `// Generated by bench/run.mjs: what a browser app ships to validate ImageTagLists with Ajv.
import { compileListValidator } from ${JSON.stringify(path.join(benchDir, 'ajv-baseline.mjs'))};
import schema from ${JSON.stringify(schemaPath())};
export const validate = compileListValidator(schema);
`,
  );
  const outfile = path.join(buildDir, 'ajv-bundle.mjs');
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    logLevel: 'error',
  });
  return outfile;
}

/** Ajv's standalone route: the validator precompiled to code, bundled with just the runtime it requires. */
async function buildAjvStandalone() {
  const { default: Ajv, _ } = await import('ajv');
  const { default: addFormats } = await import('ajv-formats');
  const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');
  const { KUBERNETES_KEYWORDS, LIST_DEFINITION } = await import('./ajv-baseline.mjs');
  const ajv = new Ajv({
    allErrors: true,
    code: { source: true, esm: true, formats: _`require("ajv-formats/dist/formats").fullFormats` },
  });
  ajv.addVocabulary(KUBERNETES_KEYWORDS);
  addFormats(ajv);
  ajv.addSchema(JSON.parse(readFileSync(schemaPath(), 'utf8')), 'imagetag-openapi');
  const validate = ajv.compile({ $ref: `imagetag-openapi#/definitions/${LIST_DEFINITION}` });
  const entry = path.join(buildDir, 'ajv-standalone-entry.mjs');
  writeFileSync(entry, standaloneCode(ajv, validate));
  const esbuild = await import('esbuild');
  const r = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'error',
    nodePaths: [path.join(root, 'node_modules')],
  });
  return r.outputFiles[0].contents;
}

async function sizes(ajvBundle) {
  const files = ['imagetag_bg.wasm', 'imagetag.js', 'index.js'].map((f) => path.join(root, 'dist', 'web', f));
  const ours = { raw: 0, gz: 0, wasmGz: 0, wasmRaw: 0 };
  for (const f of files) {
    const b = readFileSync(f);
    ours.raw += b.length;
    ours.gz += gz(b);
    if (f.endsWith('.wasm')) Object.assign(ours, { wasmGz: gz(b), wasmRaw: b.length });
  }
  const a = readFileSync(ajvBundle);
  const ajv = { raw: a.length, gz: gz(a) };
  let standalone = null;
  try {
    const s = await buildAjvStandalone();
    standalone = { raw: s.length, gz: gz(s) };
  } catch (e) {
    standalone = { error: e.message.split('\n')[0] };
  }
  return { ours, ajv, standalone };
}

// --------------------------------------------------------------------------------------------- Chromium
const TYPES = {
  '.html': 'text/html',
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

function serve(corpus, ajvBundle) {
  const routes = [
    ['/dist/web/', path.join(root, 'dist', 'web')],
    ['/bench/', benchDir],
    ['/data/', corpus.dir],
  ];
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x').pathname;
    let file = null;
    if (url === '/build/ajv-bundle.mjs') file = ajvBundle;
    for (const [prefix, dir] of routes) {
      if (url.startsWith(prefix)) {
        const p = path.resolve(dir, `.${decodeURIComponent(url.slice(prefix.length - 1))}`);
        if (p.startsWith(dir + path.sep)) file = p;
      }
    }
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
      'cache-control': 'no-store',
    });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function chromiumTimings(corpus, ajvBundle) {
  const { chromium } = await import('playwright-core');
  const server = await serve(corpus, ajvBundle);
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'imagetag-bench-chromium-'));
  let context = null;
  try {
    // The flags of toolchain.md; the fresh --user-data-dir is given the way playwright wants it.
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--js-flags=--expose-gc',
      ],
    });
    const page = context.pages()[0] || (await context.newPage());
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`http://127.0.0.1:${server.address().port}/bench/page.html`);
    await page
      .waitForFunction(() => window.benchReady === true, null, { timeout: 30000 })
      .catch(() => {
        throw new Error(`the bench page did not load: ${errors.join('; ') || 'no error reported'}`);
      });
    const v = spawnSync(env.CHROMIUM || '/usr/bin/chromium', ['--version'], { encoding: 'utf8' });
    const version = ((v.stdout || '').match(/\d+\.\d+\.\d+\.\d+/) || [
      await page.evaluate(() => (navigator.userAgent.match(/Chrome\/([\d.]+)/) || [])[1] || ''),
    ])[0];
    const out = {};
    for (const c of CASES) {
      log(`chromium: ${c.id} (${cfg.runs} runs after ${cfg.warmup} warm-up)`);
      out[c.id] = (
        await page.evaluate((o) => window.runBench(o), { cases: [c.id], runs: cfg.runs, warmup: cfg.warmup })
      )[c.id];
    }
    return { results: out, version };
  } finally {
    if (context) await context.close().catch(() => {});
    server.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

// ----------------------------------------------------------------------------------------------- report
function mb(bytes) {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
function grouped(n) {
  return n.toLocaleString('en-US');
}
function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
function ms(x) {
  return x >= 100 ? `${Math.round(x)} ms` : `${x.toFixed(x >= 10 ? 1 : 2)} ms`;
}
const ratio = (a, b) => (b > 0 ? a / b : NaN);
const fmtRatio = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : '—');

function timingRow(c, runtime, r, corpus) {
  const n =
    c.id === 'render'
      ? `${corpus.meta.fullTags.toLocaleString('en-US')} full tags`
      : rendersFullTags(c.id)
        ? `the ${corpus.meta.fullTags.toLocaleString('en-US')} full tags as an ImageTagList`
        : `${corpus.meta.listTags.toLocaleString('en-US')} tags, ${mb(corpus.meta.listBytes)}`;
  const row = {
    id: c.id,
    measurement: `${c.title} (${n}): \`${c.ours}\` vs ${c.baseline}`,
    runtime,
    target: `≤ ${c.target}×`,
  };
  if (!r) return { ...row, ours: 'skipped', baseline: 'skipped', ratio: '—', met: 'skipped' };
  if (r.error) return { ...row, ours: 'error', baseline: '—', ratio: '—', met: 'error', error: r.error };
  const q = ratio(r.ours, r.baseline);
  return { ...row, ours: ms(r.ours), baseline: ms(r.baseline), ratio: fmtRatio(q), met: q <= c.target ? 'yes' : 'no' };
}

function memoryRow(id, m) {
  const c = CASES.find((x) => x.id === id);
  const row = {
    id: `memory-${id}`,
    measurement: `Memory, ${id} list text: \`${c.ours}\` vs ${c.baseline} (heap + external + arrayBuffers after the call)`,
    runtime: 'Node.js',
    target: '—',
  };
  return {
    ...row,
    ours: mb(m.ours.used),
    baseline: mb(m.baseline.used),
    ratio: fmtRatio(ratio(m.ours.used, m.baseline.used)),
    met: '—',
  };
}

function sizeRows(s) {
  const row = {
    runtime: 'browser',
    ours: kb(s.ours.gz),
    target: '≤ 120 KB',
    met: s.ours.gz <= SIZE_TARGET ? 'yes' : 'no',
  };
  const standalone = s.standalone.error
    ? { baseline: 'error', ratio: '—', error: s.standalone.error }
    : { baseline: kb(s.standalone.gz), ratio: fmtRatio(ratio(s.ours.gz, s.standalone.gz)) };
  return [
    {
      ...row,
      id: 'size',
      measurement:
        'Size, gzipped: `.wasm` + JS glue (dist/web) vs Ajv + ajv-formats + schema, bundled by esbuild (compiles at load)',
      baseline: kb(s.ajv.gz),
      ratio: fmtRatio(ratio(s.ours.gz, s.ajv.gz)),
    },
    {
      ...row,
      id: 'size-standalone',
      measurement:
        'Size, gzipped: `.wasm` + JS glue (dist/web) vs Ajv standalone (validator precompiled to code + the Ajv runtime it needs, bundled by esbuild)',
      ...standalone,
    },
    {
      id: 'size-webpack',
      measurement:
        "Size, raw: `.wasm` (dist/web) vs webpack's default `performance.maxAssetSize` (250,000 bytes; it warns above)",
      runtime: 'browser',
      ours: kb(s.ours.wasmRaw),
      baseline: kb(WEBPACK_MAX_ASSET),
      ratio: fmtRatio(ratio(s.ours.wasmRaw, WEBPACK_MAX_ASSET)),
      target: `≤ ${kb(WEBPACK_MAX_ASSET)}`,
      met: s.ours.wasmRaw <= WEBPACK_MAX_ASSET ? 'yes' : 'no',
    },
  ];
}

function markdown(rows, notes) {
  const head = ['Measurement', 'Runtime', 'imagetag', 'Baseline', 'Ratio', 'Target', 'Met'];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map((_h, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`];
  for (const r of rows)
    lines.push(`| ${[r.measurement, r.runtime, r.ours, r.baseline, r.ratio, r.target, r.met].join(' | ')} |`);
  return `${lines.join('\n')}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`;
}

// ------------------------------------------------------------------------------------------------- main
const started = Date.now();
const corpus = writeCorpus();
try {
  const ajvBundle = await buildAjvBundle();
  const nodeResults = nodeTimings(corpus);
  const memory = nodeMemory(corpus);
  const watch = nodeWatch();
  log('size');
  const size = await sizes(ajvBundle);
  let chrome = null;
  let chromeError = null;
  if (cfg.chromium) {
    try {
      chrome = await chromiumTimings(corpus, ajvBundle);
    } catch (e) {
      chromeError = e.message.split('\n')[0];
      log(`chromium failed: ${e.stack || e.message}`);
    }
  }
  const nodeName = `Node.js ${process.versions.node}`;
  const chromeName = chrome ? `Chromium ${chrome.version}` : 'Chromium';
  const rows = [];
  for (const c of CASES) {
    rows.push(timingRow(c, nodeName, nodeResults[c.id], corpus));
    const cr = timingRow(c, chromeName, chrome ? chrome.results[c.id] : null, corpus);
    if (!cfg.chromium)
      Object.assign(cr, {
        ours: 'skipped',
        baseline: 'skipped',
        met: QUICK ? 'skipped (BENCH_QUICK)' : 'skipped (BENCH_CHROMIUM=0)',
      });
    else if (chromeError) Object.assign(cr, { ours: 'error', baseline: '—', met: 'error', error: chromeError });
    rows.push(cr);
  }
  rows.push(...sizeRows(size));
  rows.push(memoryRow('validate', memory.validate));
  rows.push(memoryRow('parse', memory.parse));
  rows.push(...watchRows(watch, nodeName));

  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const dev = pkg.devDependencies || {};
  const notes = [
    `Medians of ${cfg.runs} timed run(s) per side after ${cfg.warmup} warm-up run(s); imagetag and its baseline alternate in one process (one fresh Node.js process per case; one Chromium page), with a full GC before each timed call (\`--expose-gc\`, \`--js-flags=--expose-gc\`). Ratio = imagetag / baseline; lower is better.${QUICK ? ' **BENCH_QUICK: tiny corpora, not a measurement.**' : ''}`,
    `Corpora (bench/corpus.mjs, seed ${cfg.seed}): an ImageTagList of ${corpus.meta.listTags.toLocaleString('en-US')} tags as LIST returns it (${mb(corpus.meta.listBytes)} of compact JSON, no \`image\`, 1–12 history items, conditions on some, \`null\`s where servers put them) and ${corpus.meta.fullTags.toLocaleString('en-US')} ImageTags as GET returns them (${mb(corpus.meta.fullBytes)}; images with layers, manifest lists, signatures). Render gets parsed objects (or, for the list text row, their list's text) and \`now: ${CORPUS_NOW}\`.`,
    `Validation baseline: Ajv ${dev.ajv || '?'} (draft-07) + ajv-formats ${dev['ajv-formats'] || '?'}, \`new Ajv({ allErrors: true })\`, compiled once outside the timing from the \`ImageTagList\` definition of imagetag-openapi.schema.json. Ajv's strict mode rejects that schema for its \`x-kubernetes-*\` keywords ("unknown keyword"); they are declared with \`ajv.addVocabulary([...])\` (\`strict: false\` works too). \`allErrors\` because imagetag reports every finding; note the schema itself flags the \`items: null\` and \`lastTransitionTime: null\` that servers send (§1.9).`,
    `Render baseline: bench/render-baseline.mjs, template literals producing the same table markup with the same escaping. Three render rows, all on the same full tags: per tag, \`renderTagHistoryHtml(tag)\` once per parsed object (each call serializes the fields the history shows and crosses into wasm and back); the bulk function (docs/js-api.md "Bulk") given the list object (the package entry picks the shown fields of every item and serializes them once, one call, one string back cut into the array) against the template on the same objects; and the bulk function given the list's response text as it arrives (\`JSON.stringify\` of the list, made outside the timing; nothing to serialize), against \`JSON.parse\` of the same text plus the template: the fair pair when a page starts from the response. Each bulk row checks, outside the timing, that its array holds \`renderTagHistoryHtml\`'s HTML for every tag.`,
    `Watch (bench/watch-child.mjs, Node.js only): each stream event adds a history item to one tag (as an import does) and gives the stream's 10 ImageTags its new resourceVersion, so both sides yield 10 MODIFIED events per stream event (docs/watch.md). imagetag: \`for await (const e of client.watch())\` with an injected fetch answering the list and a watch body of the event lines in 64 KiB chunks; the JS baseline reads the same chunks with a reader and a TextDecoder, \`JSON.parse\`s each line, projects the stream's tags to ImageTag objects and diffs them by \`JSON.stringify\`. Medians of the events phase (SYNCED to the last event), ${watchRuns(watch)} run(s) per side, alternating in one process. Memory per tag: one fresh process per side, after the list and a full GC.`,
    `Size: gzip -9 of dist/web/imagetag_bg.wasm + imagetag.js + index.js, each file on its own (${kb(size.ours.raw)} raw; the .wasm alone ${kb(size.ours.wasmGz)} gzipped), against the esbuild bundle (esbuild ${dev.esbuild || '?'}, minified ESM for browsers) of Ajv + ajv-formats + the schema, compiling at load (${kb(size.ajv.raw)} raw); and against Ajv's standalone route: \`ajv/dist/standalone\` code of the same validator, bundled the same way (${size.standalone.error ? 'failed' : `${kb(size.standalone.raw)} raw`}). KB = 1,024 bytes.`,
    `Size against webpack: dist/web/imagetag_bg.wasm is ${grouped(size.ours.wasmRaw)} bytes; webpack 5 (default production config) warns "asset size limit" for any asset above ${grouped(WEBPACK_MAX_ASSET)} bytes (244 KiB): ${size.ours.wasmRaw > WEBPACK_MAX_ASSET ? `it warns, ${grouped(size.ours.wasmRaw - WEBPACK_MAX_ASSET)} bytes over` : `no warning, ${grouped(WEBPACK_MAX_ASSET - size.ours.wasmRaw)} bytes under`}.`,
    `Memory (Node.js only, one fresh \`node --expose-gc\` process per cell): heapUsed + external + arrayBuffers of \`process.memoryUsage()\` right after the call (result alive, no GC since) minus the same after a full GC just before it, input text and package/Ajv already loaded; the .wasm linear memory counts in \`external\` and only grows, so it is its peak. OS-level peak RSS growth (\`resourceUsage().maxRSS\` − RSS before): validate ${mb(memory.validate.ours.rss)} vs ${mb(memory.validate.baseline.rss)}, parse ${mb(memory.parse.ours.rss)} vs ${mb(memory.parse.baseline.rss)}.`,
  ];
  for (const [name, res] of [
    [nodeName, nodeResults],
    [chromeName, chrome?.results],
  ]) {
    if (!res) continue;
    for (const c of CASES) {
      const x = res[c.id];
      if (!x || x.error) continue;
      const range = (v) => (v.length ? `${ms(Math.min(...v))}–${ms(Math.max(...v))}` : 'n/a');
      const spread = `runs imagetag ${range(x.samples.ours)}, baseline ${range(x.samples.baseline)}`;
      const floor =
        x.floor &&
        `floor ${ms(x.floor.ms)} = ${(x.floor.ms / x.baseline).toFixed(2)}× of the baseline before any work of ours (${x.floor.what})`;
      notes.push(`${name}, ${c.id}: ${[x.note, floor, spread].filter(Boolean).join('; ')}.`);
    }
  }
  for (const r of rows) if (r.error) notes.push(`**${r.id} (${r.runtime}) failed**: ${r.error}`);
  if (chrome === null && cfg.chromium && chromeError) notes.push(`Chromium failed: ${chromeError}`);
  notes.push(
    `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench\` in ${Math.round((Date.now() - started) / 1000)} s.`,
  );

  const md = markdown(rows, notes);
  console.log(md);
  if (cfg.results) {
    writeFileSync(
      cfg.results,
      `# Benchmark results\n\nWritten by \`npm run bench\` (bench/run.mjs). Targets from issue 8.\n\n${md}`,
    );
    log(`wrote ${path.relative(root, cfg.results) || cfg.results}`);
  }
  if (rows.some((r) => r.met === 'error')) {
    log('some measurements failed (see the notes)');
    process.exitCode = 1;
  }
} finally {
  rmSync(corpus.dir, { recursive: true, force: true });
  await import('esbuild').then((e) => e.stop()).catch(() => {});
}
