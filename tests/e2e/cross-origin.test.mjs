// Issue 19 §2 in a real browser: a page served from another local port sends what a cross-site page can
// send without a preflight (a no-cors text/plain POST to /simulator/v1/reset, a POST of an untyped Blob
// that would create a tag) to the default devserver (no token). Nothing changes: the seeded data is intact
// in the API and in the data file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openBrowser, startDevserver } from './harness.mjs';

test('a page from another origin cannot change the devserver state', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'imagetag-xorigin-'));
  const data = path.join(dir, 'state.json');
  const server = await startDevserver(['--data', data, '--import-delay', 'manual']);
  const attacker = http.createServer((_, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>elsewhere</title>');
  });
  await new Promise((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  const evil = `http://127.0.0.1:${attacker.address().port}`;
  const { page, close } = await openBrowser();
  try {
    const list = async () =>
      (await (await fetch(`${server.url}/apis/image.openshift.io/v1/namespaces/demo/imagetags`)).json()).items;
    const before = await list();
    const fileBefore = readFileSync(data);
    assert.ok(before.length > 5);
    await page.goto(`${evil}/`);
    const outcomes = await page.evaluate(async (target) => {
      const tag = JSON.stringify({ metadata: { name: 'pwned:latest' }, spec: { name: 'latest' } });
      const tries = [
        fetch(`${target}/simulator/v1/reset`, {
          method: 'POST',
          mode: 'no-cors',
          headers: { 'Content-Type': 'text/plain' },
          body: '{"seed":"empty"}',
        }),
        fetch(`${target}/apis/image.openshift.io/v1/namespaces/demo/imagetags`, {
          method: 'POST',
          mode: 'no-cors',
          body: new Blob([tag]),
        }),
        fetch(`${target}/simulator/v1/reset`, { method: 'POST', mode: 'no-cors', body: new Blob(['{}']) }),
      ];
      return Promise.all(tries.map((p) => p.then((r) => r.type).catch((e) => `rejected: ${e.message}`)));
    }, server.url);
    assert.equal(outcomes.length, 3, JSON.stringify(outcomes));
    assert.deepEqual(await list(), before);
    const pwned = await fetch(`${server.url}/apis/image.openshift.io/v1/namespaces/demo/imagetags/pwned:latest`);
    assert.equal(pwned.status, 404);
    assert.deepEqual(readFileSync(data), fileBefore);
  } finally {
    await close();
    attacker.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
