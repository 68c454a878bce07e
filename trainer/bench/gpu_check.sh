#!/usr/bin/env bash
# Everything a GPU node checks of the trainer, in one command, for short
# sessions on a borrowed GPU. In order of importance, each step logged to
# OUTDIR/<step>.log with one summary line on stdout:
#   info       the GPU and the PyTorch whose libtorch the build uses
#   configure  the trainer alone (TUNE_TRAINER_ONLY) against that libtorch;
#              fails unless CMake found a CUDA libtorch
#   build      cifar10-trainer and its tests
#   cuda-test  the hidden CUDA cases: trainer_torch_test "[cuda]"
#   bench      trainer_bench.sh --device cuda --compile (OUTDIR/bench.md)
#   smoke-*    short synthetic runs on the GPU: fp16 and bf16, graphs on and
#              off, ResNet-18; each must print its final line and learn
#   blog-recipe  --recipe blog at CIFAR-10's size, 3 epochs: time per epoch
#   ctest      the trainer's CPU tests in this build (GPUs hidden; without
#              Gloo's headers, as in PyTorch's wheels, not the Gloo ones)
# Exits 1 if any step failed; later steps still run where they can, until
# --deadline seconds have passed (then the rest are skipped, and the bench
# is cut off at it), so that a session with a time limit gets its logs.
#
#   trainer/bench/gpu_check.sh OUTDIR [--debs DIR] [--runs N] [--python P]
#                              [--deadline SECONDS]
#
# --debs DIR: a node that lacks libabsl-dev, zlib1g-dev or catch2 (a
# non-Debian image) gets them from Debian packages in DIR, unpacked with
# dpkg -x into a prefix under build-gpu/; make DIR on a Debian 12 machine with
#   apt-get download libabsl-dev libabsl20220623 zlib1g-dev zlib1g catch2
set -uo pipefail

if [ $# -lt 1 ] || [ "${1#-}" != "$1" ]; then
  echo "usage: $0 OUTDIR [--debs DIR] [--runs N] [--python P] [--deadline S]" >&2
  exit 2
fi
out="$1"; shift
debs="" runs=3 python=python3 deadline=""
while [ $# -gt 0 ]; do
  case "$1" in
    --debs) debs="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --python) python="$2"; shift 2 ;;
    --deadline) deadline="$2"; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="$root/build-gpu"
mkdir -p "$out"
failed=0

# Seconds left before --deadline (a day without one).
left() { echo $(( ${deadline:-86400} - SECONDS )); }

# step NAME COMMAND...: runs it with its output in OUTDIR/NAME.log.
step() {
  local name="$1"; shift
  local begin=$SECONDS
  if [ "$(left)" -le 0 ]; then
    echo "SKIPPED $name (--deadline passed)"
    failed=1
    return
  fi
  if "$@" >"$out/$name.log" 2>&1; then
    echo "ok     $name ($((SECONDS - begin)) s)"
  else
    echo "FAILED $name ($((SECONDS - begin)) s): tail of $out/$name.log"
    tail -n 15 "$out/$name.log" | sed 's/^/    /'
    failed=1
  fi
}

prefixes="$("$python" -c 'import torch; print(torch.utils.cmake_prefix_path)')"
if [ -n "$debs" ]; then
  scratch="$build/debs-root"
  mkdir -p "$scratch"
  for deb in "$debs"/*.deb; do dpkg -x "$deb" "$scratch"; done
  prefixes="$prefixes;$scratch/usr"
  export CPATH="$scratch/usr/include${CPATH:+:$CPATH}"
  export LD_LIBRARY_PATH="$scratch/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi

command -v nvcc >/dev/null || export PATH="/usr/local/cuda/bin:$PATH"

info() {
  nvidia-smi -L &&
    "$python" -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "gpu", torch.cuda.get_device_name(0))' &&
    nvcc --version | tail -1 &&
    # libtorch's CUDA headers need the toolkit's library headers too.
    ls /usr/local/cuda/include/{cublas_v2.h,cusparse.h,cusolverDn.h} &&
    cmake --version | head -1 && c++ --version | head -1
}

configure() {
  local log rc
  log="$(cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DTUNE_TRAINER_ONLY=ON -DTUNE_BUILD_TESTS=ON \
    -DCMAKE_PREFIX_PATH="$prefixes" \
    -DPython3_EXECUTABLE="$(command -v "$python")" 2>&1)"
  rc=$?
  printf '%s\n' "$log"
  [ "$rc" -eq 0 ] || return 1
  grep -q "trainer: CUDA libtorch" <<<"$log" ||
    { echo "CMake found no CUDA libtorch"; return 1; }
}

trainer="$build/bin/cifar10-trainer"

# smoke EPOCHS EXPECT ARGS...: a short synthetic CUDA run that must finish,
# print EXPECT (a regex; "" for none) and learn (its last epoch's training
# loss below its first's).
smoke() {
  local epochs="$1" expect="$2"; shift 2
  local output
  output="$("$trainer" --device cuda --dataset synthetic --train-limit 10000 \
    --test-limit 2000 --epochs "$epochs" "$@" 2>&1)" || { printf '%s\n' "$output"; return 1; }
  printf '%s\n' "$output"
  if [ -n "$expect" ] && ! grep -q "$expect" <<<"$output"; then
    echo "expected a line matching: $expect"; return 1
  fi
  awk '
    /^Epoch / { for (i = 1; i <= NF; ++i) if ($i ~ /^loss=/) {
                  l = substr($i, 6); sub(/,$/, "", l)
                  if (first == "") first = l; last = l } }
    /^Final / { final = 1 }
    END { if (!final) { print "no final line"; exit 1 }
          if (!(last + 0 < first + 0)) { print "loss did not fall: " first " -> " last; exit 1 }
          print "loss " first " -> " last }' <<<"$output"
}

bench() {
  timeout "$(left)" "$root/trainer/bench/trainer_bench.sh" --device cuda --compile \
    --runs "$runs" --trainer "$trainer" --python "$python" | tee "$out/bench.md"
}

step info info
step configure configure
step build cmake --build "$build" -j "$(nproc)" -- -k 0
if [ -x "$trainer" ]; then
  step cuda-test "$build/trainer/trainer_torch_test" "[cuda]"
  # The numbers first: they are what a short session is for.
  step bench bench
  replaying="CUDA graphs: replaying"
  step smoke-fp16-graphs smoke 4 "$replaying" --precision fp16 --cuda-graphs on
  step smoke-fp16-eager smoke 4 "CUDA graphs: off" --precision fp16 --cuda-graphs off
  step smoke-bf16-graphs smoke 4 "$replaying" --precision bf16 --cuda-graphs on
  step smoke-resnet18 smoke 2 "" --arch resnet18 --width 16
  # The SageMaker blog's recipe at CIFAR-10's size (45,000 training images
  # after the validation split): its seconds per epoch, next to the blog's
  # 3 min 47 s for a whole trial on a V100 (BENCHMARKS.md, issue 17).
  step blog-recipe "$trainer" --device cuda --dataset synthetic --recipe blog \
    --epochs 3
  skip=()
  # PyTorch's wheels ship no Gloo headers, so such a build has no CPU data
  # parallelism to test (README).
  "$python" -c 'import os, torch; raise SystemExit(not os.path.isdir(os.path.join(os.path.dirname(torch.__file__), "include", "gloo")))' ||
    skip+=("Gloo processes")
  # Debian's dataset package is not on a GPU image.
  [ -d /usr/share/datasets/fashion-mnist ] || skip+=("Fashion-MNIST")
  if [ ${#skip[@]} -gt 0 ]; then
    skip=(-E "$(IFS='|'; echo "${skip[*]}")")
  fi
  step ctest env CUDA_VISIBLE_DEVICES= ctest --test-dir "$build" -j 8 \
    --output-on-failure "${skip[@]}"
fi
exit "$failed"
