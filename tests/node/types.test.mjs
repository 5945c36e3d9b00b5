// The TypeScript declarations: generated ones match the committed copy (so accidental API changes show),
// contain no `any`, and compile a realistic use under `--strict`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync, symlinkSync, rmSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { root } from './helpers.mjs';

const generated = ['node/imagetag.d.ts', 'node/index.d.ts', 'node/index.d.mts', 'web/imagetag.d.ts', 'web/index.d.ts'];

for (const file of generated) {
  test(`dist/${file} matches the committed types/generated/${file}`, () => {
    const built = readFileSync(path.join(root, 'dist', file), 'utf8');
    const committedPath = path.join(root, 'types', 'generated', file);
    const committed = readFileSync(committedPath, 'utf8');
    assert.equal(
      built,
      committed,
      `the public declarations changed; if that is intended, run: node scripts/package-entries.mjs --update-types`,
    );
  });
}

test('no `any` in the public declarations', () => {
  for (const file of generated) {
    const code = readFileSync(path.join(root, 'dist', file), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    assert.doesNotMatch(code, /\bany\b/, file);
  }
});

test('a strict TypeScript program using the package compiles, and wrong uses do not', () => {
  // resolve 'imagetag' to this repository, as an installed package would be
  const nm = path.join(root, 'tests', 'types', 'node_modules');
  rmSync(nm, { recursive: true, force: true });
  mkdirSync(nm, { recursive: true });
  symlinkSync(root, path.join(nm, 'imagetag'));
  try {
    const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
    assert.ok(existsSync(tsc), 'typescript is installed by scripts/setup.sh');
    execFileSync(tsc, ['-p', path.join(root, 'tests', 'types')], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout || ''}${e.stderr || ''}${e.message}`);
  } finally {
    rmSync(nm, { recursive: true, force: true });
  }
});
