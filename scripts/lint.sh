#!/usr/bin/env bash
# The format and lint gates (a suite of `npm test`; run alone before committing):
# rustfmt, clippy -D warnings natively and for wasm32 (every target), Biome on the JavaScript and
# TypeScript of www/, bench/, tests/, scripts/ and examples/, and tsc --checkJs on the demo page.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
rc=0
gate() { # name command...
  local name=$1; shift
  echo "lint: $name"
  if "$@"; then echo "lint: $name ok"; else echo "lint: $name FAILED"; rc=1; fi
}
gate rustfmt cargo fmt --all --check
gate rustfmt-fuzz bash -c 'cd fuzz && cargo fmt --check'
gate clippy-native cargo clippy --workspace --all-targets --quiet -- -D warnings
gate clippy-wasm32 cargo clippy -p imagetag --all-targets --target wasm32-unknown-unknown --quiet -- -D warnings
gate biome biome check .
if [ -f www/tsconfig.json ]; then gate tsc-www tsc -p www/tsconfig.json; fi
exit $rc
