# Sourced by the load benchmarks: the job they run, whose trials "run"
# instantly in tune_worker_load (training /bin/true), or, with ask-tell, a
# job without training for one ask/tell client.
#   load_spec FILE STRATEGY MAX_JOBS MAX_PARALLEL [ask-tell]
load_spec() {
  local training="training: {command: [/bin/true]}"
  [ "${5:-}" = ask-tell ] && training=""
  cat >"$1" <<YAML
name: load
strategy: $2
objective_metric_name: score
objective_type: Maximize
max_jobs: $3
max_parallel_jobs: $4
metric_definitions:
  - {Name: score, Regex: 'score=([0-9.]+)'}
hyperparameter_ranges:
  x: {type: Continuous, min: 0, max: 1}
  y: {type: Continuous, min: 0, max: 1}
$training
YAML
}
