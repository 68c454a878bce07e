#include "tuner/bench/synthetic_tasks.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "tuner/bench/test_functions.h"

namespace tune::bench {
namespace {

using VectorFunction = double (*)(const std::vector<double>&);

// Reads the ranges' values in order as numbers and applies `function`.
Objective VectorObjective(std::vector<std::string> names,
                          VectorFunction function) {
  return [names = std::move(names),
          function](const space::Parameters& parameters)
             -> absl::StatusOr<double> {
    std::vector<double> x;
    x.reserve(names.size());
    for (const std::string& name : names) {
      absl::StatusOr<double> value = NumberOf(parameters, name);
      if (!value.ok()) return value.status();
      x.push_back(*value);
    }
    return function(x);
  };
}

std::vector<std::string> NamesOf(const std::vector<spec::ParameterRange>& ranges) {
  std::vector<std::string> names;
  for (const spec::ParameterRange& range : ranges) names.push_back(range.name);
  return names;
}

// A task over the box [min, max]^dims with inputs x0, x1, ...
BenchmarkTask BoxTask(std::string name, int dims, double min, double max,
                      int budget, double optimum, VectorFunction function) {
  BenchmarkTask task;
  task.name = std::move(name);
  for (int i = 0; i < dims; ++i) {
    task.ranges.push_back(ContinuousRange(absl::StrCat("x", i), min, max));
  }
  task.budget = budget;
  task.optimum = optimum;
  task.objective = VectorObjective(NamesOf(task.ranges), function);
  return task;
}

BenchmarkTask Hartmann6Task(std::string name) {
  BenchmarkTask task =
      BoxTask(std::move(name), 6, 0, 1, 100, kHartmann6Minimum, Hartmann6);
  task.global_below = kHartmann6GlobalBelow;
  return task;
}

BenchmarkTask BraninTask() {
  BenchmarkTask task;
  task.name = "branin";
  task.ranges = {ContinuousRange("x0", -5, 10), ContinuousRange("x1", 0, 15)};
  task.budget = 50;
  task.optimum = kBraninMinimum;
  task.objective = VectorObjective(NamesOf(task.ranges), Branin);
  return task;
}

BenchmarkTask AckleyMixedTask() {
  std::vector<std::string> levels;
  for (int level = 0; level <= 16; ++level) {
    levels.push_back(absl::StrCat(level));
  }
  BenchmarkTask task;
  task.name = "ackley-mixed";
  task.ranges = {CategoricalRange("h0", levels),
                 CategoricalRange("h1", levels),
                 CategoricalRange("h2", levels),
                 IntegerRange("h3", 0, 16),
                 IntegerRange("h4", 0, 16),
                 ContinuousRange("x", -1, 1)};
  task.budget = 100;
  task.optimum = 0;
  task.objective = VectorObjective(NamesOf(task.ranges), AckleyMixed);
  return task;
}

}  // namespace

std::vector<std::string> SyntheticTaskNames() {
  return {"branin",         "hartmann6",      "hartmann6-q4",
          "ackley5",        "rosenbrock4",    "ackley-mixed",
          "ackley10",       "two-basins",     "hartmann6-noisy",
          "branin-b10",     "branin-b20",     "hartmann6-b10",
          "hartmann6-b20",  "hartmann6-b50",  "rosenbrock4-b10",
          "rosenbrock4-b20"};
}

absl::StatusOr<BenchmarkTask> MakeSyntheticTask(std::string_view name) {
  // NAME-bN: task NAME with a budget of N evaluations (the small budgets).
  if (const size_t at = name.rfind("-b"); at != std::string_view::npos) {
    int budget = 0;
    if (absl::SimpleAtoi(absl::string_view(name.data() + at + 2,
                                           name.size() - at - 2),
                         &budget) &&
        budget > 0) {
      absl::StatusOr<BenchmarkTask> base = MakeSyntheticTask(name.substr(0, at));
      if (!base.ok()) return base.status();
      base->name = std::string(name);
      base->budget = budget;
      return base;
    }
  }
  if (name == "branin") return BraninTask();
  if (name == "hartmann6") return Hartmann6Task("hartmann6");
  if (name == "hartmann6-q4") {
    BenchmarkTask task = Hartmann6Task("hartmann6-q4");
    task.batch_size = 4;
    return task;
  }
  if (name == "ackley5") {
    return BoxTask("ackley5", 5, -32.768, 32.768, 100, 0, Ackley);
  }
  if (name == "rosenbrock4") {
    return BoxTask("rosenbrock4", 4, -5, 10, 100, 0, Rosenbrock);
  }
  if (name == "ackley-mixed") return AckleyMixedTask();
  if (name == "hartmann6-noisy") {
    BenchmarkTask task = Hartmann6Task("hartmann6-noisy");
    task.noise_sd = 0.1;
    return task;
  }
  if (name == "ackley10") {
    return BoxTask("ackley10", 10, -32.768, 32.768, 200, 0, Ackley);
  }
  if (name == "two-basins") {
    BenchmarkTask task =
        BoxTask("two-basins", 3, 0, 1, 60, kTwoBasinsMinimum, TwoBasins);
    task.global_below = kTwoBasinsGlobalBelow;
    return task;
  }
  return absl::NotFoundError(
      absl::StrCat("no synthetic task named ", absl::string_view(name.data(), name.size())));
}

double AckleyMixed(const std::vector<double>& inputs) {
  std::vector<double> z;
  z.reserve(inputs.size());
  for (size_t i = 0; i + 1 < inputs.size(); ++i) {
    z.push_back(-1 + inputs[i] / 8);
  }
  z.push_back(inputs.back());
  return Ackley(z);
}

}  // namespace tune::bench
