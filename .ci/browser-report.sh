#!/usr/bin/env bash
# Renders a Vigie report from a fixture and checks it in headless Chromium: no network request,
# key French content present, a screenshot saved (tests/browser/out/report.png).
# Installs Debian's chromium if missing and playwright-core (no browser download) locally.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  apt-get install -y chromium >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y chromium >/dev/null; }
fi
cd tests/browser
if [ ! -d node_modules/playwright-core ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --silent
fi
mkdir -p out
cd ../..
cargo run -q --locked -p vigie-cli -- report "examples/exports/WhatsApp Chat - Ryan.zip" \
  --html tests/browser/out/rapport.html
node tests/browser/report.test.mjs tests/browser/out/rapport.html tests/browser/out/report.png
