#include "tuner/bench/benchmark_runner.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/status/status.h"
#include "tuner/gp/random.h"
#include "tuner/rng/split_mix64.h"

namespace tune::bench {

absl::StatusOr<std::vector<double>> RunOptimization(
    const BenchmarkTask& task, designers::Designer& designer,
    uint64_t noise_seed, const Recommender& recommend) {
  std::vector<designers::CompletedTrial> completed;
  std::vector<double> true_values;
  std::vector<double> best_so_far;
  best_so_far.reserve(task.budget);
  double best_seen = std::numeric_limits<double>::quiet_NaN();
  double best = std::numeric_limits<double>::quiet_NaN();
  rng::SplitMix64 noise(noise_seed);
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
      double seen = *value;
      if (task.noise_sd > 0) seen += task.noise_sd * gp::StandardNormal(noise);
      // The best by what was seen, scored by what is true.
      if (!std::isnan(seen) && !(best_seen <= seen)) {
        best_seen = seen;
        best = *value;
      }
      best_so_far.push_back(best);
      true_values.push_back(*value);
      completed.push_back({std::move(parameters), seen});
    }
  }
  if (task.noise_sd > 0 && recommend && !completed.empty()) {
    const int pick = recommend(completed);
    if (pick >= 0 && pick < static_cast<int>(true_values.size())) {
      best_so_far.back() = true_values[static_cast<size_t>(pick)];
    }
  }
  return best_so_far;
}

}  // namespace tune::bench
