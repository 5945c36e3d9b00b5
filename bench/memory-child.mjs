// Child process (run with --expose-gc, one per measurement): memory of one call on the list text.
// Usage: node --expose-gc bench/memory-child.mjs <validate|parse> <ours|baseline> <corpus dir>
// Prints JSON: { used, rss } in bytes, where
//   used = (heapUsed + external + arrayBuffers) right after the call, its result still alive and no GC
//          since, minus the same after a full GC just before the call (input text, package / Ajv already
//          loaded). The .wasm linear memory is counted in `external`; it only grows, so the value after the
//          call is its high-water mark.
//   rss  = process.resourceUsage().maxRSS after the call minus the RSS before it: the OS-level peak.
import { loadApi, loadAjv, loadCorpus } from './node-context.mjs';

const [id, side, dir] = process.argv.slice(2);
if (typeof gc !== 'function') throw new Error('run with --expose-gc');
const { listText } = loadCorpus(dir, ['list']);
let fn;
if (side === 'ours') {
  const api = await loadApi();
  const name = id === 'validate' ? 'validateImageTagList' : 'parseImageTagList';
  if (typeof api[name] !== 'function') throw new Error(`the package does not export ${name}`);
  fn = () => api[name](listText);
} else {
  const validate = id === 'validate' ? await loadAjv() : null;
  fn =
    id === 'validate'
      ? () => {
          const v = validate(JSON.parse(listText));
          return [v, validate.errors];
        }
      : () => JSON.parse(listText);
}
const sum = (m) => m.heapUsed + m.external + m.arrayBuffers;
gc();
gc();
const before = process.memoryUsage();
const result = fn();
const after = process.memoryUsage();
const maxRss = process.resourceUsage().maxRSS * 1024;
process.stdout.write(
  '\n' +
    JSON.stringify({
      used: sum(after) - sum(before),
      rss: Math.max(0, maxRss - before.rss),
      kept: result !== undefined,
    }) +
    '\n',
);
