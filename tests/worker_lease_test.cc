// A worker that dies loses its trials when its lease expires; when it comes
// back it kills what its previous life left running.
#include <catch2/catch.hpp>

#include <signal.h>

#include "tests/support/cluster.h"
#include "tests/support/eventually.h"
#include "tests/support/trials.h"

namespace tune::testing {
namespace {

TEST_CASE("a killed worker's trials fail as worker lost, and its leftovers die on restart") {
  Cluster cluster(/*lease_seconds=*/"1");
  cluster.StartTuner();
  auto& worker = cluster.StartWorker("w1", 1);
  const std::string spec = R"(name: lost
strategy: Random
objective_metric_name: score
metric_definitions:
  - {Name: score, Regex: 'score=([0-9\.]+)'}
  - {Name: loss, Regex: 'loss=([0-9\.]+)'}
max_jobs: 1
hyperparameter_ranges:
  x: {type: Continuous, min: 0, max: 1}
static_hyperparameters:
  sleep: 600
training:
  command: [python3, )" + FakeTrainerPath() + "]\n";
  REQUIRE(cluster.Tunectl({"create-job", cluster.WriteSpec("s.yaml", spec)}).first == 0);
  REQUIRE(Eventually(
      [&] {
        auto trials = ListTrials(cluster.stub(), "lost");
        return trials.size() == 1 &&
               !StoredPoints(DescribeTrial(cluster.stub(), trials[0].id())).empty();
      },
      std::chrono::seconds(60)));
  const pid_t trainer = std::stoi(cluster.ReadTrialFile("lost-1", "pid"));

  worker.Signal(SIGKILL);
  worker.Wait(std::chrono::seconds(10));
  auto [watched, out] = cluster.Tunectl({"watch", "lost"});
  INFO(out);
  const auto trials = ListTrials(cluster.stub(), "lost");
  REQUIRE(trials.size() == 1);
  CHECK(trials[0].state() == tune::v1::TRIAL_FAILED);
  CHECK(trials[0].reason().find("worker lost: w1") != std::string::npos);
  CHECK(DescribeJob(cluster.stub(), "lost").state() == tune::v1::JOB_FAILED);

  // The orphaned trainer still runs until the worker comes back.
  CHECK_FALSE(ProcessIsGone(trainer));
  cluster.StartWorker("w1", 1);
  CHECK(Eventually([&] { return ProcessIsGone(trainer); }, std::chrono::seconds(10)));
}

}  // namespace
}  // namespace tune::testing
