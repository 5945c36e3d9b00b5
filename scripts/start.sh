#!/usr/bin/env bash
# The demo (`npm start`): installs what is missing, builds the package and the devserver, and serves the
# demo page and a local imagetags API (seeded with demo data) at one URL, printed first.
# Environment: PORT (default 8080), DEVSERVER_ARGS (extra devserver flags, e.g. "--upstream URL").
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh --no-browsers >&2
bash scripts/build.sh >&2
cargo build --quiet --profile devserver -p imagetag-devserver >&2
target="${CARGO_TARGET_DIR:-$PWD/target}"
exec "$target/devserver/imagetag-devserver" --listen "127.0.0.1:${PORT:-8080}" --www www --seed demo ${DEVSERVER_ARGS:-}
