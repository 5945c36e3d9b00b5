// The Chromium side of the bench: the same cases as in Node.js (bench/cases.mjs), on the same corpus bytes
// (fetched from the bench's server), against the browser build (dist/web) and the esbuild bundle of Ajv.
import init, * as api from '/dist/web/index.js';
import { rendersFullTags, timeCase } from '/bench/cases.mjs';

window.runBench = async ({ cases, runs, warmup }) => {
  await init();
  const get = async (p) => {
    const r = await fetch(p);
    if (!r.ok) throw new Error(`${p}: HTTP ${r.status}`);
    return r.text();
  };
  const meta = JSON.parse(await get('/data/meta.json'));
  const ctx = { api, now: meta.now };
  const results = {};
  for (const id of cases) {
    // Load only what the case needs, so the heap of one case does not weigh on the next.
    ctx.listText = rendersFullTags(id) ? null : await get('/data/list.json');
    ctx.fullTags = rendersFullTags(id) ? JSON.parse(await get('/data/full.json')) : null;
    ctx.validate = id === 'validate' ? (await import('/build/ajv-bundle.mjs')).validate : null;
    await new Promise((r) => setTimeout(r, 50));
    results[id] = timeCase(id, ctx, { runs, warmup });
  }
  return results;
};
document.getElementById('status').textContent = 'ready';
window.benchReady = true;
