// The Bayesian strategy through tunerd and workerd, 3 trials at a time:
// after the quasi-random initial design the GP chooses the trials, records
// why, never repeats a configuration, and homes in on the optimum.
#include <catch2/catch.hpp>

#include <set>
#include <sstream>

#include "tests/support/cluster.h"
#include "tests/support/trials.h"

namespace tune::testing {
namespace {

TEST_CASE("a Bayesian job runs its GP suggestions in parallel batches") {
  Cluster cluster;
  cluster.StartTuner();
  cluster.StartWorker("w1", 2);
  cluster.StartWorker("w2", 2);
  // The fake trainer's score is 2 - (x - 0.3)^2 - 0.01 (y - 5)^2, +0.1 for
  // kind b: best at x = 0.3, y = 5, kind = b.
  const std::string spec = R"(name: bayes
strategy: Bayesian
objective_metric_name: score
metric_definitions:
  - {Name: score, Regex: 'score=(-?[0-9\.]+)'}
  - {Name: loss, Regex: 'loss=([0-9\.]+)'}
  - {Name: throughput, Regex: 'throughput=([0-9]+)'}
max_jobs: 20
max_parallel_jobs: 3
hyperparameter_ranges:
  x:    {type: Continuous, min: 0.0, max: 1.0}
  y:    {type: Integer, min: 1, max: 9}
  kind: {type: Categorical, values: [a, b, c]}
static_hyperparameters:
  epochs: 1
training:
  command: [python3, )" + FakeTrainerPath() + R"(]
random_seed: 5
)";
  REQUIRE(cluster.Tunectl({"create-job", cluster.WriteSpec("b.yaml", spec)}).first == 0);
  auto [watched, out] = cluster.Tunectl({"watch", "bayes"});
  INFO(out);
  REQUIRE(watched == 0);

  const auto trials = ListTrials(cluster.stub(), "bayes");
  REQUIRE(trials.size() == 20);
  std::set<std::string> configurations;
  int from_gp = 0;
  int from_restart = 0;
  double best = -1e300;
  for (const auto& trial : trials) {
    CHECK(trial.state() == tune::v1::TRIAL_COMPLETED);
    const auto& h = trial.hyperparameters();
    configurations.insert(std::to_string(h.at("x").double_value()) + "/" +
                          std::to_string(h.at("y").int_value()) + "/" +
                          h.at("kind").string_value());
    from_restart += trial.suggestion_json().find("\"strategy\":\"restart\"") !=
                    std::string::npos;
    if (trial.suggestion_json().find("\"strategy\":\"gp\"") != std::string::npos) {
      ++from_gp;
      CHECK(trial.suggestion_json().find("\"mean\"") != std::string::npos);
      CHECK(trial.suggestion_json().find("\"std\"") != std::string::npos);
    }
    best = std::max(best, trial.objective());
    UNSCOPED_INFO(trial.id() << " " << trial.objective() << " " << trial.suggestion_json());
  }
  CHECK(configurations.size() == 20);  // no configuration twice
  // 3 dimensions and 20 trials: an initial design of max(5, 20 / 5) = 5
  // (not 2 d + 1 = 7), then the GP (a search that stalls for 10 trials may
  // restart with a few quasi-random points of its own).
  CHECK(from_gp + from_restart == 15);
  CHECK(from_gp >= 11);
  // The optimum is 2.1. Random search's best of 20 trials passes 2.095
  // about one time in ten (simulated over 20,000 seeds): it needs kind b,
  // y = 5 and x within 0.07 of 0.3.
  CHECK(best > 2.095);
  // list-trials tells the initial design's trials from the GP's.
  auto [listed, table] = cluster.Tunectl({"list-trials", "bayes"});
  CHECK(listed == 0);
  int design_rows = 0, gp_rows = 0, restart_rows = 0;
  std::istringstream rows(table);
  for (std::string line; std::getline(rows, line);) {
    design_rows += line.find(" initial_design ") != std::string::npos;
    gp_rows += line.find(" gp ") != std::string::npos;
    restart_rows += line.find(" restart ") != std::string::npos;
  }
  CHECK(design_rows == 5);
  CHECK(gp_rows == from_gp);
  CHECK(restart_rows == from_restart);
  auto [described, text] = cluster.Tunectl({"describe-trial", trials[0].id()});
  CHECK(described == 0);
  CHECK(text.find("Suggested:") != std::string::npos);
}

}  // namespace
}  // namespace tune::testing
