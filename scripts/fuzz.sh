#!/usr/bin/env bash
# Fuzzes kubeplay's targets (fuzz/README.md), one after another, each for SECONDS (default 30),
# with libFuzzer through cargo-fuzz on the nightly toolchain (scripts/setup.sh fuzz installs it).
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]      (all targets when none is named)
# Each target starts from its seeds (fuzz/seeds/<t>) and the crash inputs kept as regressions
# (fuzz/regressions/<t>), grows fuzz/corpus/<t> (not committed), and prints one summary line:
#   fuzz <target>: <runs> runs in <s> s, <n> crashes
# A crash stops with libFuzzer's report and the input in fuzz/artifacts/<t>/; keep it under
# fuzz/regressions/<t>/ once fixed. FUZZ_NICE (default 19), FUZZ_TARGET_DIR and FUZZ_SEED (libFuzzer's
# -seed; CI fixes it so a run explores the same inputs on every machine) can be set.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh fuzz
seconds=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(manifest console link scenario ops config)
target_dir=${FUZZ_TARGET_DIR:-${CARGO_TARGET_DIR:-target}/fuzz}
fail=0
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t" "fuzz/regressions/$t"
  log=$(mktemp)
  # -s none: kubeplay forbids unsafe code, so no sanitizer is needed; -a: debug assertions and
  # overflow checks on, as in tests. One process (no -jobs/-workers): the machine is shared.
  if nice -n "${FUZZ_NICE:-19}" cargo +nightly fuzz run -s none -a --target-dir "$target_dir" "$t" \
      "fuzz/corpus/$t" "fuzz/seeds/$t" "fuzz/regressions/$t" -- \
      -dict=fuzz/yaml-kubectl.dict -max_total_time="$seconds" -timeout=10 -rss_limit_mb=3072 \
      -artifact_prefix="fuzz/artifacts/$t/" -print_final_stats=1 ${FUZZ_SEED:+-seed="$FUZZ_SEED"} >"$log" 2>&1; then
    crashes=0
  else
    crashes=1; fail=1
    tail -40 "$log"
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
  echo "fuzz $t: ${runs:-0} runs in ${secs:-$seconds} s, $crashes crashes"
  rm -f "$log"
done
exit $fail
