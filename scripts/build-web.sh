#!/usr/bin/env bash
# Builds the web app into dist/ (release: size-optimised, wasm-opt from npm binaryen),
# then moves Trunk's inline loader into dist/loader.js so the CSP needs no inline script, and
# writes precompressed .br/.gz copies beside each file (scripts/precompress.js, served by scripts/serve.py).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/web/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build --release --offline --locked >/dev/null
python3 scripts/extract-loader.py dist/index.html
raw=$(stat -c %s dist/*.wasm); gz=$(gzip -9 -c dist/*.wasm | wc -c)
echo "web app built: dist/ (wasm ${raw} bytes raw, ${gz} bytes gzip)"
node scripts/precompress.js dist
