// GPU slots, taken as given without probing hardware: a trial asking for 2
// GPUs gets 2 distinct ones of its worker in CUDA_VISIBLE_DEVICES, CPU-only
// workers get none of those trials, CPU trials see no GPU, and a worker
// that shares its GPUs (--slots-per-gpu) runs that many trials on each.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include "absl/strings/str_split.h"
#include "tests/support/cluster.h"
#include "tests/support/trials.h"

namespace tune::testing {
namespace {

std::string Spec(const std::string& name, int gpus, int parallel = 2,
                 const std::string& sleep = "0.2") {
  return "name: " + name + R"(
strategy: Random
objective_metric_name: score
metric_definitions:
  - {Name: score, Regex: 'score=([0-9\.]+)'}
  - {Name: loss, Regex: 'loss=([0-9\.]+)'}
  - {Name: throughput, Regex: 'throughput=([0-9]+)'}
max_jobs: 4
max_parallel_jobs: )" + std::to_string(parallel) + R"(
hyperparameter_ranges:
  x: {type: Continuous, min: 0, max: 1}
static_hyperparameters:
  epochs: 1
  sleep: )" + sleep + R"(
training:
  command: [python3, )" + FakeTrainerPath() + R"(]
  gpus_per_trial: )" + std::to_string(gpus) + "\n";
}

TEST_CASE("trials get the GPUs they ask for, and CPU trials see none") {
  Cluster cluster;
  cluster.StartTuner();
  cluster.StartWorker("cpu", 4);
  cluster.StartGpuWorker("gpu", "3,5,7");
  REQUIRE(cluster.Tunectl({"create-job", cluster.WriteSpec("g.yaml", Spec("twogpus", 2))}).first == 0);
  auto [rc, out] = cluster.Tunectl({"watch", "twogpus"});
  INFO(out);
  REQUIRE(rc == 0);
  for (const auto& trial : ListTrials(cluster.stub(), "twogpus")) {
    CHECK(trial.state() == tune::v1::TRIAL_COMPLETED);
    CHECK(trial.worker_id() == "gpu");
    const std::string visible = cluster.ReadTrialFile(trial.id(), "cuda_visible_devices");
    std::vector<std::string> ids = absl::StrSplit(visible, ',');
    CHECK(ids.size() == 2);
    CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == 2);
    for (const auto& id : ids) CHECK((id == "3" || id == "5" || id == "7"));
  }

  REQUIRE(cluster.Tunectl({"create-job", cluster.WriteSpec("c.yaml", Spec("cpuonly", 0))}).first == 0);
  REQUIRE(cluster.Tunectl({"watch", "cpuonly"}).first == 0);
  for (const auto& trial : ListTrials(cluster.stub(), "cpuonly")) {
    CHECK(trial.state() == tune::v1::TRIAL_COMPLETED);
    if (trial.worker_id() == "cpu") {
      CHECK(cluster.ReadTrialFile(trial.id(), "cuda_visible_devices").empty());
    }
  }
}

TEST_CASE("a worker with two slots per GPU runs two trials on its one GPU") {
  Cluster cluster;
  cluster.StartTuner();
  const std::string events = cluster.dir() + "/trainer-events.log";
  cluster.StartGpuWorker("shared", "4", {"FAKE_TRAINER_LOG=" + events},
                         /*slots_per_gpu=*/2);
  REQUIRE(cluster.Tunectl({"create-job", cluster.WriteSpec("s.yaml", Spec("shared", 1, 4, "1.0"))}).first == 0);
  auto [rc, out] = cluster.Tunectl({"watch", "shared"});
  INFO(out);
  REQUIRE(rc == 0);
  for (const auto& trial : ListTrials(cluster.stub(), "shared")) {
    CHECK(trial.state() == tune::v1::TRIAL_COMPLETED);
    CHECK(cluster.ReadTrialFile(trial.id(), "cuda_visible_devices") == "4");
  }
  std::ifstream file(events);
  std::stringstream log;
  log << file.rdbuf();
  const auto [most, started] = MaxConcurrency(log.str());
  CHECK(started == 4);
  // Two slots on one GPU: never more than two at once, and the second slot
  // was used (with one slot per GPU the trials could only run in turn).
  CHECK(most == 2);
}

}  // namespace
}  // namespace tune::testing
