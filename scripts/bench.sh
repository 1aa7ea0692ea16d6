#!/usr/bin/env bash
# Runs issue 13's benchmarks and writes their figures to $OUT (default target/bench/results.txt),
# stamped with the date, the commit and the machine. Builds with the bench profile (opt-level 3,
# thin LTO), one build at a time, under `nice` (the machine may be shared).
#   (a) end to end: `kubeplay run --nodes 100 --output json` on 10,000 generated secret + pod
#       pairs (files of 5,000), wall time and peak RSS from /usr/bin/time -v, median of $RUNS;
#       the same with --until 0s (decode, validate, apply, print only); BIG=1 adds 100,000 pairs
#       on 1,000 nodes (one run). The simulation alone: crates/cluster/benches/ten_thousand_pods.rs.
#   (b)–(f): crates/scenario/benches/ten_thousand.rs (one step at 10k, step back 1,000 steps,
#       a secret update fanned out to 10k pods, decode + validate, the UI's view models).
#   (g), only when asked (ONLY="g"): crates/cluster/benches/crash_loop.rs, 10,000 crash-looping
#       pods on 100 nodes for one virtual hour (issue 10's benchmark; one run, about 2 minutes).
# Usage: scripts/bench.sh [RUNS=5] [BIG=1] [ONLY="a b c d e f g"]
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
out=${OUT:-$target/bench/results.txt}
runs=${RUNS:-5}
only=${ONLY:-a b c d e f}
mkdir -p "$(dirname "$out")" "$target/bench/load10k" "$target/bench/load100k"
exec > >(tee "$out") 2>&1

echo "# kubeplay benchmarks"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- crates Cargo.toml Cargo.lock || echo ' (with uncommitted changes)')"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GiB RAM; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "rustc: $(rustc --version)"

has() { [[ " $only " == *" $1 "* ]]; }

nice cargo build --profile bench --locked -p kubeplay 2>&1 | tail -1
bin="$target/release/kubeplay" # the bench profile's output directory is target/release

# One run of the CLI: prints "wall_s rss_mib".
measure() {
  /usr/bin/time -v "$@" >/dev/null 2>"$target/bench/time.txt" || { cat "$target/bench/time.txt"; return 1; }
  awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,t,":"); s=(n==3)?t[1]*3600+t[2]*60+t[3]:t[1]*60+t[2]}
              /Maximum resident/{r=$2/1024} END{printf "%.2f %.0f\n", s, r}' "$target/bench/time.txt"
}
# Median of $runs runs: prints "median wall (min–max), median peak RSS".
median_of() {
  local walls=() rsss=()
  for _ in $(seq "$runs"); do
    read -r w r < <(measure "$@")
    walls+=("$w"); rsss+=("$r")
  done
  python3 -c 'import sys,statistics as s; w=[float(x) for x in sys.argv[1].split()]; r=[float(x) for x in sys.argv[2].split()]
print(f"{s.median(w):.2f} s ({min(w):.2f}–{max(w):.2f} s), peak RSS {s.median(r):.0f} MiB (median of {len(w)})")' "${walls[*]}" "${rsss[*]}"
}

if has a; then
  "$bin" generate --pods 10000 "$target/bench/load10k" >/dev/null
  echo "a.run_json_10k_100_nodes: $(median_of "$bin" run --nodes 100 --output json "$target"/bench/load10k/*.yaml)"
  echo "a.run_json_10k_100_nodes_until_0s: $(median_of "$bin" run --nodes 100 --until 0s --output json "$target"/bench/load10k/*.yaml)"
  if [ "${BIG:-0}" = 1 ]; then
    "$bin" generate --pods 100000 "$target/bench/load100k" >/dev/null
    echo "a.run_json_100k_1000_nodes: $(runs=1 median_of "$bin" run --nodes 1000 --output json "$target"/bench/load100k/*.yaml)"
  fi
  nice cargo bench --locked -p kubeplay-cluster --bench ten_thousand_pods -- nomatch 2>&1 | grep -E 'ten_thousand_pods:|wall|peak' || true
fi
sel=""
for k in b c d e f; do has $k && sel="$sel $k"; done
if [ -n "$sel" ]; then
  nice cargo bench --locked -p kubeplay-scenario --bench ten_thousand -- $sel 2>&1 | grep -E '^[a-z_.0-9]+: ' || true
fi
if has g; then
  nice cargo bench --locked -p kubeplay-cluster --bench crash_loop 2>&1 | grep -E '^(crash_loop:|  )' || true
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
