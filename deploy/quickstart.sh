#!/usr/bin/env bash
# Installs, builds and runs the main job on this machine: tunerd on a fresh
# SQLite file, one local workerd, and deploy/examples/quickstart.yaml, which
# tunes the real trainer on Fashion-MNIST. Prints the trials and the best one.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/install-deps.sh
deploy/build.sh

bin="$PWD/build/bin"
run_dir="$(mktemp -d /tmp/tune-quickstart-XXXXXX)"
echo "Run directory: $run_dir"

cleanup() {
  [ -n "${worker_pid:-}" ] && kill "$worker_pid" 2>/dev/null || true
  [ -n "${tuner_pid:-}" ] && kill "$tuner_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

"$bin/tunerd" --listen 127.0.0.1:0 --db "$run_dir/tune.db" >"$run_dir/tunerd.log" 2>&1 &
tuner_pid=$!
addr=""
dashboard=""
# tunerd prints "tunerd listening on ..." and then "dashboard at ...".
for _ in $(seq 1 300); do
  addr="$(sed -n 's/^tunerd listening on //p' "$run_dir/tunerd.log")"
  dashboard="$(sed -n 's/^dashboard at //p' "$run_dir/tunerd.log")"
  [ -n "$addr" ] && [ -n "$dashboard" ] && break
  kill -0 "$tuner_pid" 2>/dev/null || { cat "$run_dir/tunerd.log"; exit 1; }
  sleep 0.1
done
[ -n "$addr" ] || { echo "tunerd did not start"; cat "$run_dir/tunerd.log"; exit 1; }
echo "tunerd serving on $addr"
echo "dashboard at ${dashboard:-(none: see $run_dir/tunerd.log)}; it follows the job live"
export TUNE_ADDR="$addr"

# The trainer is found on PATH, as on a real GPU node, and it is the one
# program this worker runs (--allow). A fresh machine's user may be root:
# say explicitly that trials may then run as root.
root_flag=()
if [ "$(id -u)" -eq 0 ]; then root_flag=(--allow-root-trials); fi
PATH="$bin:$PATH" "$bin/workerd" --tuner "$addr" --slots 2 \
  --allow "$bin/cifar10-trainer" "${root_flag[@]}" \
  --work-dir "$run_dir/work" >"$run_dir/workerd.log" 2>&1 &
worker_pid=$!

"$bin/tunectl" create-job deploy/examples/quickstart.yaml
"$bin/tunectl" watch quickstart
echo
"$bin/tunectl" list-trials quickstart
echo
"$bin/tunectl" describe-job quickstart | grep '^Best by model:'
echo
echo "Best trial:"
"$bin/tunectl" best-trial quickstart
echo
# The GP's view of the job: each hyperparameter's slice through the best
# trial, ranked by importance (the dashboard shows it live).
"$bin/tunectl" plot quickstart --kind model -o "$run_dir/model.svg"
