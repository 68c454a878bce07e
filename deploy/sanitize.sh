#!/usr/bin/env bash
# Builds the daemons and the tests with clang, AddressSanitizer and UBSan into
# build-asan/ (no trainer: libtorch is not instrumented and the trainer has
# its own tests), then runs the unit and system tests there:
#   bash deploy/sanitize.sh           build and run every test
#   bash deploy/sanitize.sh REGEX     only the tests that match REGEX
# Every process a test starts (tunerd, workerd, tunectl) writes its sanitizer
# report to build-asan/sanitizer-logs/; the run fails if any report exists,
# so an error in a daemon fails the run even where the test did not notice.
set -euo pipefail
cd "$(dirname "$0")/.."
CC=clang CXX=clang++ cmake -S . -B build-asan -G Ninja \
  -DCMAKE_BUILD_TYPE=Sanitize -DTUNE_SANITIZE=ON -DTUNE_BUILD_TESTS=ON \
  -DTUNE_BUILD_TRAINER=OFF -DTUNE_BUILD_DASHBOARD_WEB=OFF >/dev/null
cmake --build build-asan
logs="$PWD/build-asan/sanitizer-logs"
rm -rf "$logs" && mkdir -p "$logs"
# No leak checks: LeakSanitizer's tracer spins in containers like CI's.
export ASAN_OPTIONS="detect_leaks=0:log_path=$logs/asan:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:log_path=$logs/ubsan"
status=0
ctest --test-dir build-asan -j 2 --output-on-failure ${1:+-R "$1"} || status=$?
if compgen -G "$logs/*" >/dev/null; then
  echo "sanitizer reports:"
  for report in "$logs"/*; do echo "== $report"; head -60 "$report"; done
  exit 1
fi
exit "$status"
