#!/usr/bin/env bash
# Installs the dependencies, builds, and runs every test. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/install-deps.sh
deploy/build.sh
ctest --test-dir build -j 2 --output-on-failure
# Again with clang, ASan and UBSan (build-asan/): the fuzz targets, 2,000
# inputs each, then every test but the trainer's.
deploy/sanitize.sh
