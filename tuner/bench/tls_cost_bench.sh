#!/usr/bin/env bash
# What TLS costs the worker protocol: the same load of fake workers
# (tune_worker_load: instant trials, POINTS metric points each) against
# tunerd on loopback, first in plain TCP, then with TLS and worker client
# certificates from deploy/make-certs.sh. Prints one result line per mode.
#   bash tuner/bench/tls_cost_bench.sh [WORKERS] [TRIALS] [POINTS]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
bin="$repo/build/bin"
load="$repo/build/tuner/bench/tune_worker_load"
source "$repo/tuner/bench/load_spec.sh"
workers=${1:-20}
trials=${2:-2000}
points=${3:-10}
run=$(mktemp -d /tmp/tune-tls-bench-XXXXXX)
tuner_pid=""
cleanup() {
  [ -n "$tuner_pid" ] && kill "$tuner_pid" 2>/dev/null || true
  rm -rf "$run"
}
trap cleanup EXIT

certs="$run/certs"
bash "$repo/deploy/make-certs.sh" "$certs" ca >/dev/null
bash "$repo/deploy/make-certs.sh" "$certs" tunerd localhost 127.0.0.1 >/dev/null
ids=()
for i in $(seq 0 $((workers - 1))); do ids+=("load-$i"); done
bash "$repo/deploy/make-certs.sh" "$certs" worker "${ids[@]}" >/dev/null

load_spec "$run/load.yaml" Random $((trials + 2 * workers)) "$workers"

for mode in plain tls; do
  db="$run/$mode.db"
  flags=()
  client=()
  load_flags=()
  if [ "$mode" = tls ]; then
    token=$("$bin/tunerd" --db "$db" --init 2>/dev/null)
    flags=(--tls-cert "$certs/tunerd.pem" --tls-key "$certs/tunerd.key"
           --client-ca "$certs/ca.pem")
    client=(--ca "$certs/ca.pem")
    load_flags=(--ca "$certs/ca.pem" --cert-dir "$certs")
    export TUNE_TOKEN=$token
  fi
  "$bin/tunerd" --listen 127.0.0.1:0 --db "$db" --dashboard off "${flags[@]}" \
    >"$run/$mode.log" 2>&1 &
  tuner_pid=$!
  addr=""
  for _ in $(seq 1 300); do
    addr=$(sed -n 's/^tunerd listening on //p' "$run/$mode.log")
    [ -n "$addr" ] && break
    sleep 0.1
  done
  [ -n "$addr" ] || { cat "$run/$mode.log"; exit 1; }
  TUNE_CONFIG=/nonexistent "$bin/tunectl" --tuner "$addr" "${client[@]}" \
    create-job "$run/load.yaml" >/dev/null
  result=$("$load" --tuner "$addr" --workers "$workers" --trials "$trials" \
    --points "$points" "${load_flags[@]}")
  echo "$mode $result"
  kill "$tuner_pid"
  wait "$tuner_pid" 2>/dev/null || true
  tuner_pid=""
  unset TUNE_TOKEN
done
