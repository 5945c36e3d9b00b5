// The README's quick start, exactly: `npm start` (here with PORT=0 so it cannot collide) prints one URL
// first, and that URL opens the working dashboard on demo data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { ROOT, ARTIFACTS, openBrowser, gotoApp } from './harness.mjs';

test('npm start serves the demo page and the seeded API at the one URL it prints', async () => {
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  };
  try {
    const first = await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`npm start printed no URL within 10 minutes; stderr: ${stderr.slice(-2000)}`)),
        600_000,
      );
      createInterface({ input: child.stdout }).once('line', (line) => {
        clearTimeout(timer);
        resolve(line);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`npm start exited ${code}: ${stderr.slice(-2000)}`));
      });
    });
    const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)\/?$/.exec(first);
    assert.ok(m, `first line is the URL: ${first}`);
    const url = m[1];

    const list = await (await fetch(`${url}/apis/image.openshift.io/v1/imagetags`)).json();
    assert.equal(list.kind, 'ImageTagList');
    assert.ok(list.items.length >= 10, 'demo data is seeded');

    const { page, problems, close } = await openBrowser();
    try {
      await gotoApp(page, url);
      await page.getByText('app:latest', { exact: true }).first().waitFor({ timeout: 20_000 });
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, '00-quickstart.png'), fullPage: false });
      assert.deepStrictEqual(problems, []);
    } finally {
      await close();
    }
  } finally {
    stop();
  }
});
