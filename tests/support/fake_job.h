// The spec of a job that runs the fake trainer (scripts/fake_trainer.py),
// for the cross-process tests: each test states only what it changes.
// Plain data and a pure function; thread-safe.
#pragma once

#include <string>
#include <utility>

namespace tune::testing {

class Cluster;

struct FakeJob {
  std::string name;
  std::string strategy = "Random";
  std::string objective_type = "Maximize";  // of the metric `score`
  std::string max_jobs = "6";               // empty: left out
  int max_parallel_jobs = 1;
  // Under hyperparameter_ranges:, indented by two spaces.
  std::string ranges =
      "  x:    {type: Continuous, min: 0.0, max: 1.0}\n"
      "  y:    {type: Integer, min: 1, max: 9}\n"
      "  kind: {type: Categorical, values: [a, b, c]}\n";
  // Under static_hyperparameters:, indented by two spaces.
  std::string statics = "  epochs: 3\n";
  std::string extra;           // more top-level YAML
  std::string extra_metrics;   // more items under metric_definitions:
  std::string training_extra;  // more keys under training:, indented
  int random_seed = 3;
};

// The YAML of `job`: metrics loss, score (the objective) and throughput as
// the fake trainer prints them.
std::string FakeJobSpec(const FakeJob& job);

// `tunectl create-job` with the job's spec: {exit code, output}.
std::pair<int, std::string> CreateFakeJob(Cluster& cluster, const FakeJob& job);

// Creates the job and follows it with `tunectl watch` until it ends.
struct JobRun {
  int created = -1;  // create-job's exit code
  int watched = -1;  // watch's: 0 unless the job failed
  std::string output;  // both commands'
};
JobRun CreateAndWatch(Cluster& cluster, const FakeJob& job);

}  // namespace tune::testing
