#!/usr/bin/env bash
# Where the bytes of the release .wasm go, by area (our modules, serde, the Rust standard library, ...):
# the evidence behind the size floor in the README ("Size"). Not a test and not part of the bench.
#
# Builds the release module exactly as scripts/build.sh does (same cargo profile and wasm-opt flags), but
# keeps the function names (`wasm-bindgen --keep-debug`, `wasm-opt -g`), then sums twiggy's per-function
# sizes by area. Needs twiggy (`cargo install twiggy`; not installed by setup.sh).
# Usage: scripts/size-breakdown.sh [area...]   (with areas: also lists the 20 largest functions of each)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/imagetag/target}"
command -v twiggy >/dev/null || { echo "size-breakdown: twiggy missing (cargo install twiggy)" >&2; exit 1; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo build --quiet --release --target wasm32-unknown-unknown --lib
wasm-bindgen --target web --keep-debug --out-dir "$out" "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/imagetag.wasm"
# The flags of [package.metadata.wasm-pack.profile.release] in Cargo.toml, plus -g.
flags=$(sed -n 's/^wasm-opt = \[\(.*\)\]/\1/p' Cargo.toml | tr -d '",')
# shellcheck disable=SC2086
wasm-opt $flags -g "$out/imagetag_bg.wasm" -o "$out/named.wasm"
twiggy top -n 1000000 -f csv "$out/named.wasm" >"$out/top.csv"
node - "$out/top.csv" "$@" <<'EOF'
const fs = require('fs');
const [file, ...show] = process.argv.slice(2);
const lines = fs.readFileSync(file, 'utf8').trim().split('\n').slice(1);
// Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent (names may hold commas: parse from the right).
const rows = lines.map((l) => { const p = l.split(','); return { name: p.slice(0, -4).join(','), size: Number(p[p.length - 4]) }; });
const AREAS = [
  ['serde (derived (de)serializers, serde_json, serde-wasm-bindgen)', /serde|Deserialize|Serialize|Visitor|MapAccess|SeqAccess|zmij|lexical/],
  ['Clone / PartialEq of the model', /as core::clone::Clone|PartialEq/],
  ['exports (wasm-bindgen shims with the inlined export bodies)', /shim/],
  ['imagetag::validation', /imagetag::validation/],
  ['imagetag::wasm::client + imagetag::client', /imagetag::(wasm::)?client/],
  ['imagetag::history', /imagetag::history/],
  ['imagetag::wasm (other bindings)', /imagetag::wasm/],
  ['imagetag (model, scan, reference, json, status)', /imagetag::/],
  ['js-sys / wasm-bindgen / web-sys runtime', /js_sys|wasm_bindgen|web_sys|__wbg|__wbindgen/],
  ['Rust core / alloc / std (formatting, strings, sorting, allocator)', /core|alloc|std|dlmalloc|compiler_builtins/],
];
const sections = rows.filter((r) => /section|data segment|headers/.test(r.name));
const code = rows.filter((r) => !sections.includes(r));
const data = sections.filter((r) => /data segment/.test(r.name)).reduce((s, r) => s + r.size, 0);
const total = code.reduce((s, r) => s + r.size, 0) + data;
const by = new Map();
for (const r of code) {
  const area = (AREAS.find(([, re]) => re.test(r.name)) || ['other (unnamed functions)'])[0];
  if (!by.has(area)) by.set(area, []);
  by.get(area).push(r);
}
by.set('static data (.rodata: strings, tables)', [{ name: '.rodata', size: data }]);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`| Area | Bytes (named, -Oz) | Share |\n| --- | ---: | ---: |`);
for (const [area, rs] of [...by].sort((a, b) => b[1].reduce((s, r) => s + r.size, 0) - a[1].reduce((s, r) => s + r.size, 0))) {
  const n = rs.reduce((s, r) => s + r.size, 0);
  console.log(`| ${area} | ${kb(n)} | ${(100 * n / total).toFixed(1)} % |`);
}
console.log(`| total (code + data, without the name section) | ${kb(total)} | 100 % |`);
for (const want of show) {
  const [area, rs] = [...by].find(([a]) => a.includes(want)) || [want, []];
  console.log(`\n${area}:`);
  for (const r of rs.sort((a, b) => b.size - a.size).slice(0, Number(process.env.TOP || 20))) console.log(`  ${String(r.size).padStart(7)}  ${r.name.slice(0, 130)}`);
}
EOF
