#!/usr/bin/env bash
# Runs every cargo-fuzz target of fuzz/ for a bounded number of inputs, one target at a time, seeded with
# the §5 examples (tests/data/examples), fuzz/seeds/<target>/ and any corpus kept from earlier runs.
# Prints cargo's `test result:` line (one "test" per target) so scripts/test.sh counts it.
#
# Usage: scripts/fuzz.sh [--runs N] [--time SECONDS] [target...]
#   --runs N      inputs per target (default 20000: the quick check of `npm test`, under 2 minutes with the build)
#   --time S      run each target for S seconds instead (long fuzzing; see fuzz/README.md)
# A crash leaves its input in fuzz/artifacts/<target>/ and makes the script fail.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
# Fuzz builds (nightly, sanitizer flags) get their own target directory next to the usual one.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/imagetag/target}/fuzz"

runs=20000; time_limit=""; targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --time) time_limit=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -eq 0 ] && targets=(model list reference validate render)

bash scripts/setup.sh --fuzz --no-browsers >&2 || { echo "fuzz: setup failed"; echo "test result: FAILED. 0 passed; 1 failed"; exit 1; }

# No sanitizer (safe Rust; much faster), but debug assertions on: an integer overflow is a crash here.
build_flags=(--sanitizer none --debug-assertions --release)
echo "fuzz: building ${targets[*]}"
if ! (cd fuzz && cargo +nightly fuzz build "${build_flags[@]}" 2>&1 | tail -n 3); then
  echo "test result: FAILED. 0 passed; 1 failed"; exit 1
fi

passed=0; failed=0
for t in "${targets[@]}"; do
  corpus=fuzz/corpus/$t
  mkdir -p "$corpus" "fuzz/artifacts/$t"
  # Seeds: the examples (JSON targets), the committed seeds and crash regressions of this target.
  if [ "$t" != reference ]; then cp -n tests/data/examples/*.json "$corpus"/ 2>/dev/null; fi
  cp -n fuzz/seeds/"$t"/* "$corpus"/ 2>/dev/null
  if [ -n "$time_limit" ]; then limit=(-max_total_time="$time_limit"); else limit=(-runs="$runs" -max_total_time=120); fi
  log=$(mktemp)
  start=$SECONDS
  (cd fuzz && cargo +nightly fuzz run "${build_flags[@]}" "$t" "corpus/$t" -- \
      -dict=json.dict -max_len=65536 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
      -artifact_prefix="artifacts/$t/" "${limit[@]}") >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  if [ $rc -eq 0 ]; then
    passed=$((passed + 1))
    echo "fuzz $t: ok, ${execs:-?} inputs in $((SECONDS - start)) s, corpus $(ls "$corpus" | wc -l)"
  else
    failed=$((failed + 1))
    echo "fuzz $t: FAILED after ${execs:-?} inputs (exit $rc); input in fuzz/artifacts/$t/:"
    grep -E "panicked at|^thread|Test unit written|SUMMARY|ERROR" "$log" | head -n 20 | sed 's/^/    /'
  fi
  rm -f "$log"
done
status=ok; [ $failed -gt 0 ] && status=FAILED
echo "test result: $status. $passed passed; $failed failed"
[ $failed -eq 0 ]
