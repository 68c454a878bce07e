#include "tuner/bench/benchmark_runner.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/status/status.h"

namespace tune::bench {

absl::StatusOr<std::vector<double>> RunOptimization(
    const BenchmarkTask& task, designers::Designer& designer) {
  std::vector<designers::CompletedTrial> completed;
  std::vector<double> best_so_far;
  best_so_far.reserve(task.budget);
  double best = std::numeric_limits<double>::quiet_NaN();
  const int batch_size = std::max(1, task.batch_size);
  while (static_cast<int>(completed.size()) < task.budget) {
    const int count =
        std::min(batch_size, task.budget - static_cast<int>(completed.size()));
    designer.Update(completed, {});
    absl::StatusOr<std::vector<space::Parameters>> points =
        designer.Suggest(count);
    if (!points.ok()) return points.status();
    if (points->empty()) {
      if (completed.empty()) {
        return absl::FailedPreconditionError(
            "the designer suggested no point at all");
      }
      break;  // the space is used up
    }
    if (static_cast<int>(points->size()) > count) points->resize(count);
    for (space::Parameters& parameters : *points) {
      absl::StatusOr<double> value = task.objective(parameters);
      if (!value.ok()) return value.status();
      if (!std::isnan(*value) && !(best <= *value)) best = *value;
      best_so_far.push_back(best);
      completed.push_back({std::move(parameters), *value});
    }
  }
  return best_so_far;
}

}  // namespace tune::bench
