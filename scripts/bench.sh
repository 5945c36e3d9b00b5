#!/usr/bin/env bash
# `npm run bench`: the benchmark of issue 8 (not a test). Installs what is missing, builds the release package
# when dist/ is missing or older than the sources, then runs bench/run.mjs: imagetag against JS baselines
# (JSON.parse, Ajv, a JS template) in Node.js and headless Chromium; prints the table and writes
# bench/RESULTS.md. Options are environment variables, listed at the top of bench/run.mjs
# (BENCH_QUICK=1, BENCH_RUNS, BENCH_TAGS, BENCH_CHROMIUM=0, ...); BENCH_NO_BUILD=1 uses dist/ as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/imagetag/target}"

bash scripts/setup.sh --no-browsers
if [ "${BENCH_QUICK:-}" != 1 ] && [ "${BENCH_CHROMIUM:-1}" != 0 ] && [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "bench: ${CHROMIUM:-/usr/bin/chromium} missing: run scripts/setup.sh (installs it), or set BENCH_CHROMIUM=0" >&2
  exit 1
fi

wasm=dist/web/imagetag_bg.wasm
if [ "${BENCH_NO_BUILD:-}" != 1 ]; then
  if [ ! -f "$wasm" ] || [ ! -f dist/node/index.mjs ] || \
     [ -n "$(find src types Cargo.toml Cargo.lock scripts/build.sh scripts/package-entries.mjs -newer "$wasm" -print -quit 2>/dev/null)" ]; then
    echo "bench: building the release package (dist/ is missing or older than the sources)" >&2
    bash scripts/build.sh
  fi
fi
exec node bench/run.mjs
