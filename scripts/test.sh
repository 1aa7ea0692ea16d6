#!/usr/bin/env bash
# Runs every kubeplay test: unit and scenario tests (cargo), the contract checks of the
# `kubeplay run` / `kubeplay shell` interfaces (shared cases and our own), and the
# browser tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh browser

echo "== rustfmt and clippy"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== cargo test (native crates; includes the lesson linter, crates/scenario/tests/lint.rs, and
#    crates/cli/tests/lessons.rs: kubeplay check --lesson passes with each solution, fails without)"
cargo test --workspace --exclude kubeplay-web --locked

echo "== contract checks"
cargo build --locked -p kubeplay
checker=../shared/contract
[ -d "$checker" ] || checker=tests/contract
python3 "$checker/check_run.py" target/debug/kubeplay tests/contract/run
python3 "$checker/check_shell.py" target/debug/kubeplay tests/contract/shell
if [ -d ../shared/contract/run ]; then
  python3 "$checker/check_run.py" target/debug/kubeplay ../shared/contract/run
  python3 "$checker/check_shell.py" target/debug/kubeplay ../shared/contract/shell
fi

echo "== fuzzing: every target ~30 s from its seeds and kept crash inputs (fuzz/README.md)"
FUZZ_SEED=1 scripts/fuzz.sh 30

echo "== browser tests"
scripts/build-web.sh
(cd web && npx playwright test)
