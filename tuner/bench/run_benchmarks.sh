#!/usr/bin/env bash
# Runs the whole benchmark: tune_bench (random, sobol, gp), the Optuna peer
# (TPE, and TPE multivariate) on the same tasks and seeds, the BoTorch peer
# where a Python with BoTorch is found (on --botorch-tasks, default --tasks
# or else branin,hartmann6; skipped with a message otherwise), and the speed
# table; merges the results into one markdown table per task. Tasks with a
# deceptive basin (tasks.json's global_below) get a "global basin" column:
# the seeds that reached the global one.
#
#   tuner/bench/run_benchmarks.sh [--build DIR] [--out DIR] [--seeds N]
#                                 [--sklearn-seeds N] [--tasks a,b,...]
#                                 [--botorch-python PY] [--botorch-tasks a,b]
#                                 [--no-speed]
#
# Builds nothing: expects DIR (default build/) to hold
# tuner/bench/tune_bench already. Writes tune_bench.json, optuna.json,
# botorch.json (when BoTorch ran), their tables (.md), and results.md (the
# merged tables, then the speed table) into the --out folder (default
# DIR/bench-results) and prints results.md. A BoTorch peer that fails is
# reported and left out; the rest of the run stands.
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
botorch_python=python3
botorch_tasks=
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --sklearn-seeds) sklearn_seeds=$2; shift 2 ;;
    --tasks) tasks=$2; shift 2 ;;
    --no-speed) speed=0; shift ;;
    --botorch-python) botorch_python=$2; shift 2 ;;
    --botorch-tasks) botorch_tasks=$2; shift 2 ;;
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
peers=("$out/optuna.json")
if [ -z "$botorch_tasks" ]; then botorch_tasks=${tasks:-branin,hartmann6}; fi
rm -f "$out/botorch.json"
# Exits 0 without a JSON file when BoTorch cannot be imported.
if ! "$botorch_python" tuner/bench/botorch_peer.py --tasks "$botorch_tasks" \
     --seeds "$seeds" --json "$out/botorch.json" > "$out/botorch.md"; then
  echo "run_benchmarks.sh: the BoTorch peer failed; left out" >&2
  rm -f "$out/botorch.json"
fi
if [ -f "$out/botorch.json" ]; then peers+=("$out/botorch.json"); fi
{
  echo "## Sample efficiency ($seeds seeds; svc-breast-cancer $sklearn_seeds seeds)"
  echo
  "$python" tuner/bench/merge_tables.py "$out/tune_bench.json" "${peers[@]}"
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
