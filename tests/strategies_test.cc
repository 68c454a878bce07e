// The Grid and Hyperband strategies through real tunerd, workerd and
// tunectl with the fake trainer.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "tests/support/cluster.h"
#include "tests/support/fake_job.h"
#include "tests/support/trials.h"

namespace tune::testing {
namespace {

std::string Text(const tune::v1::ParameterValue& value) {
  switch (value.kind_case()) {
    case tune::v1::ParameterValue::kIntValue:
      return std::to_string(value.int_value());
    case tune::v1::ParameterValue::kDoubleValue:
      return std::to_string(value.double_value());
    default:
      return value.string_value();
  }
}

// Runs the job to its end, which must not be a failure.
void RunToEnd(Cluster& cluster, const FakeJob& job) {
  const JobRun run = CreateAndWatch(cluster, job);
  INFO(run.output);
  REQUIRE(run.watched == 0);
}

TEST_CASE("Grid runs every combination once and infers max_jobs") {
  Cluster cluster;
  cluster.StartTuner();
  cluster.StartWorker("w1", 2);
  cluster.StartWorker("w2", 1);
  FakeJob job{.name = "grid", .strategy = "Grid", .max_jobs = ""};
  job.max_parallel_jobs = 3;
  job.ranges =
      "  x:    {type: Categorical, values: ['0.2', '0.3']}\n"
      "  y:    {type: Integer, min: 1, max: 9, step: 4}\n"
      "  kind: {type: Categorical, values: [a, b]}\n";
  job.statics = "  epochs: 1\n";
  RunToEnd(cluster, job);

  const auto described = DescribeJob(cluster.stub(), "grid");
  CHECK(described.state() == tune::v1::JOB_COMPLETED);
  CHECK(described.max_jobs() == 12);  // 2 x 3 x 2
  std::set<std::string> seen;
  for (const auto& trial : ListTrials(cluster.stub(), "grid")) {
    CHECK(trial.state() == tune::v1::TRIAL_COMPLETED);
    const auto& h = trial.hyperparameters();
    seen.insert(Text(h.at("x")) + "/" + Text(h.at("y")) + "/" +
                Text(h.at("kind")));
  }
  std::set<std::string> want;
  for (const char* x : {"0.2", "0.3"}) {
    for (const char* y : {"1", "5", "9"}) {
      for (const char* kind : {"a", "b"}) {
        want.insert(std::string(x) + "/" + y + "/" + kind);
      }
    }
  }
  CHECK(seen == want);
  REQUIRE(described.has_best_trial());
  const auto& best = described.best_trial().hyperparameters();
  CHECK(Text(best.at("x")) == "0.3");
  CHECK(Text(best.at("y")) == "5");
  CHECK(Text(best.at("kind")) == "b");
}

TEST_CASE("Grid refuses a grid larger than max_jobs and stores nothing") {
  Cluster cluster;
  cluster.StartTuner();
  FakeJob job{.name = "biggrid", .strategy = "Grid", .max_jobs = "5"};
  job.ranges =
      "  x:    {type: Categorical, values: ['0.2', '0.3']}\n"
      "  y:    {type: Integer, min: 1, max: 9, step: 4}\n";
  auto [rc, out] = CreateFakeJob(cluster, job);
  INFO(out);
  CHECK(rc == 1);
  CHECK(out.find("max_jobs") != std::string::npos);
  CHECK(out.find("6") != std::string::npos);
  CHECK(cluster.Tunectl({"describe-job", "biggrid"}).first == 1);
}

// Checks a Hyperband job that ended: every trial was told the full
// resource, the trials the tuner stopped were stopped at a rung below it,
// and the ones it let run finished every epoch.
void CheckHyperbandJob(Cluster& cluster, const std::string& name) {
  const auto described = DescribeJob(cluster.stub(), name);
  CHECK(described.state() == tune::v1::JOB_COMPLETED);
  int stopped = 0;
  int completed = 0;
  for (const auto& trial : ListTrials(cluster.stub(), name)) {
    INFO(trial.id() << " " << trial.reason());
    const auto hyperparameters =
        cluster.ReadTrialFile(trial.id(), "hyperparameters.json");
    CHECK(hyperparameters.find("\"epochs\": \"9\"") != std::string::npos);
    const auto points = StoredPoints(DescribeTrial(cluster.stub(), trial.id()));
    int64_t last_step = 0;
    for (const auto& [key, value] : points) {
      if (key.first == "score") last_step = std::max(last_step, key.second);
    }
    if (trial.state() == tune::v1::TRIAL_STOPPED) {
      ++stopped;
      CHECK(trial.reason().rfind("hyperband: ", 0) == 0);
      CHECK(trial.has_objective());  // stopped trials keep their metrics
      CHECK(last_step < 9);
    } else {
      CHECK(trial.state() == tune::v1::TRIAL_COMPLETED);
      ++completed;
      CHECK(last_step == 9);
    }
  }
  CHECK(stopped >= 1);
  CHECK(completed >= 1);
  CHECK(stopped + completed == described.max_jobs());
  REQUIRE(described.has_best_trial());
  CHECK(described.best_trial().state() == tune::v1::TRIAL_COMPLETED);
}

TEST_CASE("Hyperband with Random stops trials at rungs and finishes the rest") {
  Cluster cluster;
  cluster.StartTuner();
  cluster.StartWorker("w1", 1);
  FakeJob job{.name = "hb-random", .strategy = "Hyperband", .max_jobs = "10"};
  job.statics = "  epochs: 9\n  sleep: 0.1\n";
  job.extra =
      "strategy_config:\n  hyperband:\n    min_resource: 1\n"
      "    eta: 3\n    designer: Random\n";
  RunToEnd(cluster, job);
  CheckHyperbandJob(cluster, "hb-random");
}

TEST_CASE("Hyperband with the GP (model-based) runs to the end") {
  Cluster cluster;
  cluster.StartTuner();
  cluster.StartWorker("w1", 2);
  FakeJob job{.name = "hb-gp", .strategy = "Hyperband", .max_jobs = "10"};
  job.max_parallel_jobs = 2;
  job.statics = "  epochs: 9\n  sleep: 0.1\n";
  job.extra = "strategy_config:\n  hyperband:\n    max_resource: 9\n";
  RunToEnd(cluster, job);
  CheckHyperbandJob(cluster, "hb-gp");
  // After its initial design the GP chose the later trials.
  bool gp = false;
  for (const auto& trial : ListTrials(cluster.stub(), "hb-gp")) {
    gp |= trial.suggestion_json().find("\"strategy\":\"gp\"") !=
          std::string::npos;
  }
  CHECK(gp);
}

}  // namespace
}  // namespace tune::testing
