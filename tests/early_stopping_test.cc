// Early stopping (early_stopping_type: Auto, the median rule) and the
// runtime limits, through real tunerd, workerd and tunectl.
#include <catch2/catch.hpp>

#include <string>

#include "tests/support/cluster.h"
#include "tests/support/fake_job.h"
#include "tests/support/trials.h"

namespace tune::testing {
namespace {

void RunToEnd(Cluster& cluster, const FakeJob& job) {
  const JobRun run = CreateAndWatch(cluster, job);
  INFO(run.output);
  REQUIRE(run.watched == 0);
}

int64_t LastStep(const tune::v1::DescribeTrialResponse& trial,
                 const std::string& metric) {
  int64_t last = 0;
  for (const auto& [key, value] : StoredPoints(trial)) {
    if (key.first == metric) last = std::max(last, key.second);
  }
  return last;
}

TEST_CASE("Auto early stopping stops trials worse than the median and keeps their metrics") {
  Cluster cluster;
  cluster.StartTuner();
  cluster.StartWorker("w1", 1);
  FakeJob job{.name = "median", .max_jobs = "12"};
  job.statics = "  epochs: 8\n  sleep: 0.1\n";
  job.extra = "early_stopping_type: Auto\n";
  RunToEnd(cluster, job);

  const auto described = DescribeJob(cluster.stub(), "median");
  CHECK(described.state() == tune::v1::JOB_COMPLETED);
  const auto trials = ListTrials(cluster.stub(), "median");
  REQUIRE(trials.size() == 12);
  int stopped = 0;
  for (const auto& trial : trials) {
    INFO(trial.id() << " " << trial.reason());
    const auto detail = DescribeTrial(cluster.stub(), trial.id());
    if (trial.state() == tune::v1::TRIAL_STOPPED) {
      ++stopped;
      // The rule needs 5 ended trials before it judges one (one at a time
      // here, so the first 5 by seq).
      CHECK(trial.seq() > 5);
      CHECK(trial.reason().rfind("early stopping (Auto): ", 0) == 0);
      CHECK(trial.has_objective());
      CHECK(LastStep(detail, "score") >= 3);
      CHECK(LastStep(detail, "score") < 8);
      CHECK(LastStep(detail, "loss") >= 3);
    } else {
      CHECK(trial.state() == tune::v1::TRIAL_COMPLETED);
      CHECK(LastStep(detail, "score") == 8);
    }
  }
  CHECK(stopped >= 1);
  REQUIRE(described.has_best_trial());
  CHECK(described.best_trial().state() == tune::v1::TRIAL_COMPLETED);
}

TEST_CASE("a trial that runs past training.max_runtime_in_seconds is stopped") {
  Cluster cluster;
  cluster.StartTuner();
  cluster.StartWorker("w1", 2);
  FakeJob job{.name = "slowtrials", .max_jobs = "2"};
  job.max_parallel_jobs = 2;
  job.statics = "  epochs: 200\n  sleep: 0.1\n";
  job.training_extra = "  max_runtime_in_seconds: 2\n";
  RunToEnd(cluster, job);

  const auto described = DescribeJob(cluster.stub(), "slowtrials");
  // Both trials reported a score before the limit, so the job has a best.
  CHECK(described.state() == tune::v1::JOB_COMPLETED);
  for (const auto& trial : ListTrials(cluster.stub(), "slowtrials")) {
    INFO(trial.id() << " " << trial.reason());
    CHECK(trial.state() == tune::v1::TRIAL_STOPPED);
    CHECK(trial.reason().find("training.max_runtime_in_seconds") !=
          std::string::npos);
    CHECK(trial.has_objective());
    CHECK(trial.ended_at() - trial.started_at() >= 2.0);
    CHECK(LastStep(DescribeTrial(cluster.stub(), trial.id()), "score") < 200);
  }
}

TEST_CASE("a job that runs past max_runtime_in_seconds ends with that reason") {
  Cluster cluster;
  cluster.StartTuner();
  cluster.StartWorker("w1", 1);
  FakeJob job{.name = "slowjob", .max_jobs = "500"};
  job.statics = "  epochs: 2\n  sleep: 0.1\n";
  job.extra = "max_runtime_in_seconds: 3\n";
  RunToEnd(cluster, job);

  const auto described = DescribeJob(cluster.stub(), "slowjob");
  INFO(described.reason());
  CHECK(described.state() == tune::v1::JOB_COMPLETED);
  CHECK(described.reason().rfind("max_runtime_in_seconds", 0) == 0);
  CHECK(described.ended_at() - described.created_at() >= 3.0);
  const auto trials = ListTrials(cluster.stub(), "slowjob");
  CHECK(trials.size() >= 1);
  CHECK(trials.size() < 500);
  for (const auto& trial : trials) {
    CHECK(trial.state() != tune::v1::TRIAL_IN_PROGRESS);
    CHECK(trial.state() != tune::v1::TRIAL_PENDING);
  }
}

}  // namespace
}  // namespace tune::testing
