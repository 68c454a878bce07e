// GPU slots, taken as given without probing hardware: a trial asking for 2
// GPUs gets 2 distinct ones of its worker in CUDA_VISIBLE_DEVICES, CPU-only
// workers get none of those trials, and CPU trials see no GPU.
#include <catch2/catch.hpp>

#include <set>

#include "absl/strings/str_split.h"
#include "tests/support/cluster.h"
#include "tests/support/trials.h"

namespace tune::testing {
namespace {

std::string Spec(const std::string& name, int gpus) {
  return "name: " + name + R"(
strategy: Random
objective_metric_name: score
metric_definitions:
  - {Name: score, Regex: 'score=([0-9\.]+)'}
  - {Name: loss, Regex: 'loss=([0-9\.]+)'}
  - {Name: throughput, Regex: 'throughput=([0-9]+)'}
max_jobs: 4
max_parallel_jobs: 2
hyperparameter_ranges:
  x: {type: Continuous, min: 0, max: 1}
static_hyperparameters:
  epochs: 1
  sleep: 0.2
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

}  // namespace
}  // namespace tune::testing
