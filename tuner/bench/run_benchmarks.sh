#!/usr/bin/env bash
# Runs the whole benchmark: tune_bench (random, sobol, gp), the Optuna peer
# (TPE, and TPE multivariate) on the same tasks and seeds, and the speed
# table; merges the results into one markdown table per task.
#
#   tuner/bench/run_benchmarks.sh [--build DIR] [--out DIR] [--seeds N]
#                                 [--sklearn-seeds N] [--tasks a,b,...]
#                                 [--no-speed]
#
# Builds nothing: expects DIR (default build/) to hold
# tuner/bench/tune_bench already. Writes tune_bench.json, optuna.json,
# their tables, and results.md (the merged tables, then the speed table)
# into the --out folder (default DIR/bench-results) and prints results.md.
# Runs from anywhere; relative paths are taken from the repository root.
# --seeds applies to every task but svc-breast-cancer, which gets
# --sklearn-seeds (default 5: each of its evaluations is a 3-fold CV).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"

build=build
out=
seeds=20
sklearn_seeds=5
tasks=
speed=1
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --sklearn-seeds) sklearn_seeds=$2; shift 2 ;;
    --tasks) tasks=$2; shift 2 ;;
    --no-speed) speed=0; shift ;;
    *) echo "run_benchmarks.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

bench="$build/tuner/bench/tune_bench"
python=/usr/bin/python3
export PYTHONDONTWRITEBYTECODE=1
if [ ! -x "$bench" ]; then
  echo "run_benchmarks.sh: $bench not found; build it first:" >&2
  echo "  cmake --build $build --target tune_bench" >&2
  exit 1
fi
if [ -z "$out" ]; then out="$build/bench-results"; fi
mkdir -p "$out"

task_args=()
if [ -n "$tasks" ]; then task_args=(--tasks "$tasks"); fi

start=$(date +%s)
"$bench" "${task_args[@]}" --seeds "$seeds" --sklearn-seeds "$sklearn_seeds" \
  --json "$out/tune_bench.json" > "$out/tune_bench.md"
"$python" tuner/bench/optuna_peer.py "${task_args[@]}" --seeds "$seeds" \
  --sklearn-seeds "$sklearn_seeds" --json "$out/optuna.json" > "$out/optuna.md"
{
  echo "## Sample efficiency ($seeds seeds; svc-breast-cancer $sklearn_seeds seeds)"
  echo
  "$python" tuner/bench/merge_tables.py "$out/tune_bench.json" "$out/optuna.json"
  if [ "$speed" = 1 ]; then
    echo "## Speed"
    echo
    "$bench" --speed
  fi
  echo "Run took $(( $(date +%s) - start )) s on $(nproc) cores" \
       "($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))," \
       "$(date -u +%Y-%m-%d)."
} > "$out/results.md"
cat "$out/results.md"
