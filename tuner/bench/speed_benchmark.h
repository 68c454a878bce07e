// How long the gp strategy takes to fit and to suggest as a job's history
// grows: `tune_bench --speed`.
//
// For each history size n, n points uniform in [0, 1]^6 (from a SplitMix64
// stream seeded with `seed`) are scored with Hartmann6 and handed to a fresh
// designer from designers::MakeDesigner (Strategy::kBayesian, the hartmann6
// task's ranges) as completed trials; the wall-clock time of Update() and
// that of the following Suggest(1) are taken with std::chrono::steady_clock.
// Each size is repeated and the medians are reported. Nothing here asserts
// a time; it measures only.
//
//   absl::StatusOr<std::vector<SpeedRow>> rows =
//       MeasureSpeed({50, 200, 1000, 5000}, 3, 1);
//
// Not thread-safe only in that it measures wall-clock time: run it alone.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace tune::bench {

struct SpeedRow {
  int history_size = 0;
  int repetitions = 0;
  double update_seconds = 0;   // median over the repetitions
  double suggest_seconds = 0;  // median over the repetitions
};

// Errors: InvalidArgument for a size < 1 or repetitions < 1; those of
// MakeDesigner and Suggest().
absl::StatusOr<std::vector<SpeedRow>> MeasureSpeed(
    const std::vector<int>& history_sizes, int repetitions, uint64_t seed);

// The class name of the designer MakeDesigner gives a Bayesian job (for
// example "tune::designers::RandomDesigner"), so that a speed table says
// what it timed.
std::string BayesianDesignerName();

// A markdown table of the rows, naming the designer.
std::string SpeedTable(const std::vector<SpeedRow>& rows,
                       const std::string& designer_name);

}  // namespace tune::bench
