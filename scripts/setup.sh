#!/usr/bin/env bash
# Installs what kubeplay needs on a fresh Debian machine with Rust, skipping what is present.
# Usage: scripts/setup.sh [web] [browser] [fuzz]   (web: wasm target, Trunk, wasm-bindgen, wasm-opt;
#                                                   browser: Debian chromium + chromedriver, Playwright;
#                                                   fuzz: the nightly toolchain and cargo-fuzz)
set -euo pipefail
cd "$(dirname "$0")/.."
want_web=false; want_browser=false; want_fuzz=false
for a in "$@"; do
  case "$a" in web) want_web=true ;; browser) want_web=true; want_browser=true ;; fuzz) want_fuzz=true ;; esac
done

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

if $want_web; then
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(trunk --version 2>/dev/null)" != "trunk 0.21.14" ]; then
    say "installing Trunk 0.21.14 (0.22 needs a newer rustc); a few minutes"
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
      cargo install --locked trunk --version 0.21.14
  fi
  wb=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3; exit}' Cargo.lock)
  if [ -n "$wb" ] && [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wb" ]; then
    say "installing wasm-bindgen-cli $wb (the Cargo.lock version)"
    cargo install --locked wasm-bindgen-cli --version "$wb" || cargo install wasm-bindgen-cli --version "$wb"
  fi
  if [ ! -x web/node_modules/.bin/wasm-opt ] || { $want_browser && { [ ! -d web/node_modules/@playwright/test ] ||
      [ ! -d web/node_modules/@axe-core/playwright ]; }; }; then
    say "installing npm packages in web/ (binaryen's wasm-opt, Playwright without its browser download)"
    (cd web && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
  say "fetching crates for offline Trunk builds"
  cargo fetch --locked >/dev/null
fi

if $want_browser; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Debian's chromium and chromium-driver"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
  fi
fi

if $want_fuzz; then
  if ! rustup toolchain list | grep -q '^nightly'; then
    say "installing the nightly toolchain (cargo-fuzz builds with -Zsanitizer and libFuzzer's coverage flags)"
    rustup toolchain install nightly --profile minimal
  fi
  if [ "$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz 0.13.2" ]; then
    say "installing cargo-fuzz 0.13.2"
    cargo install --locked cargo-fuzz --version 0.13.2
  fi
fi
