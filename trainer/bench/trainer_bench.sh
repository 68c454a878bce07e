#!/usr/bin/env bash
# Times cifar10-trainer's default recipe against the same network and recipe
# in PyTorch (trainer/reference/airbench_reference.py) on synthetic
# CIFAR-shaped data, alternating the two, and prints a Markdown table:
# training images per second (epochs only; also leaving out epoch 1) and
# the seconds of a whole run (whitening, epochs and the final TTA
# evaluation). On CUDA both first prime (--prime auto): the one-off costs of
# cuDNN autotuning, graph capture and torch.compile are paid before the
# clock, as in airbench's untimed warm-up, and reported in their own column.
#
#   trainer/bench/trainer_bench.sh                 # CPU: width 16, 5000 images
#   trainer/bench/trainer_bench.sh --device cuda   # GPU: the full recipe
#   options: --trainer PATH (default build/bin/cifar10-trainer)
#            --python PATH (default /usr/bin/python3) --runs N (default 3)
#            --compile (also time the reference under torch.compile)
set -euo pipefail

device=cpu trainer=build/bin/cifar10-trainer python=/usr/bin/python3 runs=3
compile=0
while [ $# -gt 0 ]; do
  case "$1" in
    --device) device="$2"; shift 2 ;;
    --trainer) trainer="$2"; shift 2 ;;
    --python) python="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --compile) compile=1; shift ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
here="$(cd "$(dirname "$0")" && pwd)"
reference="$here/../reference/airbench_reference.py"

if [ "$device" = cuda ]; then
  # airbench94's whole recipe: 50,000 images, 10 epochs, batch 1024.
  shape=(--epochs 10 --batch_size 1024 --width 64)
  train=50000 val=10000 threads=8
else
  shape=(--epochs 2 --batch_size 512 --width 16)
  train=5000 val=1000 threads=2
fi
common=("${shape[@]}" --device "$device" --threads "$threads")

# Prints "images_per_second steady_images_per_second seconds accuracy
# priming_seconds" from a run's output; the steady rate leaves out epoch 1,
# which pays for whatever one-off costs priming left (cuDNN's autotuning,
# graph capture or torch.compile); "-" with one epoch, or without priming.
summarise() {
  awk -v images="$1" '
    /^Epoch / { for (i = 1; i <= NF; ++i) if ($i ~ /^time=/) { t = substr($i, 6); sub(/s$/, "", t) }
                epochs++; if (epochs == 1) t1 = t }
    /^Final / { split($3, a, "="); sub(/,$/, "", a[2]); acc = a[2]; split($5, s, "="); secs = s[2] }
    /^primed in / { primed = $3 }
    END { if (epochs == 0 || t == 0) exit 1
          steady = (epochs > 1 && t > t1) ? sprintf("%.0f", (epochs - 1) * images / (t - t1)) : "-"
          printf "%.0f %s %s %s %s\n", epochs * images / t, steady, secs, acc, primed == "" ? "-" : primed }'
}

# Both print their "primed in" line on stderr.
run_trainer() {
  "$trainer" --dataset synthetic --train-limit "$train" --val-fraction 0 --test-limit "$val" \
    "${common[@]}" 2>&1
}
run_reference() {
  "$python" "$reference" --train-size "$train" --val-size "$val" \
    "${common[@]}" "$@" 2>&1
}

# Images per pass: the trainer drops a last, smaller batch.
batch="${shape[3]}"
images=$(( train / batch * batch ))

declare -A results
variants=(cpp reference)
[ "$compile" = 1 ] && variants+=(reference-compile)
for run in $(seq 1 "$runs"); do
  for variant in "${variants[@]}"; do
    case "$variant" in
      cpp) line=$(run_trainer | summarise "$images") ;;
      reference) line=$(run_reference | summarise "$images") ;;
      reference-compile) line=$(run_reference --compile | summarise "$images") ;;
    esac
    echo "run $run $variant: $line" >&2
    results[$variant]+="$line"$'\n'
  done
done

# median COLUMN VARIANT: the median of one column over a variant's runs.
median() {
  printf '%s' "${results[$2]}" | awk -v c="$1" '{print $c}' | sort -n |
    awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

echo "| implementation | train images/s (median) | after epoch 1 (median) | run seconds (median) | untimed priming seconds (median) | runs |"
echo "|---|---|---|---|---|---|"
for variant in "${variants[@]}"; do
  case "$variant" in
    cpp) name="cifar10-trainer (C++, libtorch)" ;;
    reference) name="PyTorch reference" ;;
    reference-compile) name="PyTorch reference, torch.compile" ;;
  esac
  echo "| $name | $(median 1 "$variant") | $(median 2 "$variant") | $(median 3 "$variant") | $(median 5 "$variant") | $runs |"
done
