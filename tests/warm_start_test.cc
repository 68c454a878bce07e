// warm_start_config through real tunerd, workerd and tunectl: a child job
// learns from its parents' trials, and parents that do not fit are refused.
#include <catch2/catch.hpp>

#include <string>

#include "tests/support/cluster.h"
#include "tests/support/fake_job.h"
#include "tests/support/trials.h"

namespace tune::testing {
namespace {

TEST_CASE("a warm-started Bayesian job models its parent's trials from its first trial") {
  Cluster cluster;
  cluster.StartTuner();
  cluster.StartWorker("w1", 2);
  FakeJob parent{.name = "parent", .max_jobs = "8"};
  parent.max_parallel_jobs = 2;
  parent.statics = "  epochs: 1\n";
  REQUIRE(CreateAndWatch(cluster, parent).watched == 0);

  FakeJob child{.name = "child", .strategy = "Bayesian", .max_jobs = "2"};
  child.statics = "  epochs: 1\n";
  child.extra =
      "warm_start_config:\n  parents: [parent]\n"
      "  type: IdenticalDataAndAlgorithm\n";
  const JobRun run = CreateAndWatch(cluster, child);
  INFO(run.output);
  REQUIRE(run.watched == 0);
  const auto trials = ListTrials(cluster.stub(), "child");
  REQUIRE(trials.size() == 2);
  // Without the parent the first 7 trials would be an initial design.
  INFO(trials[0].suggestion_json());
  CHECK(trials[0].suggestion_json().find("\"strategy\":\"gp\"") !=
        std::string::npos);
  CHECK(trials[0].suggestion_json().find("\"observed\":8") != std::string::npos);

  // TransferLearning takes other static values.
  FakeJob transfer{.name = "transfer", .strategy = "Bayesian", .max_jobs = "1"};
  transfer.statics = "  epochs: 2\n";
  transfer.extra =
      "warm_start_config:\n  parents: [parent]\n  type: TransferLearning\n";
  auto [transfer_rc, transfer_out] = CreateFakeJob(cluster, transfer);
  INFO(transfer_out);
  CHECK(transfer_rc == 0);
}

TEST_CASE("warm start refuses parents that are missing or do not fit") {
  Cluster cluster;
  cluster.StartTuner();
  FakeJob parent{.name = "p", .max_jobs = "1"};
  REQUIRE(CreateFakeJob(cluster, parent).first == 0);
  struct Case {
    const char* what;
    std::string extra;
    std::string objective_type = "Maximize";
    std::string statics = "  epochs: 3\n";
    std::string ranges = FakeJob{}.ranges;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"missing parent",
       "warm_start_config:\n  parents: [nope]\n  type: TransferLearning\n",
       "Maximize", "  epochs: 3\n", FakeJob{}.ranges,
       "warm_start_config.parents[0]: no job named nope"},
      {"other objective direction",
       "warm_start_config:\n  parents: [p]\n  type: TransferLearning\n",
       "Minimize", "  epochs: 3\n", FakeJob{}.ranges,
       "warm_start_config.parents[0]: its objective"},
      {"other hyperparameters",
       "warm_start_config:\n  parents: [p]\n  type: TransferLearning\n",
       "Maximize", "  epochs: 3\n",
       "  x: {type: Continuous, min: 0.0, max: 1.0}\n",
       "warm_start_config.parents[0]: job p tunes other hyperparameters"},
      {"other statics for IdenticalDataAndAlgorithm",
       "warm_start_config:\n  parents: [p]\n  type: IdenticalDataAndAlgorithm\n",
       "Maximize", "  epochs: 4\n", FakeJob{}.ranges,
       "has other static_hyperparameters"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    FakeJob child{.name = "c", .objective_type = c.objective_type};
    child.statics = c.statics;
    child.ranges = c.ranges;
    child.extra = c.extra;
    auto [rc, out] = CreateFakeJob(cluster, child);
    INFO(out);
    CHECK(rc == 1);
    CHECK(out.find(c.message) != std::string::npos);
    CHECK(cluster.Tunectl({"describe-job", "c"}).first == 1);  // not stored
  }
}

}  // namespace
}  // namespace tune::testing
