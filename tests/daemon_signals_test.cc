// SIGTERM drains the daemons: tunerd exits 0 with a worker and a watcher
// connected; workerd stops its trials' process groups and exits 0.
#include <catch2/catch.hpp>

#include <signal.h>

#include "tests/support/cluster.h"
#include "tests/support/eventually.h"
#include "tests/support/trials.h"

namespace tune::testing {
namespace {

std::string LongJob(const std::string& name) {
  return "name: " + name + R"(
strategy: Random
objective_metric_name: score
metric_definitions:
  - {Name: score, Regex: 'score=([0-9\.]+)'}
  - {Name: loss, Regex: 'loss=([0-9\.]+)'}
max_jobs: 2
max_parallel_jobs: 1
hyperparameter_ranges:
  x: {type: Continuous, min: 0, max: 1}
static_hyperparameters:
  sleep: 600
  spawn_child: 1
training:
  command: [python3, )" + FakeTrainerPath() + "]\n";
}

bool FirstTrialPrinted(Cluster& cluster, const std::string& job) {
  auto trials = ListTrials(cluster.stub(), job);
  return trials.size() == 1 &&
         !StoredPoints(DescribeTrial(cluster.stub(), trials[0].id())).empty();
}

TEST_CASE("SIGTERM drains tunerd with a worker and a watcher connected") {
  Cluster cluster;
  cluster.StartTuner();
  cluster.StartWorker("w1", 1);
  REQUIRE(cluster.Tunectl({"create-job", cluster.WriteSpec("s.yaml", LongJob("drain"))}).first == 0);
  REQUIRE(Eventually([&] { return FirstTrialPrinted(cluster, "drain"); },
                     std::chrono::seconds(60)));
  ChildProcess watcher({TunectlPath(), "--tuner", cluster.address(), "watch", "drain"});
  REQUIRE(watcher.WaitForLine(
      [](const std::string& line) { return line.find("trial_started") != std::string::npos; },
      std::chrono::seconds(30)));

  cluster.tuner().Signal(SIGTERM);
  const auto code = cluster.tuner().Wait(std::chrono::seconds(20));
  REQUIRE(code.has_value());
  CHECK(*code == 0);
  // The watcher's stream ended with the server; it says so and exits.
  CHECK(watcher.Wait(std::chrono::seconds(20)).has_value());
}

TEST_CASE("SIGTERM stops workerd's trials, their children too, and it exits 0") {
  Cluster cluster;
  cluster.StartTuner();
  auto& worker = cluster.StartWorker("w1", 1);
  REQUIRE(cluster.Tunectl({"create-job", cluster.WriteSpec("s.yaml", LongJob("quit"))}).first == 0);
  REQUIRE(Eventually([&] { return FirstTrialPrinted(cluster, "quit"); },
                     std::chrono::seconds(60)));
  const pid_t trainer = std::stoi(cluster.ReadTrialFile("quit-1", "pid"));
  const pid_t child = std::stoi(cluster.ReadTrialFile("quit-1", "child_pid"));

  worker.Signal(SIGTERM);
  const auto code = worker.Wait(std::chrono::seconds(20));
  REQUIRE(code.has_value());
  CHECK(*code == 0);
  CHECK(Eventually([&] { return ProcessIsGone(trainer); }, std::chrono::seconds(10)));
  CHECK(Eventually([&] { return ProcessIsGone(child); }, std::chrono::seconds(10)));
  // The tuner heard how the trial ended before the worker left.
  REQUIRE(Eventually(
      [&] { return ListTrials(cluster.stub(), "quit")[0].state() == tune::v1::TRIAL_FAILED; },
      std::chrono::seconds(10)));
  CHECK(ListTrials(cluster.stub(), "quit")[0].reason() == "killed by signal 15");
}

}  // namespace
}  // namespace tune::testing
