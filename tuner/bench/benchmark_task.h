// One problem of the sample-efficiency benchmark: a search space written as
// a job's ranges, an evaluation budget, and the objective to minimize.
//
// The ranges are spec::ParameterRange values, exactly what a user's spec
// gives a designer, so the benchmark exercises scalings, integers and
// categories the way tunerd does. The objective receives the parameters a
// designer suggested; every task minimizes.
//
//   absl::StatusOr<BenchmarkTask> task = MakeSyntheticTask("branin");
//   absl::StatusOr<double> y = task->objective(parameters);
//
// Plain data; copying is cheap. A task's objective is as thread-safe as the
// function it wraps (the synthetic ones are pure; the scikit-learn one
// talks to one child process and is not).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tuner/space/parameter_value.h"
#include "tuner/spec/job_spec.h"

namespace tune::bench {

using Objective =
    std::function<absl::StatusOr<double>(const space::Parameters&)>;

struct BenchmarkTask {
  std::string name;
  std::vector<spec::ParameterRange> ranges;
  int budget = 0;      // evaluations per run
  int batch_size = 1;  // points asked for and evaluated per round
  std::optional<double> optimum;  // the global minimum, when known
  Objective objective;
  // > 0: the designer sees each value plus Gaussian noise of this standard
  // deviation, and a run is scored on the noise-free value of the point it
  // recommends (benchmark_runner.h).
  double noise_sd = 0;
  // For a task with a deceptive local basin: a best value below this means
  // the run reached the global basin (the tables count such runs).
  std::optional<double> global_below;
};

// The value of parameter `name` as a number: a double, an int64_t, or a
// string that reads as a number (categories such as "7"). Errors:
// InvalidArgument when it is missing or not a number.
absl::StatusOr<double> NumberOf(const space::Parameters& parameters,
                                const std::string& name);

// Ranges for the task definitions.
spec::ParameterRange ContinuousRange(std::string name, double min, double max,
                                     spec::Scaling scaling =
                                         spec::Scaling::kLinear);
spec::ParameterRange IntegerRange(std::string name, int min, int max);
spec::ParameterRange CategoricalRange(std::string name,
                                      std::vector<std::string> values);

}  // namespace tune::bench
