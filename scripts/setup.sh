#!/usr/bin/env bash
# Installs everything the build, the tests and the demo need, idempotently.
# Quick when everything is already there. Used by `npm start`, `npm test` and `.ci/run`.
# Usage: scripts/setup.sh [--no-browsers] [--fuzz]   (--fuzz: also the nightly toolchain and cargo-fuzz, for
#        scripts/fuzz.sh; nothing else is installed for fuzzing without it)
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_PACK_VERSION=0.15.1
GECKODRIVER_VERSION=0.37.1
# The wasm-bindgen CLI must match the crate pinned in Cargo.toml exactly.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p; s/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml | head -n1)

want_browsers=1
want_fuzz=0
for arg in "$@"; do
  case "$arg" in
    --no-browsers) want_browsers=0 ;;
    --fuzz) want_fuzz=1 ;;
  esac
done

export PATH="$HOME/.cargo/bin:$PATH"
# (a version check reads the whole output first: `cmd | grep -q` under pipefail fails on SIGPIPE)
has_version() { local out; out=$("$1" --version 2>/dev/null) || return 1; [[ "$out" == *"$2"* ]]; }
log() { printf '[setup] %s\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! has_version wasm-pack "$WASM_PACK_VERSION"; then
  log "installing wasm-pack $WASM_PACK_VERSION (cargo install, about 2 minutes)"
  cargo install --locked --quiet wasm-pack --version "$WASM_PACK_VERSION" || cargo install --quiet wasm-pack --version "$WASM_PACK_VERSION"
fi

if [ -n "$WASM_BINDGEN_VERSION" ] && ! has_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (cargo install)"
  cargo install --locked --quiet --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" || cargo install --quiet --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ "$want_browsers" = 1 ]; then
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v firefox-esr >/dev/null || command -v firefox >/dev/null || missing+=(firefox-esr)
  # WebKit (the engine of Safari): WebKitGTK's WebDriver, run inside a virtual X display (it has no headless mode).
  [ -x /usr/bin/WebKitWebDriver ] || missing+=(webkit2gtk-driver)
  command -v xvfb-run >/dev/null || missing+=(xvfb)
  command -v xauth >/dev/null || missing+=(xauth)   # xvfb-run needs it (only recommended by xvfb)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} from Debian"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if ! has_version geckodriver "$GECKODRIVER_VERSION"; then
    log "installing geckodriver $GECKODRIVER_VERSION (cargo install, about 4 minutes)"
    cargo install --locked --quiet geckodriver --version "$GECKODRIVER_VERSION" || cargo install --quiet geckodriver --version "$GECKODRIVER_VERSION"
  fi
fi

# kubectl for devserver/tests/kubectl.rs (Debian's kubernetes-client; the tests skip where it is missing).
if ! command -v kubectl >/dev/null; then
  log "installing kubernetes-client (kubectl) from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq kubernetes-client >/dev/null || log "kubernetes-client is not available: the kubectl tests will be skipped"
fi

# npm dev dependencies (binaryen's wasm-opt, playwright-core, ...). `npm ci` when the tree is stale.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm dev dependencies"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
fi
if [ "$want_fuzz" = 1 ]; then
  if ! rustup toolchain list | grep -q '^nightly'; then
    log "installing the nightly Rust toolchain (for cargo-fuzz)"
    rustup toolchain install nightly --profile minimal
  fi
  if ! cargo fuzz --version >/dev/null 2>&1; then
    log "installing cargo-fuzz (cargo install, about 3 minutes)"
    cargo install --locked --quiet cargo-fuzz || cargo install --quiet cargo-fuzz
  fi
fi
log "toolchain ready"
