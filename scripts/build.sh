#!/usr/bin/env bash
# Builds the npm package: the release .wasm for Node.js (dist/node) and for browsers and bundlers
# (dist/web), their entry points, and a copy of the browser build for the demo page (www/pkg).
# Usage: scripts/build.sh [--dev]   (--dev: debug build, no wasm-opt; never used for the package)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"   # wasm-opt from the npm binaryen package
profile=--release
[ "${1:-}" = "--dev" ] && profile=--dev
if [ "$profile" = --release ] && ! command -v wasm-opt >/dev/null; then
  echo "build: wasm-opt (npm binaryen) missing; run scripts/setup.sh" >&2; exit 1
fi
for target in nodejs web; do
  out=dist/${target/nodejs/node}
  rm -rf "$out"
  wasm-pack build --quiet $profile --no-pack --target "$target" --out-dir "$out" --out-name imagetag >&2
  rm -f "$out/.gitignore"
done
node scripts/package-entries.mjs
rm -rf www/pkg && mkdir -p www/pkg && cp dist/web/* www/pkg/ && cp styles/imagetag-history.css www/pkg/ 2>/dev/null || true
ls -l dist/node/imagetag_bg.wasm dist/web/imagetag_bg.wasm | awk '{print "build: " $NF " " $5 " bytes"}' >&2
