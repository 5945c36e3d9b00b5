// Screenshots of the demo page for review (test-artifacts/screenshots/demo-*.png): the list and a tag with a
// long history at 390 px (a phone), at 1600 px, and in dark mode; each page fits its width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startDevserver, openBrowser, gotoApp, ROOT } from './harness.mjs';

const OUT = path.join(ROOT, 'test-artifacts', 'screenshots');
let server;

before(async () => {
  server = await startDevserver();
  mkdirSync(OUT, { recursive: true });
});

after(async () => {
  await server?.stop();
});

const SIZES = [
  ['390', { width: 390, height: 844 }],
  ['1600', { width: 1600, height: 1000 }],
  ['dark', { width: 1280, height: 900, colorScheme: 'dark' }],
];

for (const [label, options] of SIZES) {
  test(`screenshots at ${label}`, async () => {
    const b = await openBrowser(options);
    try {
      const { page } = b;
      page.setDefaultTimeout(15000);
      await gotoApp(page, server.url, '#/');
      await page.waitForSelector('table.tags tbody tr');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `the list fits ${label} (${overflow}px over)`);
      await page.screenshot({ path: path.join(OUT, `demo-list-${label}.png`), fullPage: true });
      await gotoApp(page, server.url, `#/tag/shop/${encodeURIComponent('cart:latest')}`);
      await page.waitForSelector('.view-tag[data-fresh="true"]');
      await page.screenshot({ path: path.join(OUT, `demo-tag-${label}.png`), fullPage: true });
      if (options.colorScheme === 'dark') {
        const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        assert.notEqual(bg, 'rgb(255, 255, 255)', 'the page follows the dark scheme');
      }
      assert.deepEqual(b.problems, []);
    } finally {
      await b.close();
    }
  });
}
