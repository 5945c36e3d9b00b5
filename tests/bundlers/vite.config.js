// Vite 8, built and served under a sub-path (`base`). Vite 7 and older need `optimizeDeps: { exclude:
// ['imagetag'] }` for the dev server (their esbuild pre-bundling moves the glue away from its .wasm); Vite 8
// needs nothing.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export default {
  root: path.join(here, 'app'),
  base: '/console/vite/',
  logLevel: 'warn',
  build: { outDir: path.join(here, 'dist', 'vite'), emptyOutDir: true },
};
