#!/usr/bin/env bash
# How much training the stopping rules save, through the real daemons:
# the same 30-trial job (tests/scripts/fake_trainer.py, 27 epochs whose
# score rises linearly to the trial's final value) run with Random, Random
# with Auto early stopping (the median rule), Hyperband (Random and
# Bayesian designers) and Bayesian; prints epochs trained and the best
# objective of each as a markdown table.
#
#   tuner/bench/early_stopping_bench.sh [--build DIR] [--seeds N]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=$repo/build
seeds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$(cd "$2" && pwd); shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    *) echo "usage: $0 [--build DIR] [--seeds N]" >&2; exit 2 ;;
  esac
done
bin=$build/bin
run=$(mktemp -d)
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$run"; }
pids=()
trap cleanup EXIT

"$bin/tunerd" --listen 127.0.0.1:0 --db "$run/tune.db" --dashboard off \
  >"$run/tunerd.log" 2>&1 &
pids+=($!)
addr=""
for _ in $(seq 1 300); do
  addr=$(sed -n 's/^tunerd listening on //p' "$run/tunerd.log")
  [ -n "$addr" ] && break
  sleep 0.1
done
[ -n "$addr" ] || { cat "$run/tunerd.log"; exit 1; }
root_flag=()
if [ "$(id -u)" -eq 0 ]; then root_flag=(--allow-root-trials); fi
"$bin/workerd" --tuner "$addr" --slots 2 --work-dir "$run/work" \
  --allow "$(command -v python3)" "${root_flag[@]}" >"$run/workerd.log" 2>&1 &
pids+=($!)
export TUNE_ADDR=$addr

spec() {  # name strategy extra seed
  cat <<SPEC
name: $1
strategy: $2
objective_metric_name: score
objective_type: Maximize
metric_definitions:
  - {Name: score, Regex: 'score=(-?[0-9\.]+)'}
max_jobs: 30
max_parallel_jobs: 2
hyperparameter_ranges:
  x:    {type: Continuous, min: 0.0, max: 1.0}
  y:    {type: Integer, min: 1, max: 9}
  kind: {type: Categorical, values: [a, b, c]}
static_hyperparameters:
  epochs: 27
training:
  command: [python3, $repo/tests/scripts/fake_trainer.py]
random_seed: $4
$3
SPEC
}

variants=(
  "random|Random|"
  "random-auto|Random|early_stopping_type: Auto"
  "hyperband-random|Hyperband|strategy_config: {hyperband: {designer: Random}}"
  "hyperband-gp|Hyperband|strategy_config: {hyperband: {designer: Bayesian}}"
  "bayesian|Bayesian|"
)
echo "| variant | seed | trials stopped | epochs trained (of 810) | best objective |"
echo "|---|---|---|---|---|"
for seed in $(seq 1 "$seeds"); do
  for variant in "${variants[@]}"; do
    IFS='|' read -r label strategy extra <<<"$variant"
    name="$label-$seed"
    spec "$name" "$strategy" "$extra" "$seed" >"$run/$name.yaml"
    "$bin/tunectl" create-job "$run/$name.yaml" >/dev/null
    "$bin/tunectl" watch "$name" >/dev/null || true
    ids=$("$bin/tunectl" -o json list-trials "$name" |
      /usr/bin/python3 -c 'import json,sys; print(" ".join(t["id"] for t in json.load(sys.stdin).get("trials", [])))')
    epochs=0
    stopped=0
    for id in $ids; do
      read -r steps state < <("$bin/tunectl" -o json describe-trial "$id" |
        /usr/bin/python3 -c 'import json,sys
d = json.load(sys.stdin)
steps = max([int(p["step"]) for m in d.get("metrics", []) if m["metric"] == "score" for p in m["points"]] or [0])
print(steps, d["trial"]["state"])')
      epochs=$((epochs + steps))
      [ "$state" = "TRIAL_STOPPED" ] && stopped=$((stopped + 1))
    done
    best=$("$bin/tunectl" -o json describe-job "$name" |
      /usr/bin/python3 -c 'import json,sys; j=json.load(sys.stdin)["job"]; print(round(j.get("best_trial",{}).get("objective",0), 4))')
    echo "| $label | $seed | $stopped | $epochs | $best |"
  done
done
