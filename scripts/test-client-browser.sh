#!/usr/bin/env bash
# Runs tests/browser_client.rs in headless Chromium against a devserver started here.
# Usage: scripts/test-client-browser.sh [--firefox] [TEST_NAME_FILTER]
#   the devserver: cargo build -p imagetag-devserver, or $DEVSERVER_BIN.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

browser=--chrome
filter=()
for a in "$@"; do
  case "$a" in
    --firefox) browser=--firefox ;;
    -*) echo "unknown option $a" >&2; exit 2 ;;
    *) filter+=("$a") ;;
  esac
done

out=$(mktemp)
# DEVSERVER_BIN: a devserver binary built elsewhere (e.g. another worktree); default: build this one.
bin=${DEVSERVER_BIN:-}
if [ -z "$bin" ]; then
  cargo build --quiet -p imagetag-devserver
  bin="${CARGO_TARGET_DIR:-target}/debug/imagetag-devserver"
fi
"$bin" --listen 127.0.0.1:0 --seed demo --cors-origin '*' >"$out" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; [ -n "${KEEP_SERVER_LOG:-}" ] && cp "$out" "$KEEP_SERVER_LOG"; rm -f "$out"' EXIT

url=
for _ in $(seq 1 100); do
  url=$(sed -n '1s/^listening on //p' "$out")
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "the devserver did not start; its output:" >&2
  cat "$out" >&2
  exit 1
fi
echo "[test-client-browser] devserver at $url" >&2
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-180} IMAGETAG_DEVSERVER_URL="$url"
if [ ${#filter[@]} -eq 0 ]; then
  wasm-pack test --headless "$browser" -- --test browser_client
else
  # A name filter: what wasm-pack runs, by hand (wasm-pack would also hand the filter to `cargo build`).
  if [ "$browser" = --chrome ]; then export CHROMEDRIVER=${CHROMEDRIVER:-$(command -v chromedriver)}; else export GECKODRIVER=${GECKODRIVER:-$(command -v geckodriver)}; fi
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner WASM_BINDGEN_TEST_ONLY_WEB=1 \
    cargo test --target wasm32-unknown-unknown --test browser_client -- "${filter[@]}"
fi
