// The timed measurements, shared by Node.js (bench/node-case.mjs) and the Chromium page (bench/page.html):
// the same functions, the same corpora bytes, imagetag and its baseline alternating in one process.
// No Node imports here.
import { renderTagHistoryHtmlJs } from './render-baseline.mjs';

/** The timed cases: what each side runs, and the target ratio (imagetag time / baseline time). */
export const CASES = [
  {
    id: 'validate',
    title: 'Validate list text',
    export: 'validateImageTagList',
    ours: 'validateImageTagList(text)',
    baseline: 'JSON.parse(text) + Ajv',
    target: 0.5,
  },
  {
    id: 'parse',
    title: 'Parse list text to objects',
    export: 'parseImageTagList',
    ours: 'parseImageTagList(text)',
    baseline: 'JSON.parse(text)',
    target: 2,
  },
  {
    id: 'render',
    title: 'Render history HTML of full tags',
    export: 'renderTagHistoryHtml',
    ours: 'renderTagHistoryHtml(tag, { now })',
    baseline: 'JS template (bench/render-baseline.mjs)',
    target: 1,
  },
  {
    id: 'render-list',
    title: 'Render history HTML of a list object',
    export: 'renderTagHistoryHtmlList',
    ours: 'renderTagHistoryHtmlList(list, { now })',
    baseline: 'JS template per tag',
    target: 1,
  },
  {
    id: 'render-list-text',
    title: 'Render history HTML of a list from its text',
    export: 'renderTagHistoryHtmlList',
    ours: 'renderTagHistoryHtmlList(text, { now })',
    baseline: 'JSON.parse(text) + JS template per tag',
    target: 1,
  },
];

/** The cases that render the full tags (the others read the list corpus). */
export const rendersFullTags = (id) => id.startsWith('render');

export const caseById = (id) => CASES.find((c) => c.id === id);

/**
 * The two functions of a case. A package without the export the case needs is an error, not a row to skip.
 * ctx: { api, listText, fullTags, validate (compiled Ajv function), now (RFC 3339 text) }.
 */
export function runners(id, ctx) {
  const c = caseById(id);
  if (!c) throw new Error(`unknown case ${id}`);
  const fn = ctx.api[c.export];
  if (typeof fn !== 'function') throw new Error(`the package does not export ${c.export}`);
  return runnersOf(id, ctx, fn);
}

function runnersOf(id, ctx, fn) {
  const nowSeconds = Date.parse(ctx.now) / 1000;
  switch (id) {
    case 'validate':
      return {
        floor: encodeFloor(ctx.listText),
        ours: () => fn(ctx.listText).length,
        baseline: () => {
          ctx.validate(JSON.parse(ctx.listText));
          return ctx.validate.errors ? ctx.validate.errors.length : 0;
        },
        describe: (o, b) => `imagetag: ${o} items with findings; Ajv: ${b} schema errors`,
      };
    case 'parse':
      return {
        floor: encodeFloor(ctx.listText),
        ours: () => fn(ctx.listText).items.length,
        baseline: () => JSON.parse(ctx.listText).items.length,
        describe: (o, b) => `${o} / ${b} items`,
      };
    case 'render': {
      const options = { now: ctx.now };
      return {
        floor: pickFloor(ctx),
        ours: () => {
          let n = 0;
          for (const tag of ctx.fullTags) n += fn(tag, options).length;
          return n;
        },
        baseline: () => {
          let n = 0;
          for (const tag of ctx.fullTags) n += renderTagHistoryHtmlJs(tag, nowSeconds).length;
          return n;
        },
        describe: (o, b) => `${o} / ${b} characters of HTML`,
        // Outside the timing: how many tags both render to the very same markup.
        check: () => {
          let same = 0;
          for (const tag of ctx.fullTags) if (fn(tag, options) === renderTagHistoryHtmlJs(tag, nowSeconds)) same++;
          return `identical HTML for ${same} of ${ctx.fullTags.length} tags`;
        },
      };
    }
    case 'render-list':
    case 'render-list-text': {
      const options = { now: ctx.now };
      // The same tags as the per-tag row, as the list a LIST of them is: the object, or its response text
      // (made outside the timing); from text, the baseline parses the very same text first.
      const list = { kind: 'ImageTagList', apiVersion: 'image.openshift.io/v1', metadata: {}, items: ctx.fullTags };
      const fromText = id === 'render-list-text';
      const text = fromText ? JSON.stringify(list) : null;
      const input = fromText ? text : list;
      const baselineOf = (tags) => {
        let n = 0;
        for (const tag of tags) n += renderTagHistoryHtmlJs(tag, nowSeconds).length;
        return n;
      };
      return {
        // From text nothing is serialized: handing the text over is all a wasm module must do first.
        floor: fromText ? encodeFloor(text) : pickFloor(ctx),
        ours: () => {
          let n = 0;
          for (const html of fn(input, options)) n += html.length;
          return n;
        },
        baseline: () => baselineOf(fromText ? JSON.parse(text).items : ctx.fullTags),
        describe: (o, b) => `${o} / ${b} characters of HTML`,
        // Outside the timing: the per-tag function's markup for every tag, and how much of it the baseline makes.
        check: () => {
          const all = fn(input, options);
          const one = ctx.api.renderTagHistoryHtml;
          let perTag = 0;
          let same = 0;
          ctx.fullTags.forEach((tag, i) => {
            if (all[i] === one(tag, options)) perTag++;
            if (all[i] === renderTagHistoryHtmlJs(tag, nowSeconds)) same++;
          });
          return `renderTagHistoryHtml's HTML for ${perTag} of ${ctx.fullTags.length} tags, identical to the baseline's for ${same}`;
        },
      };
    }
    default:
      throw new Error(`unknown case ${id}`);
  }
}

/**
 * What any renderer in wasm must do on the JS side before it renders an object: serialize the fields the
 * history shows (the package entry picks the same ones).
 */
function pickFloor(ctx) {
  const pick = (o, keys) =>
    o && typeof o === 'object' ? Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) : o;
  return {
    what: 'JSON.stringify of the fields the history shows, for every tag',
    run: () => {
      let n = 0;
      for (const tag of ctx.fullTags) {
        n += JSON.stringify({
          ...pick(tag, ['kind', 'apiVersion', 'spec', 'status']),
          metadata: pick(tag.metadata, ['name', 'namespace']),
          image: pick(tag.image, ['dockerImageManifests', 'dockerImageManifestMediaType']),
        }).length;
      }
      return n;
    },
  };
}

/** What any wasm module given a text as a JS string pays first: the engine's UTF-16 → UTF-8 conversion. */
function encodeFloor(text) {
  let buf = null;
  return {
    what: 'TextEncoder.encodeInto of the text into a buffer (handing the text to any wasm module)',
    run: () => {
      buf = buf || new Uint8Array(text.length * 3);
      return new TextEncoder().encodeInto(text, buf).written;
    },
  };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Times one case: `warmup` untimed calls of each side, then `runs` timed rounds alternating which side goes
 * first, each call after a full GC when the engine exposes `gc()` (outside the timing).
 * Returns { ours, baseline (medians, ms), samples, note, floor } or { error }.
 */
export function timeCase(id, ctx, { runs = 5, warmup = 1 } = {}) {
  let r;
  try {
    r = runners(id, ctx);
  } catch (e) {
    return { error: e.message };
  }
  const sides = ['ours', 'baseline'];
  const gc = typeof globalThis.gc === 'function' ? globalThis.gc : () => {};
  const samples = { ours: [], baseline: [] };
  const out = { ours: null, baseline: null };
  const once = (side) => {
    gc();
    const t0 = performance.now();
    out[side] = r[side]();
    samples[side].push(performance.now() - t0);
  };
  let side = null;
  let check = '';
  let floor = null;
  try {
    for (let i = 0; i < warmup; i++) for (side of sides) r[side]();
    for (let i = 0; i < runs; i++) for (side of i % 2 === 0 ? sides : [...sides].reverse()) once(side);
    side = 'ours';
    if (r.check) check = r.check();
    if (r.floor) {
      // Outside the alternation: the part of the work no wasm implementation can skip (see CASES' notes).
      const t = [];
      for (let i = 0; i < runs; i++) {
        gc();
        const t0 = performance.now();
        r.floor.run();
        t.push(performance.now() - t0);
      }
      floor = { ms: median(t), what: r.floor.what };
    }
  } catch (e) {
    return {
      error: `${side === 'ours' ? 'imagetag' : 'baseline'} threw ${e?.name ? `${e.name}: ` : ''}${e?.message ? e.message : String(e)}`,
    };
  }
  return {
    ours: median(samples.ours),
    baseline: median(samples.baseline),
    samples,
    note: [r.describe(out.ours, out.baseline), check].filter(Boolean).join('; '),
    floor,
  };
}
