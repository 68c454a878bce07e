#!/usr/bin/env bash
# workerd under a real Slurm (issue 15): munge, slurmctld and slurmd from
# Debian's packages run a one-host cluster configured in a temp dir (no
# cgroups, no systemd; ../shared/DEBIAN-STACK.md "Slurm on one host").
# deploy/slurm/workerd.sbatch is submitted with sbatch; a job runs trials on
# the workerd Slurm started; then scancel of the allocation must end that
# workerd and its trials, and tunerd must retry them on a worker that
# remains, where the job completes. Needs root and Slurm (install-deps.sh);
# exit 77 (skipped) without them.
#   bash tests/deploy/slurm_test.sh BUILD_DIR
set -euo pipefail
build="$(cd "$1" && pwd)"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
if [ "$(id -u)" -ne 0 ] || ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  echo "SKIP: needs root, slurmctld, slurmd and munged"
  exit 77
fi
tmp=$(mktemp -d /tmp/tune-slurm-test-XXXXXX)
chmod 755 "$tmp"
export SLURM_CONF="$tmp/slurm.conf"
export TUNE_CONFIG=/nonexistent
pids=()
cleanup() {
  # The daemons detach, so `wait` does not see them: each is waited for by
  # its pid until it has exited (slurmctld writes its state on SIGTERM, and
  # removing the directory under it fails).
  local daemons=()
  for pidfile in "$tmp/slurmd.pid" "$tmp/slurmctld.pid" "$tmp/munge/munged.pid"; do
    [ -f "$pidfile" ] && daemons+=("$(cat "$pidfile")")
  done
  for pid in "${daemons[@]}" "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for pid in "${daemons[@]}"; do
    for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
  rm -rf "$tmp" || echo "warning: could not remove $tmp"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*"
  for f in "$tmp"/*.log "$tmp"/*.out; do [ -f "$f" ] && { echo "--- $f"; tail -25 "$f"; }; done
  exit 1
}
# Polls a condition (no fixed sleeps): up to $1 tenths of a second.
until_true() {
  local tries=$1; shift
  for _ in $(seq 1 "$tries"); do "$@" && return 0; sleep 0.1; done
  return 1
}
free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# munge, as the munge user, with its key and socket in the temp dir.
install -d -o munge -g munge -m 0755 "$tmp/munge"
head -c 1024 /dev/urandom >"$tmp/munge/munge.key"
chown munge:munge "$tmp/munge/munge.key"
chmod 0400 "$tmp/munge/munge.key"
runuser -u munge -- munged --key-file="$tmp/munge/munge.key" \
  --socket="$tmp/munge/munge.socket" --pid-file="$tmp/munge/munged.pid" \
  --log-file="$tmp/munge/munged.log" --seed-file="$tmp/munge/munged.seed" ||
  fail "munged did not start: $(cat "$tmp/munge/munged.log" 2>/dev/null)"
munge --socket="$tmp/munge/munge.socket" -n | unmunge --socket="$tmp/munge/munge.socket" \
  >/dev/null || fail "munge does not round-trip"

host=$(hostname -s)
mkdir -p "$tmp/state" "$tmp/spool"
cat >"$SLURM_CONF" <<CONF
ClusterName=tune-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$tmp/munge/munge.socket
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SwitchType=switch/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
KillWait=5
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -c || fail "slurmctld did not start"
slurmd || fail "slurmd did not start"
node_idle() { sinfo -h -o %T 2>/dev/null | grep -q idle; }
until_true 300 node_idle || fail "the node never became idle: $(sinfo 2>&1)"
echo "slurm: one node idle"

# tunerd, and a job whose trials take a while.
"$build/bin/tunerd" --listen 127.0.0.1:0 --dashboard off --db "$tmp/tune.db" \
  --lease-seconds 3 >"$tmp/tunerd.log" 2>&1 &
pids+=($!)
tuner_up() { grep -q '^tunerd listening on' "$tmp/tunerd.log"; }
until_true 200 tuner_up || fail "tunerd did not start"
addr=$(sed -n 's/^tunerd listening on //p' "$tmp/tunerd.log")
tunectl() { "$build/bin/tunectl" --tuner "$addr" "$@"; }
cat >"$tmp/job.yaml" <<YAML
name: slurm
strategy: Random
objective_metric_name: score
objective_type: Maximize
metric_definitions:
  - {Name: score, Regex: 'score=(-?[0-9\.]+)'}
max_jobs: 4
max_parallel_jobs: 2
hyperparameter_ranges:
  x: {type: Continuous, min: 0.0, max: 1.0}
static_hyperparameters:
  epochs: 40
  sleep: 0.25
training:
  command: [/usr/bin/python3, $repo/tests/scripts/fake_trainer.py]
retry_strategy:
  maximum_retry_attempts: 2
YAML
tunectl create-job "$tmp/job.yaml" >/dev/null || fail "create-job"

# The workers of an allocation: the sbatch script, as an operator runs it.
job_id=$(cd "$tmp" && TUNE_TUNER="$addr" TUNE_WORKERD="$build/bin/workerd" \
  TUNE_ALLOW=/usr/bin/python3 TUNE_SLOTS=2 TUNE_SCRATCH="$tmp/scratch" \
  TUNE_WORKER_ARGS="--allow-root-trials --kill-grace-seconds 2" \
  sbatch --parsable --export=ALL --output="$tmp/sbatch-%j.out" \
  "$repo/deploy/slurm/workerd.sbatch") || fail "sbatch"
slurm_worker="slurm-$job_id-$host"
echo "slurm: job $job_id runs $slurm_worker"
two_on_slurm() {
  [ "$(tunectl list-trials slurm 2>/dev/null | grep InProgress | grep -c "$slurm_worker")" -eq 2 ]
}
until_true 600 two_on_slurm || fail "no trials ran on the Slurm worker: $(tunectl list-trials slurm)"
on_slurm=$(tunectl list-trials slurm | grep InProgress | grep "$slurm_worker" | awk '{print $1}')
echo "slurm: running $(echo $on_slurm)"

# A worker that stays, then the allocation is cancelled.
"$build/bin/workerd" --tuner "$addr" --work-dir "$tmp/stays" --worker-id stays \
  --slots 2 --allow /usr/bin/python3 --allow-root-trials >"$tmp/stays.log" 2>&1 &
pids+=($!)
scancel "$job_id"
allocation_gone() { [ -z "$(squeue -h -j "$job_id" 2>/dev/null)" ]; }
until_true 600 allocation_gone || fail "the allocation did not end"
no_slurm_workerd() { ! pgrep -f -- "--worker-id $slurm_worker" >/dev/null; }
until_true 300 no_slurm_workerd || fail "the Slurm workerd outlived its allocation"
# Every fake trainer wrote its pid; none of the allocation's may live on.
for trial in $on_slurm; do
  pidfile=$(find "$tmp/scratch" -path "*$trial*" -name pid 2>/dev/null | head -1)
  if [ -n "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    fail "trial $trial outlived the allocation"
  fi
done
echo "slurm: allocation, its workerd and its trials ended"

# Through a file: grep -q exits at the first match, and under pipefail the
# SIGPIPE tunectl could get would read as "not yet".
job_done() {
  tunectl describe-job slurm -o json >"$tmp/job.json" 2>/dev/null &&
    grep -q '"state": *"JOB_COMPLETED"' "$tmp/job.json"
}
until_true 1200 job_done || fail "the job did not complete: $(tunectl list-trials slurm)"
for trial in $on_slurm; do
  line=$(tunectl list-trials slurm | grep "^$trial ")
  echo "$line" | grep -q Completed || fail "$trial: $line"
  echo "$line" | grep -q " stays " || fail "$trial did not finish on the worker that stayed: $line"
  tunectl describe-trial "$trial" -o json >"$tmp/$trial.json"
  grep -q "\"attempt\": *2" "$tmp/$trial.json" || fail "$trial was not retried: $(cat "$tmp/$trial.json" | head -30)"
done
echo "PASS: scancel ended the Slurm worker; its trials were retried on the one that stayed"
