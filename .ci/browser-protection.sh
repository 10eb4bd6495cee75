#!/usr/bin/env bash
# The photo-protection page (web/protection, docs/protection.md):
#  1. the committed WebAssembly files are exactly what the sources build (rebuilt in a scratch
#     directory, compared byte for byte);
#  2. in headless Chromium, from file:// and over HTTP with the CSP header, the page's hashes of
#     the 49 reference images equal `vigie hash` (EXIF orientation applied and ignored), the page
#     makes no request outside its folder, and its CSV/JSONL exports go through
#     `vigie lists import` and `vigie match`; prints load time and 12 MP timings.
# Cost on 2 idle cores: wasm-bindgen-cli install ≈ 2.5 min the first time on a machine, the
# WebAssembly release build ≈ 1.5 min, the browser test ≈ 30 s.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

bash web/protection/build.sh "$scratch/pkg"
for f in vigie_phash_wasm.js vigie_phash_wasm_bg.js; do
  if ! cmp -s "web/protection/pkg/$f" "$scratch/pkg/$f"; then
    echo "web/protection/pkg/$f is not what the sources build: run web/protection/build.sh and commit" >&2
    exit 1
  fi
done
echo "web/protection/pkg: the committed files are byte-identical to a rebuild"

vectors=../shared/data/pdq-vectors
if [ ! -d "$vectors/images" ]; then
  echo "skipped the browser test: $vectors not found"
  exit 0
fi
if [ ! -x /usr/bin/chromium ]; then
  apt-get install -y chromium >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y chromium >/dev/null; }
fi
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  (cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --silent)
fi
cargo build -q --locked -p vigie-cli
target=${CARGO_TARGET_DIR:-target}
mkdir -p tests/browser/out
node tests/browser/protection.test.mjs --vigie "$target/debug/vigie" --vectors "$vectors" \
  --out tests/browser/out/protection
