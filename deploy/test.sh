#!/usr/bin/env bash
# Installs the dependencies, builds, and runs every test. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/install-deps.sh
deploy/build.sh
# The fuzz targets, built with clang, ASan and UBSan: 2,000 inputs each.
deploy/fuzz.sh
ctest --test-dir build -j 2 --output-on-failure
