// The tuner under load, not timed (the numbers are in BENCHMARKS.md, from
// tuner/bench/worker_load_bench.sh): a fleet of 100 fake workers
// (tune_worker_load) on a Bayesian job whose GP refits again and again
// while the workers report, with a lease short enough that any heartbeat
// stuck behind a fit or a commit for 3 s would cost a trial.
#include <catch2/catch.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "tests/support/child_process.h"
#include "tests/support/cluster.h"
#include "tests/support/trials.h"

namespace tune::testing {
namespace {

TEST_CASE("a GP job on 100 fake workers refits while every worker keeps its lease") {
  Cluster cluster(/*lease_seconds=*/"3");
  cluster.StartTuner();
  const std::string spec = cluster.WriteSpec("gp-load.yaml", R"(name: gp-load
strategy: Bayesian
objective_metric_name: score
objective_type: Maximize
max_jobs: 500
max_parallel_jobs: 100
metric_definitions:
  - {Name: score, Regex: 'score=([0-9.]+)'}
hyperparameter_ranges:
  x: {type: Continuous, min: 0, max: 1}
  y: {type: Continuous, min: 0, max: 1}
training: {command: [/bin/true]}
random_seed: 7
)");
  REQUIRE(cluster.Tunectl({"create-job", spec}).first == 0);
  // Heartbeats every lease / 3, as workerd sends them.
  auto [code, output] = RunToEnd({TUNE_WORKER_LOAD_PATH, "--tuner",
                                  cluster.address(), "--workers", "100",
                                  "--trials", "500", "--points", "10",
                                  "--heartbeat-ms", "1000"},
                                 {}, std::chrono::seconds(240));
  INFO(output);
  REQUIRE(code == 0);

  const auto job = DescribeJob(cluster.stub(), "gp-load");
  CHECK(job.state() == tune::v1::JOB_COMPLETED);
  CHECK(job.counts().completed() == 500);
  CHECK(job.counts().failed() == 0);
  int from_gp = 0;
  int refits = 0;
  for (const auto& trial : ListTrials(cluster.stub(), "gp-load")) {
    CAPTURE(trial.id(), trial.reason());
    CHECK(trial.state() == tune::v1::TRIAL_COMPLETED);
    CHECK(trial.attempt() == 1);  // no lost lease, no requeue
    const auto reason = nlohmann::json::parse(trial.suggestion_json());
    if (reason.value("strategy", "") == "gp") {
      ++from_gp;
      refits += reason["model"].value("refitted", false) ? 1 : 0;
    }
  }
  // The model did the work: most trials came from it, refitted many times.
  CHECK(from_gp >= 300);
  CHECK(refits >= 10);
  std::cout << from_gp << " trials from the GP, " << refits << " after a refit"
            << std::endl;
}

}  // namespace
}  // namespace tune::testing
