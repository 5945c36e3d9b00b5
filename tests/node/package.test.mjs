// The packed tarball, installed into an empty folder, works through import and require (Node.js) and
// through the browser entry; this is also the smoke test of the release (wasm-opt'd) .wasm.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root, examplesDir } from './helpers.mjs';

let dir;
let pkgDir;

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'imagetag-pack-'));
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: root, encoding: 'utf8' });
  const tarball = path.join(dir, out.trim().split('\n').pop());
  const app = path.join(dir, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', '--silent', tarball], { cwd: app });
  pkgDir = path.join(app, 'node_modules', 'imagetag');
});

after(() => rmSync(dir, { recursive: true, force: true }));

const example = () => readFileSync(path.join(examplesDir, '5.1-docker-tracking-three-items.json'), 'utf8');

function run(file, source) {
  const p = path.join(dir, 'app', file);
  writeFileSync(p, source);
  return execFileSync(process.execPath, [p], { cwd: path.join(dir, 'app'), encoding: 'utf8' }).trim();
}

test('the tarball holds the built wasm, its glue, the .d.ts and the stylesheet; nothing else', () => {
  for (const f of [
    'dist/node/index.cjs',
    'dist/node/index.mjs',
    'dist/node/index.d.ts',
    'dist/node/imagetag_bg.wasm',
    'dist/web/index.js',
    'dist/web/index.d.ts',
    'dist/web/imagetag_bg.wasm',
    'package.json',
    'README.md',
  ]) {
    assert.ok(existsSync(path.join(pkgDir, f)), f);
  }
  assert.ok(!existsSync(path.join(pkgDir, 'src')), 'no Rust sources in the package');
});

test('require("imagetag") works with no init step', () => {
  writeFileSync(path.join(dir, 'app', 'tag.json'), example());
  const out = run(
    'cjs.cjs',
    `
    const it = require('imagetag');
    const tag = it.parseImageTag(require('fs').readFileSync(__dirname + '/tag.json', 'utf8'));
    let code; try { it.parseImageTag('nope'); } catch (e) { code = e.code + ':' + (e instanceof it.ImageTagError); }
    console.log(tag.metadata.name, typeof it.default, code);
  `,
  );
  assert.equal(out, 'app:latest function parse:true');
});

test('import ... from "imagetag" works, and `await init()` is harmless', () => {
  const out = run(
    'esm.mjs',
    `
    import init, { parseImageTag, serializeImageTag } from 'imagetag';
    import { readFileSync } from 'node:fs';
    await init();
    const text = readFileSync(new URL('./tag.json', import.meta.url), 'utf8');
    const same = JSON.stringify(JSON.parse(serializeImageTag(parseImageTag(text)))) === JSON.stringify(parseImageTag(JSON.parse(text)));
    console.log(parseImageTag(text).status.items.length, same);
  `,
  );
  assert.equal(out, '3 true');
});

test('the browser entry (imagetag/web) instantiates the release .wasm from bytes', () => {
  const out = run(
    'web.mjs',
    `
    import init, { parseImageTag, ImageTagError } from 'imagetag/web';
    import { readFileSync } from 'node:fs';
    import { createRequire } from 'node:module';
    const require = createRequire(import.meta.url);
    const wasm = readFileSync(require.resolve('imagetag/package.json').replace('package.json', 'dist/web/imagetag_bg.wasm'));
    await init(wasm);
    let ok = false; try { parseImageTag('{'); } catch (e) { ok = e instanceof ImageTagError && e.code === 'parse'; }
    console.log(parseImageTag('{"spec":null}').spec === null, ok);
  `,
  );
  assert.equal(out, 'true true');
});
