// Writes the package's entry points around the wasm-bindgen glue in dist/node (CommonJS, loads the .wasm
// synchronously) and dist/web (ES module, loads the .wasm by URL): every entry re-exports the glue, adds
// `ImageTagError` and a default `init()`. Run by scripts/build.sh after wasm-pack.
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

const errorTypes = readFileSync(path.join(root, 'types', 'entry.d.ts'), 'utf8');

// Node.js: CommonJS glue, ready synchronously.
const glue = require(dist('node', 'imagetag.js'));
const names = Object.keys(glue).filter((n) => n !== 'default' && !n.startsWith('__'));
writeFileSync(dist('node', 'index.cjs'), `'use strict';
// Entry for require('imagetag') in Node.js: the module is ready synchronously; init() resolves at once.
const glue = require('./imagetag.js');
${errorClass}
function init() { return Promise.resolve(); }
module.exports = Object.assign({}, glue, { ImageTagError, init, default: init });
`);
writeFileSync(dist('node', 'index.mjs'), `// Entry for import ... from 'imagetag' in Node.js: the module is ready synchronously; init() resolves at once.
import glue from './index.cjs';
export const { ${names.join(', ')} } = glue;
export const ImageTagError = glue.ImageTagError;
export function init() { return Promise.resolve(); }
export default init;
`);
writeFileSync(dist('node', 'index.d.ts'), `export * from './imagetag';
${errorTypes}`);
const esmTypes = errorTypes.replace("from './imagetag'", "from './imagetag.js'");
writeFileSync(dist('node', 'index.d.mts'), `export * from './imagetag.js';
${esmTypes}`);

// Browsers and bundlers: ES module glue, the .wasm is fetched by URL on init().
writeFileSync(dist('web', 'index.js'), `// Entry for browsers and bundlers: await init() once before any other call.
import wbgInit from './imagetag.js';
export * from './imagetag.js';
${errorClass}
export { ImageTagError };
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
`);
writeFileSync(dist('web', 'index.d.ts'), `export * from './imagetag.js';
${esmTypes.replace('export declare function init(): Promise<void>;', 'export declare function init(input?: RequestInfo | URL | Response | BufferSource | WebAssembly.Module | Promise<Response>): Promise<void>;')}`);
// The raw ABI signatures of InitOutput say `any` (parameters and results); the public declarations say `unknown` instead.
const webGlueTypes = dist('web', 'imagetag.d.ts');
// InitOutput lists the module's raw ABI exports, with compiler-hashed names that change with every build
// path; the public declaration keeps only what a user can rely on.
writeFileSync(webGlueTypes, readFileSync(webGlueTypes, 'utf8')
  .replace(/export interface InitOutput \{[\s\S]*?\n\}/, 'export interface InitOutput {\n    readonly memory: WebAssembly.Memory;\n    readonly [rawExport: string]: unknown;\n}')
  .replace(/(: |=> )any\b/g, '$1unknown'));
// wasm-bindgen declares `[Symbol.dispose](): void` on exported classes (ImageTagClient), which does not
// compile against the common `lib: es2022` (no Symbol.dispose there); `free()` stays declared.
for (const f of [dist('node', 'imagetag.d.ts'), webGlueTypes]) {
  writeFileSync(f, readFileSync(f, 'utf8').replace(/^\s*\[Symbol\.dispose\]\(\): void;\n/gm, ''));
}
writeFileSync(dist('web', 'package.json'), JSON.stringify({ type: 'module' }, null, 2) + '\n');
if (process.argv.includes('--update-types')) {
  const { mkdirSync, copyFileSync } = await import('node:fs');
  mkdirSync(path.join(root, 'types', 'generated'), { recursive: true });
  for (const f of ['node/imagetag.d.ts', 'node/index.d.ts', 'node/index.d.mts', 'web/imagetag.d.ts', 'web/index.d.ts']) {
    copyFileSync(dist(f), path.join(root, 'types', 'generated', f.replace('/', '.')));
  }
  console.error('package-entries: types/generated updated');
}
console.error(`package-entries: ${names.length} exports`);
