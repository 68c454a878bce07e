#!/usr/bin/env bash
# Installs every build, test and run dependency from Debian 12's archive.
# Idempotent: apt-get skips what is already installed.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git curl
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libeigen3-dev liblbfgspp-dev libsqlite3-dev sqlite3
  libboost-dev libboost-filesystem-dev
  libyaml-cpp-dev libre2-dev catch2
  libssl-dev openssl   # TLS: SHA-256 of tokens, certificate checks, make-certs.sh
  clang libclang-rt-14-dev   # deploy/fuzz.sh: libFuzzer, ASan and UBSan
  libspdlog-dev libcli11-dev nlohmann-json3-dev zlib1g-dev
  librsvg2-dev libcairo2-dev   # tunectl plot -o FILE.png
  libtorch-dev libgloo-dev
  dataset-fashion-mnist
  python3-yaml python3-optuna python3-sklearn python3-numpy
  python3-torch   # the trainer benchmark's PyTorch reference
  # The dashboard's browser test: headless Chromium, and a font for its
  # screenshots.
  chromium fonts-dejavu-core
  # The Slurm system test runs a one-host cluster (tests/deploy/slurm_test.sh).
  slurm-wlm munge
  # The package test: cpack's DEB generator (dpkg-shlibdeps) and
  # systemd-analyze verify of the installed units.
  dpkg-dev systemd
)
# The dashboard's front end is built with node and npm: Debian's, unless
# the machine already has both (say, from NodeSource, which conflicts with
# Debian's npm package).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${packages[@]}"
