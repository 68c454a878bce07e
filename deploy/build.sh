#!/usr/bin/env bash
# Configures and builds everything into build/ (binaries in build/bin, the
# dashboard's front end in build/bin/dashboard: CMake runs npm ci and esbuild).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "build.sh: $tool is missing; the dashboard's front end needs node and npm." >&2
    echo "build.sh: run deploy/install-deps.sh (Debian's nodejs and npm)." >&2
    exit 1
  fi
done
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j "$(nproc)"
