// Shared helpers of the Node test suites.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const examplesDir = path.join(root, 'tests', 'data', 'examples');

/** The §5 example documents: [{ file, text, json }]. */
export function examples() {
  return readdirSync(examplesDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const text = readFileSync(path.join(examplesDir, file), 'utf8');
      return { file, text, json: JSON.parse(text) };
    });
}

/**
 * Chromium launch options that work as root on a machine without network (toolchain.md). Playwright's
 * `launch()` gives every run a fresh, empty profile of its own (no --user-data-dir needed).
 */
export function chromiumOptions() {
  return {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  };
}

/**
 * Serves the released browser build (dist/web) on a free loopback port, with an empty page titled `title`
 * at `/` from which `import('/index.js')` loads it. Resolves to { base, close() }.
 */
export async function serveDistWeb(title) {
  const { createServer } = await import('node:http');
  const { readFile } = await import('node:fs/promises');
  const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(
        `<!doctype html><meta charset="utf-8"><title>${title}</title><link rel="icon" href="data:,"><p>${title}</p>`,
      );
    }
    const file = path.join(root, 'dist', 'web', path.basename(url.pathname));
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}
