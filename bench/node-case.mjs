// Child process: times one case in Node.js and prints its result as JSON on the last line of stdout.
// Usage: node --expose-gc bench/node-case.mjs <case> <corpus dir> <runs> <warmup>
import { rendersFullTags, timeCase } from './cases.mjs';
import { loadApi, loadAjv, loadCorpus } from './node-context.mjs';

const [id, dir, runs, warmup] = process.argv.slice(2);
const corpus = loadCorpus(dir, rendersFullTags(id) ? ['full'] : ['list']);
const ctx = {
  api: await loadApi(),
  listText: corpus.listText,
  fullTags: corpus.fullTags,
  validate: id === 'validate' ? await loadAjv() : null,
  now: corpus.meta.now,
};
const result = timeCase(id, ctx, { runs: Number(runs), warmup: Number(warmup) });
process.stdout.write(`\n${JSON.stringify(result)}\n`);
