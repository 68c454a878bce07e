#!/usr/bin/env bash
# Builds the Debian packages tune-tuner, tune-worker and tune-trainer into
# build/packages (deploy/packaging.cmake says what each holds).
#   bash deploy/packages.sh && sudo apt install ./build/packages/*.deb
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
bash "$repo/deploy/build.sh"
cd "$repo/build"
cpack -G DEB -B "$repo/build/packages"
ls -1 "$repo"/build/packages/*.deb
