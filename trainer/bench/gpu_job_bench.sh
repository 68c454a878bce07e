#!/usr/bin/env bash
# A whole tuning job, not one trial: tunerd, one workerd with one GPU and a
# Bayesian job of N trials of the airbench recipe on synthetic CIFAR-shaped
# data, once per --slots-per-gpu value (trials sharing the GPU). Prints, per
# run, the job's wall time and where the trials' time went, from tunerd's
# trial times and each trial's output.log (job_breakdown.py):
#   other     a trial's wall time less priming and training: process and
#             CUDA start-up, data loading and set-up, the test split's
#             evaluation after the clock, exit
#   priming   the trainer's "primed in" (cuDNN autotuning, graph capture)
#   training  the trainer's "training seconds" (epochs and final evaluation)
#   turnaround slot time outside any trial: the tuner's turnaround between
#             one trial's end and the next one's start, and the job's tail
#   busy      the share of the job's wall time in which at least one trial
#             was training (GPU busy training)
# The goal of issue 17 on one H100/H200: 20 trials in under 90 s, busy for
# at least 70% of it.
#
#   trainer/bench/gpu_job_bench.sh [--trials 20] [--slots "1 3"]
#       [--device cuda|cpu] [--bin DIR] [--trainer PATH] [-- TRAINER_ARGS...]
#
# --bin: tunerd, workerd and tunectl (default build/bin); --trainer: the
# cifar10-trainer to run (default BIN/cifar10-trainer; on a GPU node the
# CUDA build, build-gpu/bin/cifar10-trainer). TRAINER_ARGS go to every
# trial, e.g. "-- --train-limit 2000 --width 8" for a CPU check.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
bin="$repo/build/bin" trainer="" trials=20 slots_list="1 3" device=cuda
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --trials) trials="$2"; shift 2 ;;
    --slots) slots_list="$2"; shift 2 ;;
    --device) device="$2"; shift 2 ;;
    --bin) bin="$2"; shift 2 ;;
    --trainer) trainer="$2"; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
trainer="${trainer:-$bin/cifar10-trainer}"
source "$repo/tuner/bench/bench_tunerd.sh"
python=/usr/bin/python3
[ -x "$python" ] || python=python3

# The spec: airbench's ranges in its own units (cifar10.yaml's), 10 epochs.
write_spec() {  # FILE PARALLEL
  {
    echo "name: gpujob"
    echo "strategy: Bayesian"
    echo "objective_metric_name: Validation-accuracy"
    echo "objective_type: Maximize"
    echo "metric_definitions:"
    echo "  - {Name: Validation-accuracy, Regex: 'Validation accuracy=([0-9\\.]+)'}"
    echo "max_jobs: $trials"
    echo "max_parallel_jobs: $2"
    echo "hyperparameter_ranges:"
    echo "  lr-per-1024: {type: Continuous, min: 5, max: 25, scaling: Logarithmic}"
    echo "  mom: {type: Continuous, min: 0.8, max: 0.9}"
    echo "  wd-per-1024: {type: Continuous, min: 0.005, max: 0.05, scaling: Logarithmic}"
    echo "training:"
    printf '  command: ["%s", "--dataset", "synthetic", "--device", "%s"' \
      "$trainer" "$device"
    for arg in "${extra[@]}"; do printf ', "%s"' "$arg"; done
    echo "]"
    echo "  gpus_per_trial: 1"
    echo "random_seed: 7"
  } >"$1"
}

echo "| slots per GPU | trials | job wall s | other s | priming s | training s | turnaround s | busy training | best |"
echo "|---|---|---|---|---|---|---|---|---|"
for slots in $slots_list; do
  db="$run/s$slots.db" work="$run/work-s$slots"
  start_tunerd "$db"
  TUNE_CONFIG=/nonexistent "$bin/workerd" --tuner "$addr" --gpus 0 \
    --slots-per-gpu "$slots" --work-dir "$work" --allow "$trainer" \
    $([ "$(id -u)" -eq 0 ] && echo --allow-root-trials) \
    >"$run/workerd-s$slots.log" 2>&1 &
  worker_pid=$!
  write_spec "$run/job.yaml" "$slots"
  "$bin/tunectl" --tuner "$addr" create-job "$run/job.yaml" >/dev/null
  "$bin/tunectl" --tuner "$addr" watch gpujob >"$run/watch-s$slots.log" 2>&1 ||
    { tail -20 "$run/watch-s$slots.log"; exit 1; }
  "$bin/tunectl" --tuner "$addr" -o json list-trials gpujob >"$run/trials.json"
  "$python" "$repo/trainer/bench/job_breakdown.py" "$run/trials.json" \
    "$work" "$slots"
  kill -TERM "$worker_pid"; wait "$worker_pid" 2>/dev/null || true
  stop_tunerd
done
