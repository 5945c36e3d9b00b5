// Writes the package's entry points around the wasm-bindgen glue in dist/node (CommonJS, loads the .wasm
// synchronously) and dist/web (ES module, loads the .wasm by URL): every entry re-exports the glue, adds
// `ImageTagError` and a default `init()`, and guards every exported function against WebAssembly traps
// (see `guard` below and src/wasm/hostile.rs). Run by scripts/build.sh after wasm-pack.
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

// A trap (a stack overflow, a Rust abort without a panic message) leaves the instance in an unknown
// state: the guard asks the glue for a fresh instance before the next call (Rust's `schedule_reinit`,
// through the hidden export `__imagetagScheduleReset`) and throws an ImageTagError with code `internal`
// that says what happened. Panics and allocation failures are handled in Rust already (src/wasm/hostile.rs);
// the plain Error an allocation failure throws becomes an ImageTagError here. Classes are not wrapped.
const guardCode = `const OUT_OF_MEMORY = 'imagetag: out of memory';
function internalError(e) {
  const trap = e instanceof WebAssembly.RuntimeError
    || (e instanceof RangeError && /call stack/i.test(e.message))
    || (e instanceof Error && e.name === 'InternalError' && /recursion/i.test(e.message));
  const oom = !trap && e instanceof Error && e.name !== 'ImageTagError' && e.message.startsWith(OUT_OF_MEMORY);
  if (!trap && !oom) return e;
  if (trap) {
    // Schedule the fresh instance, then make it now: the call of __imagetagStart (which only sets the panic
    // hook) runs the glue's reset check first. Left for the next call, an export with a string argument
    // would copy the string with the broken instance's allocator before its reset check, and trap again.
    try { glue.__imagetagScheduleReset(); glue.__imagetagStart(); } catch (_) { /* the next call resets anyway if it can */ }
  }
  const what = oom ? e.message.slice('imagetag: '.length) : \`the WebAssembly module trapped (\${e.name}: \${e.message})\`;
  return new ImageTagError(\`internal error: \${what}; the module has been reset\`, 'internal', { cause: e });
}
function guard(f) {
  const g = function (...args) {
    try { return f.apply(this, args); } catch (e) { throw internalError(e); }
  };
  Object.defineProperty(g, 'name', { value: f.name });
  Object.defineProperty(g, 'length', { value: f.length });
  return g;
}
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
function readsRenderedPart(f, at) {
  const g = function (...args) {
    if (args.length > at) args[at] = renderedText(args[at]);
    return f.apply(this, args);
  };
  Object.defineProperty(g, 'name', { value: f.name });
  Object.defineProperty(g, 'length', { value: f.length });
  return g;
}
const isClass = (f) => /^class\\b/.test(Function.prototype.toString.call(f));
const guarded = (name) => {
  const f = glue[name];
  if (typeof f !== 'function' || isClass(f)) return f;
  return guard(name in TAG_ARGUMENT ? readsRenderedPart(f, TAG_ARGUMENT[name]) : f);
};`;

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
const clientOptions = (options) =>
  options !== null && typeof options === 'object' && typeof options.fetch === 'function'
    ? new Proxy(options, { get: (o, k) => (k === 'fetch' ? acceptingHttpError(o.fetch) : Reflect.get(o, k)) })
    : options;
class ImageTagClient extends glue.ImageTagClient {
  constructor(options) { super(clientOptions(options)); }
}`;

const errorTypes = readFileSync(path.join(root, 'types', 'entry.d.ts'), 'utf8');

// Node.js: CommonJS glue, ready synchronously.
const glue = require(dist('node', 'imagetag.js'));
const names = Object.keys(glue).filter((n) => n !== 'default' && !n.startsWith('__'));
// Hidden exports (not in the .d.ts): the reset hook of the guard and the test-only panic.
const hidden = Object.keys(glue).filter((n) => n.startsWith('__imagetag') && n !== '__imagetagStart');
writeFileSync(
  dist('node', 'index.cjs'),
  `'use strict';
// Entry for require('imagetag') in Node.js: the module is ready synchronously; init() resolves at once.
const glue = require('./imagetag.js');
${errorClass}
${guardCode}
function init() { return Promise.resolve(); }
const guardedExports = {};
${consoleFetchCode}
for (const name of Object.keys(glue)) guardedExports[name] = guarded(name);
module.exports = Object.assign(guardedExports, { ImageTagClient, ImageTagError, init, default: init });
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
${guardCode}
// These local exports take the place of the glue's own (\`export *\` never overrides a local export).
${consoleFetchCode}
export { ImageTagClient };
${[...names, ...hidden]
  .filter((n) => n !== 'ImageTagClient')
  .map((n) => `export const ${n} = guarded('${n}');`)
  .join('\n')}
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
