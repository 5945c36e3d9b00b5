#!/usr/bin/env bash
# Screenshots of the tag-history renderings in headless Chromium.
# Writes the pages with `cargo run --example history_pages` (into test-artifacts/history/), then one PNG per
# page into test-artifacts/screenshots/ (gitignored). `--readme` also refreshes docs/history.png.
# `--demo`: instead, the demo page (list and a tag at 390 px, 1600 px and in dark mode) by
# tests/e2e/screenshots.test.mjs, which needs the built package (www/pkg) and the devserver binary
# (scripts/test.sh builds both); the dark list is copied to docs/demo-dark.png (shown in www/README.md).
# Usage: scripts/screenshots.sh [--readme | --demo]
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
if [ -z "$CHROMIUM" ]; then
  echo "[screenshots] chromium not found (scripts/setup.sh installs it)" >&2
  exit 1
fi

if [ "${1:-}" = "--demo" ]; then
  node --test --test-reporter=spec tests/e2e/screenshots.test.mjs
  mkdir -p docs && cp test-artifacts/screenshots/demo-list-dark.png docs/demo-dark.png
  ls test-artifacts/screenshots/demo-*.png | sed 's/^/[screenshots] /'
  exit 0
fi

cargo run --quiet --example history_pages >/dev/null
mkdir -p test-artifacts/screenshots
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

shoot() { # file.html|svg out.png WxH
  "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --window-size="$3" --screenshot="$2" "file://$PWD/$1" >/dev/null 2>&1
  echo "[screenshots] $2"
}

for f in test-artifacts/history/*.html test-artifacts/history/*.svg; do
  base=$(basename "$f")
  shoot "$f" "test-artifacts/screenshots/${base%.*}-${base##*.}.png" 1000,700
done

if [ "${1:-}" = "--readme" ]; then
  mkdir -p docs
  shoot test-artifacts/history/all.html docs/history.png 1000,1400
fi
