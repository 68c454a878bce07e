# Sourced by the benchmarks that run their own tunerd (bin must be set to
# the build's bin/): a temp dir $run, removed on exit with the tunerd in it
# stopped, and
#   start_tunerd DB     starts tunerd on DB, on free loopback ports, and
#                       sets tuner_pid, addr (gRPC) and dash (HOST:PORT of
#                       the dashboard); exits with tunerd's log if it fails
#   stop_tunerd         stops it (SIGTERM) and waits
run=$(mktemp -d /tmp/tune-bench-XXXXXX)
tuner_pid=""
bench_cleanup() {
  [ -n "$tuner_pid" ] && kill "$tuner_pid" 2>/dev/null || true
  rm -rf "$run"
}
trap bench_cleanup EXIT
export TUNE_CONFIG=/nonexistent

start_tunerd() {
  "$bin/tunerd" --listen 127.0.0.1:0 --db "$1" --dashboard 127.0.0.1:0 \
    >"$run/tunerd.log" 2>&1 &
  tuner_pid=$!
  addr="" dash=""
  for _ in $(seq 1 6000); do
    addr=$(sed -n 's/^tunerd listening on //p' "$run/tunerd.log")
    dash=$(sed -n 's|^dashboard at http://||p' "$run/tunerd.log" | tr -d /)
    [ -n "$addr" ] && [ -n "$dash" ] && return 0
    kill -0 "$tuner_pid" 2>/dev/null || break
    sleep 0.05
  done
  cat "$run/tunerd.log"
  exit 1
}

stop_tunerd() {
  kill -TERM "$tuner_pid"
  wait "$tuner_pid" 2>/dev/null || true
  tuner_pid=""
}
