#!/usr/bin/env bash
# Installs what is missing, builds the playground and serves it on http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh web
scripts/build-web.sh
echo "kubeplay: http://127.0.0.1:8080  (Ctrl-C stops)"
exec python3 scripts/serve.py 8080 dist   # sends the precompressed .br/.gz copies
