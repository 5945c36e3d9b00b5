#!/usr/bin/env bash
# The demo (`npm start`): installs what is missing, builds the package and the devserver (each only when
# out of date), and serves the demo page and a local imagetags API seeded with demo data at one URL,
# printed first on standard output (`listening on http://127.0.0.1:8080`).
# Environment: PORT (default 8080; 0 picks a free port), DEVSERVER_ARGS (extra devserver flags, e.g.
# "--upstream https://api.cluster.example:6443" or "--data demo-state.json").
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh --no-browsers >&2
stale=$(find src types styles scripts/build.sh scripts/package-entries.mjs Cargo.toml Cargo.lock package.json \
  -newer dist/web/imagetag_bg.wasm 2>/dev/null | head -n1 || true)
if [ ! -f dist/web/imagetag_bg.wasm ] || [ ! -f www/pkg/index.js ] || [ -n "$stale" ]; then
  echo "start: building the package" >&2
  bash scripts/build.sh >&2
fi
cargo build --quiet --profile devserver -p imagetag-devserver >&2
target="${CARGO_TARGET_DIR:-$PWD/target}"
# shellcheck disable=SC2086
exec "$target/devserver/imagetag-devserver" --listen "127.0.0.1:${PORT:-8080}" --www www --seed demo ${DEVSERVER_ARGS:-}
