// The README's examples run: every ```js block that starts with `// example: node` is executed against
// this package (resolved as an installed `imagetag`), and what it prints must be, line by line, the
// `//=> expected` comments of the block, in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, mkdirSync, symlinkSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from './helpers.mjs';
import { startDevserver } from './devserver.mjs';

const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
// `// example: node (devserver)` blocks get a seeded devserver, its URL in IMAGETAG_DEVSERVER_URL.
const blocks = [...readme.matchAll(/```js\n(\/\/ example: node( \(devserver\))?\n[\s\S]*?)```/g)].map((m) => m[1]);

test('the README has runnable examples', () => {
  assert.ok(blocks.length >= 1);
});

blocks.forEach((code, i) => {
  test(`README example ${i + 1} runs and prints what its comments say`, async () => {
    const server = code.startsWith('// example: node (devserver)') ? await startDevserver(['--seed', 'demo']) : null;
    const dir = mkdtempSync(path.join(tmpdir(), 'imagetag-readme-'));
    try {
      mkdirSync(path.join(dir, 'node_modules'));
      symlinkSync(root, path.join(dir, 'node_modules', 'imagetag'));
      const file = path.join(dir, `example${i + 1}.mjs`);
      writeFileSync(file, code);
      const out = execFileSync(process.execPath, [file], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, IMAGETAG_DEVSERVER_URL: server ? server.url : '' },
      });
      const expected = [...code.matchAll(/\/\/=> (.*)$/gm)].map((m) => m[1].replace(/\s+\(.*\)$/, '').trim());
      const printed = out
        .trim()
        .split('\n')
        .map((l) => l.trim());
      assert.ok(expected.length > 0, 'the example says what it prints');
      assert.deepStrictEqual(printed, expected);
    } finally {
      server?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
