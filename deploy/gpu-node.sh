#!/usr/bin/env bash
# Builds and installs the CUDA trainer on a GPU node, for a node bootstrap
# (cloud-init, an Ansible task, a Slurm prolog image build) to run once.
# It builds cifar10-trainer alone against the CUDA libtorch of the PyTorch
# that PYTHON sees (pip's torch 2.x ships one), and installs it as
# PREFIX/bin/cifar10-trainer, where workerd's allowlist expects it
# (/etc/tune/workerd.conf: allow = ["/usr/bin/cifar10-trainer"]). The
# tune-worker package (deploy/packages.sh) brings workerd and its unit.
#
#   PYTHON=/opt/venv/bin/python3 PREFIX=/usr sudo -E bash deploy/gpu-node.sh
#
# Needs: cmake, ninja-build, g++, libabsl-dev, zlib1g-dev, a CUDA toolkit
# with nvcc on PATH (libtorch's CMake files ask for it), and for several
# GPUs per trial nccl.h (libnccl-dev or the nvidia-nccl wheel). The node's
# GPUs are checked with a 1-epoch run on synthetic data at the end.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
prefix="${PREFIX:-/usr}"
build="${BUILD_DIR:-$repo/build-gpu}"

for tool in cmake ninja nvcc; do
  command -v "$tool" >/dev/null || { echo "gpu-node.sh: $tool not found" >&2; exit 1; }
done
torch_prefix=$("$python" -c 'import torch; print(torch.utils.cmake_prefix_path)') || {
  echo "gpu-node.sh: $python cannot import torch; set PYTHON to one that can" >&2
  exit 1
}
cuda=$("$python" -c 'import torch; print(torch.version.cuda or "")')
[ -n "$cuda" ] || { echo "gpu-node.sh: $python's torch has no CUDA" >&2; exit 1; }

cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DTUNE_TRAINER_ONLY=ON -DTUNE_BUILD_TESTS=OFF \
  -DPython3_EXECUTABLE="$(command -v "$python")" \
  -DCMAKE_PREFIX_PATH="$torch_prefix"
cmake --build "$build" --target cifar10-trainer
install -D -m 0755 "$build/bin/cifar10-trainer" "$prefix/bin/cifar10-trainer"
echo "gpu-node.sh: installed $prefix/bin/cifar10-trainer (CUDA $cuda)"

# The GPUs work: one short epoch on synthetic CIFAR-shaped data.
"$prefix/bin/cifar10-trainer" --dataset synthetic --epochs 1 \
  --train-limit 2048 --test-limit 512 --device cuda
