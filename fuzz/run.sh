#!/usr/bin/env bash
# Runs every fuzz target (or those named) for SECONDS each (default 60) on
# a nightly toolchain, after seeding the corpora from the test data, and
# prints each target's executions, CPU time and outcome. Exit 1 when a
# target found a crash or hang (its input is in fuzz/artifacts/TARGET/).
#   fuzz/run.sh [SECONDS] [TARGET...]
# A 1-CPU-hour run per target: fuzz/run.sh 3600
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(data_folder model_toml mps scenario demands sweep_results)
fi
./seed.sh
cargo +nightly fuzz build -O
failed=0
for t in "${targets[@]}"; do
  log=$(mktemp)
  # -timeout: one input taking over 10 s is a hang; -rss_limit_mb: over 2 GiB is a failure.
  if cargo +nightly fuzz run -O "$t" "corpus/$t" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 >"$log" 2>&1; then
    outcome=ok
  else
    outcome="FAILED (see fuzz/artifacts/$t/)"
    failed=1
    grep -m1 -A3 "panicked at\|ERROR: libFuzzer" "$log" || true
  fi
  execs=$(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  # libFuzzer's own "Done N runs in S second(s)": the fuzzing time, without the build.
  secs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | grep -o 'in [0-9]*' | grep -o '[0-9]*' || echo "?")
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo "?")
  printf 'fuzz %-14s %8s executions in %4ss (1 CPU), coverage %5s edges, corpus %4s files: %s\n' \
    "$t" "$execs" "$secs" "$cov" "$(ls "corpus/$t" | wc -l)" "$outcome"
  rm -f "$log"
done
exit $failed
