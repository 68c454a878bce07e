#!/usr/bin/env bash
# The clang build with AddressSanitizer and UBSan (build-asan/): the
# daemons, the unit and system tests and the libFuzzer targets, everything
# instrumented. No trainer: libtorch is not instrumented, and the trainer
# has its own tests in the main build.
#   bash deploy/sanitize.sh                build, fuzz smoke run, every test
#   bash deploy/sanitize.sh REGEX          build, only the tests matching REGEX
#   bash deploy/sanitize.sh --build-only   build (deploy/fuzz.sh uses it)
# Every process a test starts (tunerd, workerd, tunectl) writes its
# sanitizer report to build-asan/sanitizer-logs/; the run fails if any
# report exists, so an error in a daemon fails the run even where the test
# did not notice.
set -euo pipefail
cd "$(dirname "$0")/.."
build_only=false
if [ "${1:-}" = --build-only ]; then build_only=true; shift; fi
CC=clang CXX=clang++ cmake -S . -B build-asan -G Ninja \
  -DCMAKE_BUILD_TYPE=Sanitize -DTUNE_SANITIZE=ON -DTUNE_FUZZ=ON \
  -DTUNE_BUILD_TESTS=ON -DTUNE_BUILD_TRAINER=OFF -DTUNE_BUILD_DASHBOARD_WEB=ON \
  >/dev/null
cmake --build build-asan
$build_only && exit 0
regex=${1:-}
[ -z "$regex" ] && bash deploy/fuzz.sh
logs="$PWD/build-asan/sanitizer-logs"
rm -rf "$logs" && mkdir -p "$logs"
# No leak checks: LeakSanitizer's tracer spins in containers like CI's.
export ASAN_OPTIONS="detect_leaks=0:log_path=$logs/asan"
export UBSAN_OPTIONS="print_stacktrace=1:log_path=$logs/ubsan"
status=0
ctest --test-dir build-asan -j 2 --output-on-failure ${regex:+-R "$regex"} ||
  status=$?
if compgen -G "$logs/*" >/dev/null; then
  echo "sanitizer reports:"
  for report in "$logs"/*; do echo "== $report"; head -60 "$report"; done
  exit 1
fi
[ "$status" -eq 0 ] && echo "sanitize: every test passed with ASan and UBSan, no reports"
exit "$status"
