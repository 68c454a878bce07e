#!/usr/bin/env bash
# A big job's cost in tunerd (issue 14): a job of TRIALS ended trials with
# POINTS metric points each (defaults 100,000 and 10) is written straight
# into a fresh SQLite file, then tunerd loads it. Prints the load time,
# tunerd's RSS, and the latency of what clients ask of such a job: its
# description, the first page of its trials (gRPC and the dashboard), its
# curves, and the polls of a dashboard that follows the change cursor.
#   bash tuner/bench/big_job_bench.sh [TRIALS [POINTS]]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
bin="$repo/build/bin"
trials="${1:-100000}"
points="${2:-10}"
source "$repo/tuner/bench/bench_tunerd.sh"
db="$run/tune.db"

# The job, created by tunerd so its record and spec are what tunerd writes.
cat >"$run/big.yaml" <<YAML
name: big
strategy: Random
objective_metric_name: score
objective_type: Maximize
max_jobs: $trials
max_parallel_jobs: 100
metric_definitions:
  - {Name: score, Regex: 'score=([0-9.]+)'}
hyperparameter_ranges:
  x: {type: Continuous, min: 0, max: 1}
  y: {type: Continuous, min: 0, max: 1}
YAML
start_tunerd "$db"
"$bin/tunectl" --tuner "$addr" create-job "$run/big.yaml" >/dev/null
stop_tunerd

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
seed_start=$(now_ms)
sqlite3 "$db" >/dev/null <<SQL
PRAGMA journal_mode = WAL;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $trials)
INSERT INTO trials(trial_id, job_name, seq, parameters_json, state, worker_id,
                   attempt, exit_code, reason, objective, client_id,
                   suggestion_json, created_at, started_at, ended_at)
SELECT 'big-' || i, 'big', i,
       '{"x":' || (((i * 7919) % 1000) / 1000.0) || ',"y":' ||
         (((i * 104729) % 1000) / 1000.0) || '}',
       'Completed', 'w' || (i % 100), 1, 0, '', ((i * 7919) % 1000) / 1000.0, '',
       '{"strategy":"random"}', 1.8e9 + i, 1.8e9 + i, 1.8e9 + i + 1
FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $trials),
     s(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM s WHERE k < $points)
INSERT INTO metric_points(trial_id, attempt, metric, step, value, wall_time)
SELECT 'big-' || i, 1, 'score', k, k * ((i * 7919) % 1000) / 1000.0 / $points, 1.8e9 + i
FROM n, s;
UPDATE jobs SET state = 'Completed', reason = 'max_jobs trials ended', ended_at = 1.9e9
WHERE name = 'big';
COMMIT;
SQL
seed_s=$(awk -v ms=$(( $(now_ms) - seed_start )) 'BEGIN {printf "%.1f", ms / 1000}')
db_mb=$(du -m "$db" | cut -f1)

load_start=$(now_ms)
start_tunerd "$db"
load_s=$(awk -v ms=$(( $(now_ms) - load_start )) 'BEGIN {printf "%.2f", ms / 1000}')
rss_loaded=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$tuner_pid/status")

# Best of 5, in ms: the work, not a cold cache.
best_ms() {
  local best=""
  for _ in 1 2 3 4 5; do
    local start=$(now_ms)
    "$@" >/dev/null
    local ms=$(( $(now_ms) - start ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  echo "$best"
}
http_ms() {  # best of 5 of one GET, and its size
  local best="" size=0
  for _ in 1 2 3 4 5; do
    read -r t size < <(curl -s -o /dev/null -w '%{time_total} %{size_download}\n' "http://$dash$1")
    best=$(echo "$t" | awk -v b="$best" '{ms = $1 * 1000; if (b == "" || ms < b) b = ms; printf "%.1f", b}')
  done
  echo "$best ms, $((size / 1024)) KiB"
}
describe_ms=$(best_ms "$bin/tunectl" --tuner "$addr" describe-job big)
cursor=$(curl -s "http://$dash/api/jobs/big/trials?page_size=1" | sed -n 's/.*"cursor":"\([^"]*\)".*/\1/p')
echo "trials=$trials points_per_trial=$points db_mb=$db_mb seed_s=$seed_s"
echo "tunerd load: ${load_s}s, RSS after load: ${rss_loaded} MB"
echo "tunectl describe-job (process included): ${describe_ms} ms"
all_start=$(now_ms)
listed=$("$bin/tunectl" --tuner "$addr" list-trials big | wc -l)
echo "tunectl list-trials, every page ($listed lines): $(( $(now_ms) - all_start )) ms"
echo "GET /api/jobs/big: $(http_ms /api/jobs/big)"
echo "GET /api/jobs/big/trials (first page of 1000): $(http_ms /api/jobs/big/trials)"
echo "GET /api/jobs/big/trials?since=CURSOR (nothing new): $(http_ms "/api/jobs/big/trials?since=$cursor")"
echo "GET /api/jobs/big/curves (latest 1000 trials): $(http_ms /api/jobs/big/curves)"
echo "GET /api/jobs/big/curves?since=CURSOR (nothing new): $(http_ms "/api/jobs/big/curves?since=$cursor")"
echo "tunerd peak RSS: $(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$tuner_pid/status") MB"
