// completion_criteria through real tunerd, workerd and tunectl: the job
// ends as soon as a criterion holds and records which one.
#include <catch2/catch.hpp>

#include <string>

#include "tests/support/cluster.h"
#include "tests/support/fake_job.h"
#include "tests/support/trials.h"

namespace tune::testing {
namespace {

tune::v1::TuningJob RunJob(Cluster& cluster, const FakeJob& job) {
  const JobRun run = CreateAndWatch(cluster, job);
  INFO(run.output);
  REQUIRE(run.watched == 0);
  return DescribeJob(cluster.stub(), job.name);
}

TEST_CASE("target_objective_value ends the job once a trial reaches it") {
  Cluster cluster;
  cluster.StartTuner();
  cluster.StartWorker("w1", 1);
  FakeJob job{.name = "target", .max_jobs = "60"};
  job.statics = "  epochs: 1\n";
  job.extra = "completion_criteria:\n  target_objective_value: 1.97\n";
  const auto described = RunJob(cluster, job);
  INFO(described.reason());
  CHECK(described.state() == tune::v1::JOB_COMPLETED);
  CHECK(described.reason().rfind("completion_criteria.target_objective_value",
                                 0) == 0);
  REQUIRE(described.has_best_trial());
  CHECK(described.best_trial().objective() >= 1.97);
  const auto trials = ListTrials(cluster.stub(), "target");
  CHECK(trials.size() < 60);
  // It stopped at the first trial that reached the target.
  int reached = 0;
  for (const auto& trial : trials) {
    reached += trial.has_objective() && trial.objective() >= 1.97;
  }
  CHECK(reached == 1);
}

TEST_CASE("best_objective_not_improving ends a job that stopped improving") {
  Cluster cluster;
  cluster.StartTuner();
  cluster.StartWorker("w1", 1);
  FakeJob job{.name = "plateau", .max_jobs = "60"};
  job.statics = "  epochs: 1\n";
  job.extra =
      "completion_criteria:\n  best_objective_not_improving:\n"
      "    max_number_of_training_jobs_not_improving: 3\n";
  const auto described = RunJob(cluster, job);
  INFO(described.reason());
  CHECK(described.state() == tune::v1::JOB_COMPLETED);
  CHECK(described.reason().rfind(
            "completion_criteria.best_objective_not_improving", 0) == 0);
  const auto trials = ListTrials(cluster.stub(), "plateau");
  REQUIRE(trials.size() < 60);
  // The last 3 trials (by seq, one at a time) did not beat the best before.
  double best_before = -1e300;
  for (size_t i = 0; i + 3 < trials.size(); ++i) {
    best_before = std::max(best_before, trials[i].objective());
  }
  for (size_t i = trials.size() - 3; i < trials.size(); ++i) {
    CHECK(trials[i].objective() <= best_before);
  }
}

TEST_CASE("convergence_detected ends a job whose best stopped moving") {
  Cluster cluster;
  cluster.StartTuner();
  cluster.StartWorker("w1", 2);
  // Only `kind` is tuned and none of these values changes the score: the
  // search has converged once the rule has seen enough trials (10).
  FakeJob job{.name = "flat", .max_jobs = "40"};
  job.max_parallel_jobs = 1;
  job.ranges = "  kind: {type: Categorical, values: [a, c, d, e, f, g, h, i, "
               "j, k, l, m, n, o]}\n";
  job.statics = "  epochs: 1\n  x: 0.3\n  y: 5\n";
  job.extra =
      "completion_criteria:\n  convergence_detected:\n"
      "    complete_on_convergence: Enabled\n";
  const auto described = RunJob(cluster, job);
  INFO(described.reason());
  CHECK(described.state() == tune::v1::JOB_COMPLETED);
  CHECK(described.reason().rfind("completion_criteria.convergence_detected",
                                 0) == 0);
  CHECK(ListTrials(cluster.stub(), "flat").size() == 10);
}

}  // namespace
}  // namespace tune::testing
