#!/usr/bin/env bash
# The Debian packages end to end (issue 15): cpack builds the three .deb
# files from BUILD_DIR, dpkg installs them into this machine (root, as in
# CI; exit 77, skipped, otherwise), systemd-analyze verifies the installed
# units, and the quickstart job, shrunk, completes on tunerd and workerd
# started from the installed units' own command lines as the units' user:
# installed binaries, configuration and dashboard only. The packages are
# purged at the end.
#   bash tests/deploy/debian_packages_test.sh BUILD_DIR
set -euo pipefail
build="$(cd "$1" && pwd)"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: installing packages needs root"
  exit 77
fi
tmp=$(mktemp -d /tmp/tune-deb-test-XXXXXX)
chmod 755 "$tmp"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  dpkg --purge tune-tuner tune-worker tune-trainer >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; for f in "$tmp"/*.log; do echo "--- $f"; tail -20 "$f"; done; exit 1; }

(cd "$build" && cpack -G DEB -B "$tmp/pkgs" >"$tmp/cpack.log" 2>&1) ||
  fail "cpack"
for package in tune-tuner tune-worker tune-trainer; do
  ls "$tmp"/pkgs/${package}_*.deb >/dev/null || fail "no $package package"
done
dpkg -i "$tmp"/pkgs/*.deb >"$tmp/dpkg.log" 2>&1 || fail "dpkg -i"
for file in /usr/bin/tunerd /usr/bin/tunectl /usr/bin/workerd \
            /usr/bin/cifar10-trainer /usr/share/tune/dashboard/index.html \
            /etc/tune/tunerd.conf /etc/tune/workerd.conf; do
  [ -e "$file" ] || fail "$file not installed"
done
getent passwd tune >/dev/null || fail "no system user tune"
units=(/usr/lib/systemd/system/tunerd.service /usr/lib/systemd/system/workerd.service)
systemd-analyze verify "${units[@]}" >"$tmp/verify.log" 2>&1 ||
  fail "systemd-analyze verify: $(cat "$tmp/verify.log")"
echo "installed; units verified"

# The units' command lines and user, as systemd would run them; only the
# addresses, the database and the work dir are overridden (flags win over
# the config file), so the test runs beside anything else on the machine.
exec_start() { sed -n 's/^ExecStart=//p' "$1"; }
user=$(sed -n 's/^User=//p' "${units[0]}")
install -d -o "$user" -g "$user" "$tmp/state" "$tmp/work"
read -r -a tunerd_cmd <<<"$(exec_start "${units[0]}")"
read -r -a workerd_cmd <<<"$(exec_start "${units[1]}")"
export TUNE_CONFIG=/nonexistent
runuser -u "$user" -- "${tunerd_cmd[@]}" --listen 127.0.0.1:0 \
  --dashboard 127.0.0.1:0 --db "$tmp/state/tune.db" >"$tmp/tunerd.log" 2>&1 &
pids+=($!)
addr="" dash=""
for _ in $(seq 1 200); do
  addr=$(sed -n 's/^tunerd listening on //p' "$tmp/tunerd.log")
  dash=$(sed -n 's|^dashboard at http://||p' "$tmp/tunerd.log" | tr -d /)
  [ -n "$addr" ] && [ -n "$dash" ] && break
  sleep 0.1
done
[ -n "$addr" ] || fail "tunerd did not start"
/usr/bin/tunectl --tuner "$addr" health >"$tmp/health.log" || fail "tunectl health"
# The dashboard's files come from /usr/share/tune/dashboard.
curl -sf "http://$dash/" | grep -q '<html' || fail "dashboard page"

worker=("${workerd_cmd[@]}" --tuner "$addr" --work-dir "$tmp/work" --slots 2)
runuser -u "$user" -- "${worker[@]}" --check >"$tmp/check.log" 2>&1 ||
  fail "workerd --check"
runuser -u "$user" -- "${worker[@]}" >"$tmp/workerd.log" 2>&1 &
pids+=($!)

sed -e 's/max_jobs: 10/max_jobs: 2/' -e 's/epochs: 3/epochs: 1/' \
    -e 's/"12000"/"1000"/' -e 's/"2000"/"300"/' \
    "$repo/deploy/examples/quickstart.yaml" >"$tmp/job.yaml"
/usr/bin/tunectl --tuner "$addr" create-job "$tmp/job.yaml" >"$tmp/create.log" 2>&1 ||
  fail "create-job"
timeout 300 /usr/bin/tunectl --tuner "$addr" watch quickstart >"$tmp/watch.log" 2>&1 ||
  fail "the job did not complete"
/usr/bin/tunectl --tuner "$addr" describe-job quickstart -o json >"$tmp/job.json"
grep -q '"state": *"JOB_COMPLETED"' "$tmp/job.json" || fail "job state: $(cat "$tmp/job.json")"
completed=$(/usr/bin/tunectl --tuner "$addr" list-trials quickstart | grep -c Completed || true)
[ "$completed" -eq 2 ] || fail "$completed of 2 trials completed"
echo "PASS: the quickstart completed on the installed packages"
