// Writes the package's entry points around the wasm-bindgen glue in dist/node (CommonJS, loads the .wasm
// synchronously) and dist/web (ES module, loads the .wasm by URL): every entry re-exports the glue, adds
// `ImageTagError` and a default `init()`, and guards every exported function against WebAssembly traps
// (see `guard` below and src/wasm/recovery.rs). Run by scripts/build.sh after wasm-pack.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (...p) => path.join(root, 'dist', ...p);
const require = createRequire(import.meta.url);

const errorClass = `class ImageTagError extends Error {
  /** Errors thrown by this package are plain \`Error\`s named 'ImageTagError'; this class recognises them all. */
  constructor(message, code, fields) {
    super(message);
    this.name = 'ImageTagError';
    this.code = code;
    if (fields) Object.assign(this, fields);
  }
  static [Symbol.hasInstance](value) {
    return value instanceof Error && value.name === 'ImageTagError';
  }
}`;

// The OpenShift console's `consoleFetch(url, options, timeout)` rejects with an `HttpError` on a non-2xx
// answer instead of resolving; the error carries the answer as `response` (and, when the console has read
// a JSON body already, that body parsed as `json`). The client's `fetch` option is wrapped so that such a
// rejection becomes the answer it carries: the call then fails with code `api` and the server's Status,
// exactly as with a plain `fetch` (docs/console-plugin.md). Other rejections pass through unchanged.
const consoleFetchCode = `const looksLikeResponse = (r) =>
  r !== null && typeof r === 'object' && typeof r.status === 'number' && r.status >= 200 && r.status <= 599
  && r.headers !== null && typeof r.headers === 'object' && typeof r.headers.get === 'function';
function answerOf(e) {
  const r = e !== null && typeof e === 'object' ? e.response : undefined;
  if (!looksLikeResponse(r)) throw e;
  if (!r.bodyUsed || typeof Response !== 'function') return r;
  // The console read the body to build its message: hand the client the same answer with that body again.
  const body = e.json === undefined ? null : JSON.stringify(e.json);
  return new Response(body, { status: r.status, statusText: r.statusText, headers: r.headers });
}
function acceptingHttpError(f) {
  return function fetch(url, init) {
    let sent;
    try { sent = f.call(this, url, init); } catch (e) { return Promise.resolve().then(() => answerOf(e)); }
    return Promise.resolve(sent).then(undefined, answerOf);
  };
}
// The options as the module reads them, with \`fetch\` wrapped. Whatever reading \`fetch\` throws (a getter,
// a Proxy) is left to the module, which answers it with code 'schema'.
function clientOptions(options) {
  try {
    if (options === null || typeof options !== 'object' || typeof options.fetch !== 'function') return options;
  } catch (_) {
    return options;
  }
  return new Proxy(options, { get: (o, k) => (k === 'fetch' ? acceptingHttpError(o.fetch) : Reflect.get(o, k)) });
}`;

// What goes wrong inside the module (src/wasm/recovery.rs) is an ImageTagError with code `internal`, and the
// module is replaced by a fresh instance before anything else runs in it:
// - a panic or an allocation failure schedules the reset in Rust and throws (the plain Error of an
//   allocation failure becomes an ImageTagError here); any other trap (a stack overflow, an abort without a
//   panic message) is recognised here, which schedules the reset (hidden export `__imagetagScheduleReset`);
// - the reset is carried out as soon as the outermost call has unwound, by a call without arguments
//   (`__imagetagResetNow`): the glue resets at the start of a call, after it has copied that call's
//   arguments, so an argument must never be the first thing to meet a scheduled reset;
// - async calls (the client's) run their steps in microtasks: the glue's queueMicrotask is patched to run
//   each step through `asyncStep`, so a failure there rejects the calls in flight instead of escaping as an
//   uncaught exception, and every call in flight when the instance is replaced is rejected (its state died
//   with the old instance);
// - an ImageTagClient is a wrapper that makes its wasm object again, from the options it was decoded
//   from, in every fresh instance: a client made before a reset keeps working after it.
// Classes other than ImageTagClient are not wrapped (there are none).
const guardCode = `const OUT_OF_MEMORY = 'imagetag: out of memory';
const STALE_OBJECT = 'Invalid stale object from previous Wasm instance';
let depth = 0; // guarded calls and async steps on the stack
let resetWanted = null; // the error that asked for a fresh instance, until it is made
let resets = 0; // fresh instances made so far
const inFlight = new Set(); // reject functions of the async calls that have not settled
function internalError(e) {
  const trap = e instanceof WebAssembly.RuntimeError
    || (e instanceof RangeError && /call stack/i.test(e.message))
    || (e instanceof Error && e.name === 'InternalError' && /recursion/i.test(e.message));
  const oom = !trap && e instanceof Error && e.name !== 'ImageTagError' && e.message.startsWith(OUT_OF_MEMORY);
  const panic = e instanceof Error && e.name === 'ImageTagError' && e.code === 'internal';
  if (e instanceof Error && e.message === STALE_OBJECT) {
    return new ImageTagError('internal error: this object belongs to a module instance that has been reset', 'internal', { cause: e });
  }
  if (!trap && !oom && !panic) return e;
  if (trap) {
    // Only scheduled here: settle() makes the fresh instance as soon as the outermost call has unwound, by
    // a call without arguments (__imagetagResetNow). Left for the next call, an export with a string
    // argument would copy the string with the broken instance's allocator before the glue's reset check,
    // and trap again.
    try { glue.__imagetagScheduleReset(); } catch (_) { /* settle() or the next call resets anyway if it can */ }
  }
  const error = panic ? e : new ImageTagError(
    \`internal error: \${oom ? e.message.slice('imagetag: '.length) : \`the WebAssembly module trapped (\${e.name}: \${e.message})\`}; the module has been reset\`,
    'internal',
    { cause: e },
  );
  resetWanted = resetWanted ?? error;
  return error;
}
// After the outermost call: makes the fresh instance a failure asked for, and rejects the calls in flight.
function settle() {
  if (depth > 0 || resetWanted === null) return;
  const why = resetWanted;
  resetWanted = null;
  try { glue.__imagetagResetNow(); } catch (_) { /* the next call resets */ }
  resets++;
  const dead = [...inFlight];
  inFlight.clear();
  for (const reject of dead) reject(new ImageTagError(why.message, 'internal', { cause: why }));
}
function guard(f) {
  const g = function (...args) {
    depth++;
    try { return f.apply(this, args); } catch (e) { throw internalError(e); } finally { depth--; settle(); }
  };
  Object.defineProperty(g, 'name', { value: f.name });
  Object.defineProperty(g, 'length', { value: f.length });
  return g;
}
// One step of the module's async work, run by the glue's queueMicrotask.
function asyncStep(f) {
  return function (...args) {
    depth++;
    try {
      return f.apply(this, args);
    } catch (e) {
      if (internalError(e) === e && !(e instanceof Error && e.name === 'ImageTagError')) throw e;
    } finally { depth--; settle(); }
  };
}
glue.__imagetagSetTaskWrapper(asyncStep);
// The promise of an async call, rejected with code 'internal' if the module fails before it settles.
function tracked(p) {
  return new Promise((resolve, reject) => {
    inFlight.add(reject);
    Promise.resolve(p).then(
      (v) => { inFlight.delete(reject); resolve(v); },
      (e) => { inFlight.delete(reject); reject(e); },
    );
  });
}
function trackedGuard(f) {
  const g = guard(f);
  const t = function (...args) {
    try { return tracked(g.apply(this, args)); } catch (e) { return Promise.reject(e); }
  };
  Object.defineProperty(t, 'name', { value: f.name });
  Object.defineProperty(t, 'length', { value: f.length });
  return t;
}
const notAClient = () => new ImageTagError('this is not a live ImageTagClient (made with new ImageTagClient, not freed)', 'schema', { path: '' });
const GlueClient = glue.ImageTagClient;
// A class expression: the web entry's \`export const ImageTagClient\` takes the name in the module scope.
const ImageTagClientClass = class ImageTagClient {
  #inner; #options; #made = -1; #freed = false;
  constructor(options) {
    depth++;
    try {
      this.#inner = new GlueClient(clientOptions(options));
      this.#options = this.#inner.__options();
    } catch (e) { throw internalError(e); } finally { depth--; settle(); }
    this.#made = resets;
  }
  // The client's wasm object in the current instance (made again from its options after a reset); call with
  // depth raised.
  static #current(client) {
    if (client.#made !== resets) {
      client.#inner = new GlueClient(client.#options);
      client.#made = resets;
    }
    return client.#inner;
  }
  static #call(client, name, args) {
    if (!(client instanceof ImageTagClient) || client.#freed) return Promise.reject(notAClient());
    depth++;
    try {
      return tracked(ImageTagClient.#current(client)[name](...args));
    } catch (e) { return Promise.reject(internalError(e)); } finally { depth--; settle(); }
  }
  list(options) { return ImageTagClient.#call(this, 'list', arguments); }
  get(namespace, name, options) { return ImageTagClient.#call(this, 'get', arguments); }
  create(namespace, tag, options) { return ImageTagClient.#call(this, 'create', arguments); }
  replace(namespace, name, tag, options) { return ImageTagClient.#call(this, 'replace', arguments); }
  patch(namespace, name, patch, options) { return ImageTagClient.#call(this, 'patch', arguments); }
  delete(namespace, name, options) { return ImageTagClient.#call(this, 'delete', arguments); }
  updateSpec(namespace, name, update, options) { return ImageTagClient.#call(this, 'updateSpec', arguments); }
  replaceSpec(namespace, name, spec, options) { return ImageTagClient.#call(this, 'replaceSpec', arguments); }
  /** Live ImageTags (docs/js-api.md "Live updates"): an async generator over the module's watch session. */
  watch(options) { return ImageTagClient.#watch(this, options); }
  static async *#watch(client, options) {
    if (!(client instanceof ImageTagClient) || client.#freed) throw notAClient();
    let session;
    let made;
    depth++;
    try {
      session = ImageTagClient.#current(client).__watch(options);
      made = resets;
    } catch (e) { throw internalError(e); } finally { depth--; settle(); }
    try {
      for (;;) {
        // One batch of events per call; null once the signal aborted or the loop ended.
        const batch = await tracked(guard(() => session.next())());
        if (batch === null) return;
        yield* batch;
      }
    } finally {
      // A break, a return or an error: close the connection now. (A session of a reset instance is gone.)
      if (made === resets) guard(() => { session.close(); session.free(); })();
    }
  }
  /** Frees the module's memory of this client now (else the garbage collector does it); the client is not usable after. */
  free() {
    if (!(this instanceof ImageTagClient) || this.#freed) return;
    this.#freed = true;
    if (this.#made === resets) guard(() => this.#inner.free())();
  }
};
if (typeof Symbol.dispose === 'symbol') ImageTagClientClass.prototype[Symbol.dispose] = ImageTagClientClass.prototype.free;
const ASYNC_EXPORTS = new Set(['__imagetagTestPanicAsync']);
// The history functions read a tag through the fields the history shows (README, "Tag history"): of an
// object, only those are handed to the module, so that image layers, signatures and managed fields (most
// of a GET's bytes) are neither serialized nor parsed for a render. Text, arrays, non-objects and objects
// with a toJSON go through whole; a throwing getter is met by JSON.stringify of the whole, as before.
const TAG_ARGUMENT = { describeTag: 0, renderTagHistoryText: 0, renderTagHistoryHtml: 0, renderTagHistorySvg: 0, renderTagHistoryInto: 1 };
const plainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && typeof v.toJSON !== 'function';
function pick(from, keys) {
  if (!plainObject(from)) return from;
  const out = {};
  for (const k of keys) if (from[k] !== undefined) out[k] = from[k];
  return out;
}
function renderedPart(tag) {
  try {
    if (!plainObject(tag)) return tag;
    const out = pick(tag, ['kind', 'apiVersion', 'spec', 'status']);
    if (tag.metadata !== undefined) out.metadata = pick(tag.metadata, ['name', 'namespace']);
    if (tag.image !== undefined) out.image = pick(tag.image, ['dockerImageManifests', 'dockerImageManifestMediaType']);
    return out;
  } catch (_) {
    return tag;
  }
}
// The picked fields go to the module as JSON text, serialized here: the module would call JSON.stringify
// itself, and the text argument saves that call's way out of and back into wasm. Whatever does not
// serialize (cyclic, BigInt, a throwing toJSON inside) goes as the object, to the module's own error.
function renderedText(tag) {
  const part = renderedPart(tag);
  if (part === tag) return tag;
  try { return JSON.stringify(part); } catch (_) { return part; }
}
// The bulk forms read a list the same way: of each item, only what the history shows (docs/js-api.md "Bulk").
const LIST_ARGUMENT = { describeTagList: 0, renderTagHistoryTextList: 0, renderTagHistoryHtmlList: 0 };
function renderedListText(list) {
  let part;
  try {
    if (!plainObject(list) || !Array.isArray(list.items)) return list;
    part = pick(list, ['kind', 'apiVersion']);
    part.items = list.items.map(renderedPart);
  } catch (_) {
    return list;
  }
  try { return JSON.stringify(part); } catch (_) { return part; }
}
function readsRenderedPart(f, at, read = renderedText) {
  const g = function (...args) {
    if (args.length > at) args[at] = read(args[at]);
    return f.apply(this, args);
  };
  Object.defineProperty(g, 'name', { value: f.name });
  Object.defineProperty(g, 'length', { value: f.length });
  return g;
}
const isClass = (f) => /^class\\b/.test(Function.prototype.toString.call(f));
const guarded = (name) => {
  const f = glue[name];
  if (name === 'ImageTagClient') return ImageTagClientClass;
  if (typeof f !== 'function' || isClass(f)) return f;
  if (ASYNC_EXPORTS.has(name)) return trackedGuard(f);
  if (name in LIST_ARGUMENT) return guard(readsRenderedPart(f, LIST_ARGUMENT[name], renderedListText));
  return guard(name in TAG_ARGUMENT ? readsRenderedPart(f, TAG_ARGUMENT[name]) : f);
};`;

// The glue runs the steps of async calls with the global queueMicrotask; each step goes through a wrapper
// the entry installs (`asyncStep` in the guard code), so that what a step throws reaches the entry instead of the
// event loop. Patched here, checked: the build fails if the glue's shape changes.
const TASK_CALL = '            queueMicrotask(arg0);\n';
const TASK_HOOK = 'let __imagetagTask = (f) => f;\n';
// A closure of a replaced instance (a fetch's promise callback, a timer, an abort listener of a call that
// was in flight) is dropped instead of throwing into the event loop: its call was rejected with code
// 'internal' when the instance was replaced.
const STALE_CLOSURE = "            throw new Error('Cannot invoke closure from previous WASM instance');\n";
const DROP_STALE_CLOSURE = '            return undefined; // imagetag: dropped, see scripts/package-entries.mjs\n';
for (const [file, setter] of [
  [dist('node', 'imagetag.js'), 'exports.__imagetagSetTaskWrapper = (w) => { __imagetagTask = w; };\n'],
  [dist('web', 'imagetag.js'), 'export function __imagetagSetTaskWrapper(w) { __imagetagTask = w; }\n'],
]) {
  let text = readFileSync(file, 'utf8');
  for (const [pattern, replacement] of [
    [TASK_CALL, '            queueMicrotask(__imagetagTask(arg0));\n'],
    [STALE_CLOSURE, DROP_STALE_CLOSURE],
  ]) {
    if (text.includes(replacement)) continue; // patched already (the script may run twice on one build)
    if (text.split(pattern).length !== 2)
      throw new Error(`package-entries: ${file}: expected one ${pattern.trim()} in the glue`);
    text = text.replace(pattern, replacement);
  }
  if (!text.startsWith(TASK_HOOK)) text = TASK_HOOK + text + setter;
  writeFileSync(file, text);
}

const errorTypes = readFileSync(path.join(root, 'types', 'entry.d.ts'), 'utf8');

// Node.js: CommonJS glue, ready synchronously.
const glue = require(dist('node', 'imagetag.js'));
const names = Object.keys(glue).filter((n) => n !== 'default' && !n.startsWith('__'));
// Hidden exports (not in the .d.ts): the reset hook of the guard and the test-only panic.
const hidden = Object.keys(glue).filter(
  (n) => n.startsWith('__imagetag') && n !== '__imagetagStart' && n !== '__imagetagSetTaskWrapper',
);
writeFileSync(
  dist('node', 'index.cjs'),
  `'use strict';
// Entry for require('imagetag') in Node.js: the module is ready synchronously; init() resolves at once.
const glue = require('./imagetag.js');
${errorClass}
${consoleFetchCode}
${guardCode}
function init() { return Promise.resolve(); }
const guardedExports = {};
for (const name of Object.keys(glue)) guardedExports[name] = guarded(name);
module.exports = Object.assign(guardedExports, { ImageTagError, init, default: init });
`,
);
writeFileSync(
  dist('node', 'index.mjs'),
  `// Entry for import ... from 'imagetag' in Node.js: the module is ready synchronously; init() resolves at once.
import glue from './index.cjs';
export const { ${names.join(', ')} } = glue;
export const ImageTagError = glue.ImageTagError;
export function init() { return Promise.resolve(); }
export default init;
`,
);
writeFileSync(
  dist('node', 'index.d.ts'),
  `export * from './imagetag';
${errorTypes}`,
);
const esmTypes = errorTypes.replace("from './imagetag'", "from './imagetag.js'");
writeFileSync(
  dist('node', 'index.d.mts'),
  `export * from './imagetag.js';
${esmTypes}`,
);

// Browsers and bundlers: ES module glue, the .wasm is fetched by URL on init().
writeFileSync(
  dist('web', 'index.js'),
  `// Entry for browsers and bundlers: await init() once before any other call.
import wbgInit, * as glue from './imagetag.js';
export * from './imagetag.js';
${errorClass}
export { ImageTagError };
${consoleFetchCode}
${guardCode}
// These local exports take the place of the glue's own (\`export *\` never overrides a local export).
${[...names, ...hidden].map((n) => `export const ${n} = guarded('${n}');`).join('\n')}
let ready = null;
/** Loads and instantiates the .wasm (from next to this file unless \`input\` says otherwise); safe to call more than once. */
export function init(input) {
  if (!ready) {
    ready = wbgInit(input === undefined ? undefined : { module_or_path: input }).then(
      () => undefined,
      (e) => { ready = null; throw e; },
    );
  }
  return ready;
}
export default init;
`,
);
writeFileSync(
  dist('web', 'index.d.ts'),
  `export * from './imagetag.js';
${esmTypes.replace('export declare function init(): Promise<void>;', 'export declare function init(input?: RequestInfo | URL | Response | BufferSource | WebAssembly.Module | Promise<Response>): Promise<void>;')}`,
);
// The raw ABI signatures of InitOutput say `any` (parameters and results); the public declarations say `unknown` instead.
const webGlueTypes = dist('web', 'imagetag.d.ts');
// InitOutput lists the module's raw ABI exports, with compiler-hashed names that change with every build
// path; the public declaration keeps only what a user can rely on.
writeFileSync(
  webGlueTypes,
  readFileSync(webGlueTypes, 'utf8')
    .replace(
      /export interface InitOutput \{[\s\S]*?\n\}/,
      'export interface InitOutput {\n    readonly memory: WebAssembly.Memory;\n    readonly [rawExport: string]: unknown;\n}',
    )
    .replace(/(: |=> )any\b/g, '$1unknown'),
);
// wasm-bindgen declares `[Symbol.dispose](): void` on exported classes (ImageTagClient), which does not
// compile against the common `lib: es2022` (no Symbol.dispose there); `free()` stays declared.
for (const f of [dist('node', 'imagetag.d.ts'), webGlueTypes]) {
  writeFileSync(f, readFileSync(f, 'utf8').replace(/^\s*\[Symbol\.dispose\]\(\): void;\n/gm, ''));
}
writeFileSync(dist('web', 'package.json'), `${JSON.stringify({ type: 'module' }, null, 2)}\n`);
if (process.argv.includes('--update-types')) {
  const { mkdirSync, copyFileSync } = await import('node:fs');
  // The same layout as dist/ (node/, web/), so that the copies' relative imports resolve: www/tsconfig.json
  // checks the demo against types/generated/web/ before the package is built.
  for (const dir of ['node', 'web']) mkdirSync(path.join(root, 'types', 'generated', dir), { recursive: true });
  for (const f of [
    'node/imagetag.d.ts',
    'node/index.d.ts',
    'node/index.d.mts',
    'web/imagetag.d.ts',
    'web/index.d.ts',
  ]) {
    copyFileSync(dist(f), path.join(root, 'types', 'generated', f));
  }
  console.error('package-entries: types/generated updated');
}
console.error(`package-entries: ${names.length} exports`);
