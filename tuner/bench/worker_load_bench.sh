#!/usr/bin/env bash
# The tuner under a fleet of fake workers (tune_worker_load: instant trials,
# heartbeats as workerd sends them), one fresh tunerd and SQLite file per
# scenario. A scenario is WORKERS:TRIALS:POINTS:STRATEGY; the defaults are
# the issue-14 table. STRATEGY AskTell is one ask/tell client (Random, no
# workers) instead of the fleet. Prints one line per scenario: the load generator's
# results, tunerd's CPU seconds and peak RSS, trials failed (a lost lease
# fails a trial), and whether every point sent was stored.
#   bash tuner/bench/worker_load_bench.sh [SCENARIO...]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
bin="$repo/build/bin"
load="$repo/build/tuner/bench/tune_worker_load"
source "$repo/tuner/bench/load_spec.sh"
source "$repo/tuner/bench/bench_tunerd.sh"
scenarios=("$@")
if [ ${#scenarios[@]} -eq 0 ]; then
  scenarios=(100:3000:10:Random 100:1000:200:Random 500:3000:10:Random
             1000:3000:10:Random 100:600:10:Bayesian 0:2000:10:AskTell)
fi
ticks=$(getconf CLK_TCK)

for scenario in "${scenarios[@]}"; do
  IFS=: read -r workers trials points strategy <<<"$scenario"
  db="$run/$scenario.db"
  if [ "$strategy" = AskTell ]; then
    load_spec "$run/load.yaml" Random "$trials" 1 ask-tell
  else
    load_spec "$run/load.yaml" "$strategy" $((trials + 2 * workers)) "$workers"
  fi
  start_tunerd "$db"
  "$bin/tunectl" --tuner "$addr" create-job "$run/load.yaml" >/dev/null
  if [ "$strategy" = AskTell ]; then
    result=$("$load" --tuner "$addr" --ask-tell-job load --trials "$trials" \
      --points "$points" || true)
  else
    result=$("$load" --tuner "$addr" --workers "$workers" --trials "$trials" \
      --points "$points" --describe-job load || true)
  fi
  read -r -a stat <"/proc/$tuner_pid/stat"
  cpu=$(( (stat[13] + stat[14]) * 100 / ticks ))
  rss=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$tuner_pid/status")
  job=$("$bin/tunectl" --tuner "$addr" describe-job load -o json)
  read -r completed failed < <(/usr/bin/python3 -c '
import json, sys
doc = json.load(sys.stdin)
c = doc.get("job", doc).get("counts", {})
print(c.get("completed", 0), c.get("failed", 0))' <<<"$job")
  stored=$(curl -s "http://$dash/metrics" |
    awk '/^tune_metric_points_ingested_total/ {print $2}')
  echo "$strategy $result tunerd_cpu_s=$(printf '%d.%02d' $((cpu / 100)) $((cpu % 100))) tunerd_peak_rss_mb=$rss completed=$completed failed=$failed points_stored=$stored"
  stop_tunerd
done
