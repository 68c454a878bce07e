#include "tuner/bench/benchmark_runner.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "tuner/bench/bench_strategy.h"
#include "tuner/bench/synthetic_tasks.h"

namespace tune::bench {
namespace {

// Records what the runner asks for.
class RecordingDesigner final : public designers::Designer {
 public:
  void Update(const std::vector<designers::CompletedTrial>& completed,
              const std::vector<space::Parameters>& active) override {
    history_sizes.push_back(static_cast<int>(completed.size()));
    active_sizes.push_back(static_cast<int>(active.size()));
  }
  absl::StatusOr<std::vector<space::Parameters>> Suggest(
      int count) const override {
    counts.push_back(count);
    std::vector<space::Parameters> points;
    for (int i = 0; i < count; ++i) {
      points.push_back({{"x", static_cast<double>(history_sizes.back() + i)}});
    }
    return points;
  }
  std::vector<int> history_sizes;
  std::vector<int> active_sizes;
  mutable std::vector<int> counts;
};

BenchmarkTask CountdownTask(int budget, int batch_size) {
  BenchmarkTask task;
  task.name = "countdown";
  task.ranges = {ContinuousRange("x", 0, 100)};
  task.budget = budget;
  task.batch_size = batch_size;
  // 5, 4, 3, NaN, 1, 0, -1, ...
  task.objective = [](const space::Parameters& p) -> absl::StatusOr<double> {
    const double x = std::get<double>(p.at("x"));
    if (x == 3) return std::nan("");
    return 5 - x;
  };
  return task;
}

TEST_CASE("Sequential runs ask one point at a time and track the best") {
  RecordingDesigner designer;
  const auto best = RunOptimization(CountdownTask(6, 1), designer);
  REQUIRE(best.ok());
  CHECK(*best == std::vector<double>{5, 4, 3, 3, 1, 0});
  CHECK(designer.history_sizes == std::vector<int>{0, 1, 2, 3, 4, 5});
  CHECK(designer.counts == std::vector<int>(6, 1));
}

TEST_CASE("Batched runs ask q points per round and stop at the budget") {
  RecordingDesigner designer;
  const auto best = RunOptimization(CountdownTask(10, 4), designer);
  REQUIRE(best.ok());
  CHECK(best->size() == 10);
  CHECK(designer.history_sizes == std::vector<int>{0, 4, 8});
  CHECK(designer.counts == std::vector<int>{4, 4, 2});
}

TEST_CASE("A noisy task scores the recommended point by its true value") {
  BenchmarkTask task;
  task.name = "noisy";
  task.ranges = {ContinuousRange("x", 0, 100)};
  task.budget = 8;
  task.noise_sd = 100;  // noise far above the values' spread
  task.objective = [](const space::Parameters& p) -> absl::StatusOr<double> {
    return std::get<double>(p.at("x"));  // 0, 1, ..., 7
  };
  RecordingDesigner designer;
  std::vector<double> seen;
  const Recommender first = [&](const auto& completed) {
    for (const auto& trial : completed) seen.push_back(*trial.objective);
    return 0;
  };
  absl::StatusOr<std::vector<double>> curve =
      RunOptimization(task, designer, 42, first);
  REQUIRE(curve.ok());
  REQUIRE(curve->size() == 8);
  // Each element is a true value (an integer point), not a noisy one.
  for (double v : *curve) CHECK(v == std::round(v));
  // The designer saw noisy values; the last element is the recommended
  // point's true value.
  REQUIRE(seen.size() == 8);
  int noisy = 0;
  for (size_t i = 0; i < seen.size(); ++i) noisy += seen[i] != static_cast<double>(i);
  CHECK(noisy == 8);
  CHECK(curve->back() == 0);
  // The same seed gives the same noise.
  RecordingDesigner again;
  std::vector<double> seen_again;
  const Recommender record = [&](const auto& completed) {
    for (const auto& trial : completed) seen_again.push_back(*trial.objective);
    return -1;  // none: the best observed stands
  };
  REQUIRE(RunOptimization(task, again, 42, record).ok());
  CHECK(seen_again == seen);
}

TEST_CASE("Every strategy runs a short synthetic task") {
  absl::StatusOr<BenchmarkTask> task = MakeSyntheticTask("ackley-mixed");
  REQUIRE(task.ok());
  task->budget = 8;
  for (BenchStrategy strategy : AllBenchStrategies()) {
    CAPTURE(ToString(strategy));
    auto designer = MakeBenchDesigner(strategy, *task, 3);
    REQUIRE(designer.ok());
    const auto best = RunOptimization(*task, **designer);
    REQUIRE(best.ok());
    REQUIRE(best->size() == 8);
    for (size_t i = 1; i < best->size(); ++i) {
      CHECK((*best)[i] <= (*best)[i - 1]);
    }
  }
}

TEST_CASE("Strategy names parse back") {
  for (BenchStrategy strategy : AllBenchStrategies()) {
    const auto parsed = ParseBenchStrategy(ToString(strategy));
    REQUIRE(parsed.ok());
    CHECK(*parsed == strategy);
  }
  CHECK(ParseBenchStrategy("tpe").status().code() ==
        absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tune::bench
