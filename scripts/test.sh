#!/usr/bin/env bash
# The one test command (`npm test`, and what .ci/run runs): installs what is missing, builds the release
# package and the devserver, then runs every suite: native (cargo test), browser (the wasm-bindgen tests
# in headless Chromium and Firefox, and in WebKit under Xvfb, each against a devserver of its own), Node.js
# (the built and packed package, its faults in Chromium and WebKit), end to end (the demo page in Chromium,
# its smoke path in WebKit, against the devserver), and the console (the example plugin and the
# bundler matrix in Chromium). Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/imagetag/target}"
export CARGO_TERM_COLOR=never
ART="$ROOT/test-artifacts"
mkdir -p "$ART/logs"

bash scripts/setup.sh || { echo "test: setup failed"; exit 1; }

passed=0; failed=0; broken=()
count() { # suite-name log-file: adds the log's test counts to the totals
  local p f
  p=$(grep -hoE '^test result: (ok|FAILED)\. [0-9]+ passed' "$2" | grep -oE '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
  f=$(grep -hoE '; [0-9]+ failed' "$2" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
  p=$((p + $(grep -hoE '^# pass [0-9]+' "$2" | awk '{s+=$3} END {print s+0}')))
  f=$((f + $(grep -hoE '^# fail [0-9]+' "$2" | awk '{s+=$3} END {print s+0}')))
  passed=$((passed + p)); failed=$((failed + f))
  echo "test: $1: $p passed, $f failed"
}
suite() { # name command...: runs one suite, logs it, counts it; a suite that fails without failing tests counts as one failure
  local name=$1; shift
  local log="$ART/logs/$name.log"
  echo "test: running $name"
  "$@" >"$log" 2>&1
  local rc=$?
  local before=$failed
  count "$name" "$log"
  if [ $rc -ne 0 ]; then
    broken+=("$name")
    [ $failed -eq $before ] && failed=$((failed + 1))
    echo "test: $name exited $rc; last lines of $log:"; tail -n 40 "$log" | sed 's/^/    /'
  fi
}

echo "test: building the release package and the devserver"
bash scripts/build.sh >"$ART/logs/build.log" 2>&1 || { tail -n 40 "$ART/logs/build.log"; echo "0 passed, 1 failed"; exit 1; }
cargo build --profile devserver -p imagetag-devserver >"$ART/logs/build-devserver.log" 2>&1 || { tail -n 40 "$ART/logs/build-devserver.log"; echo "0 passed, 1 failed"; exit 1; }
DEVSERVER="$CARGO_TARGET_DIR/devserver/imagetag-devserver"
export IMAGETAG_DEVSERVER_BIN="$DEVSERVER"   # for the Node and end-to-end suites

suite lint bash scripts/lint.sh
suite native cargo test --workspace --no-fail-fast
# A bounded run of every fuzz target (scripts/fuzz.sh; long runs: fuzz/README.md).
suite fuzz bash scripts/fuzz.sh

# A fresh devserver for each browser suite (the test page is served from the runner's own port, hence CORS).
DEVSERVER_PID=
trap 'kill $DEVSERVER_PID 2>/dev/null' EXIT
# The runner's default 20 s for a whole test file is too short for the hostile-string rendering of
# browser_history.rs in a debug build on a busy machine (about 60 s in WebKit at a load of 19 on 2 cores).
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-300}
browser_test() { # engine test-name: one tests/browser_*.rs in one engine
  if [ "$1" = webkit ]; then
    # wasm-pack test cannot drive WebKit on Linux (its --safari wants macOS's `safaridriver`); the wasm-bindgen
    # test runner can, through WebKitGTK's WebDriver (it says "Safari"), inside a virtual X display.
    SAFARIDRIVER=/usr/bin/WebKitWebDriver CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
      xvfb-run -a cargo test --target wasm32-unknown-unknown --test "$2"
  else
    wasm-pack test --headless "--$1" -- --test "$2"
  fi
}
browser_files() { # engine: every tests/browser_*.rs, one run each, so one failing file hides no other
  local rc=0 f
  for f in tests/browser_*.rs; do
    browser_test "$1" "$(basename "$f" .rs)" || rc=1
  done
  return $rc
}
browser_suite() { # name engine (chrome, firefox, webkit)
  local log="$ART/logs/devserver-$1.log"
  "$DEVSERVER" --listen 127.0.0.1:0 --seed demo --cors-origin '*' >"$log" 2>&1 &
  DEVSERVER_PID=$!
  for _ in $(seq 300); do grep -q '^listening on ' "$log" && break; sleep 0.1; done
  export IMAGETAG_DEVSERVER_URL=$(sed -n 's/^listening on //p' "$log" | head -n1)
  echo "test: devserver for $1 at ${IMAGETAG_DEVSERVER_URL:-<not started>}"
  local start=$SECONDS
  suite "$1" browser_files "$2"
  echo "test: $1 took $((SECONDS - start)) s"
  kill $DEVSERVER_PID 2>/dev/null
}
# One engine after another (each starts its own browser per file; in parallel they would starve each other).
browser_suite browser-chromium chrome
browser_suite browser-firefox firefox
browser_suite browser-webkit webkit

suite node node --test --test-reporter=tap tests/node/
if ls tests/e2e/*.test.mjs >/dev/null 2>&1; then
  suite e2e node --test --test-reporter=tap --test-concurrency=1 tests/e2e/
fi
# The console: the example dynamic plugin loaded as the console loads it, and the bundler matrix, each
# built from the packed tarball (fixtures install once from their package-lock.json, then are reused).
suite console node --test --test-reporter=tap --test-concurrency=1 tests/plugin/ tests/bundlers/

echo
[ ${#broken[@]} -gt 0 ] && echo "test: failing suites: ${broken[*]} (logs in test-artifacts/logs/)"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
