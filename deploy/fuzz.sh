#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/) with clang, AddressSanitizer
# and UBSan into build-asan/ (deploy/sanitize.sh), then runs each from its
# seed corpus:
#   bash deploy/fuzz.sh           the smoke run CI does: 2,000 inputs each
#   bash deploy/fuzz.sh SECONDS   a longer run: SECONDS each
# New inputs go to build-asan/corpus/NAME (the committed seeds stay as they
# are); a crash leaves its input in build-asan/ and fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-}
bash deploy/sanitize.sh --build-only
for seeds in tests/fuzz/corpus/*/; do
  name=$(basename "$seeds")
  work="build-asan/corpus/$name"
  mkdir -p "$work"
  if [ -n "$seconds" ]; then
    limit=(-max_total_time="$seconds")
  else
    limit=(-runs=2000)
  fi
  echo "== $name"
  # No leak checks: LeakSanitizer's tracer spins in containers like CI's.
  (cd build-asan && "tests/fuzz/$name" "${limit[@]}" -max_len=65536 -detect_leaks=0 \
    -print_final_stats=1 "corpus/$name" "../$seeds" 2>&1) |
    grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss|Done [0-9]+ runs)|cov:|ERROR|SUMMARY" |
    tail -4
done
echo "fuzz: every target ran without a crash"
