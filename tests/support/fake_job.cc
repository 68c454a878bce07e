#include "tests/support/fake_job.h"

#include "tests/support/cluster.h"

namespace tune::testing {

std::string FakeJobSpec(const FakeJob& job) {
  std::string yaml = "name: " + job.name + "\nstrategy: " + job.strategy +
                     "\nobjective_metric_name: score\nobjective_type: " +
                     job.objective_type + R"(
metric_definitions:
  - Name: loss
    Regex: 'loss=([0-9\.]+)'
  - Name: score
    Regex: 'score=(-?[0-9\.]+)'
  - Name: throughput
    Regex: 'throughput=([0-9]+) img/s'
)" + job.extra_metrics;
  if (!job.max_jobs.empty()) yaml += "max_jobs: " + job.max_jobs + "\n";
  yaml += "max_parallel_jobs: " + std::to_string(job.max_parallel_jobs) + "\n";
  yaml += "hyperparameter_ranges:\n" + job.ranges;
  if (!job.statics.empty()) yaml += "static_hyperparameters:\n" + job.statics;
  yaml += "training:\n  command: [python3, " + FakeTrainerPath() + "]\n" +
          job.training_extra;
  yaml += "random_seed: " + std::to_string(job.random_seed) + "\n";
  yaml += job.extra;
  return yaml;
}

std::pair<int, std::string> CreateFakeJob(Cluster& cluster, const FakeJob& job) {
  return cluster.Tunectl(
      {"create-job", cluster.WriteSpec(job.name + ".yaml", FakeJobSpec(job))});
}

JobRun CreateAndWatch(Cluster& cluster, const FakeJob& job) {
  JobRun run;
  auto [created, created_output] = CreateFakeJob(cluster, job);
  run.created = created;
  run.output = created_output;
  if (created != 0) return run;
  auto [watched, watch_output] = cluster.Tunectl({"watch", job.name});
  run.watched = watched;
  run.output += watch_output;
  return run;
}

}  // namespace tune::testing
