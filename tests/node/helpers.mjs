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
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  };
}
