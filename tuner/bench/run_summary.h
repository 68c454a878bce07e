// The statistics the benchmark reports for one strategy on one task, over
// its seeds: the median and quartiles of the best value found within the
// budget, the median log10 simple regret when the optimum is known, and
// the same quartiles of the best-so-far curve after every evaluation.
//
// Quantiles interpolate linearly between order statistics (numpy's default,
// which the Optuna peer uses), so both programs compute the same numbers.
// Simple regret is best - optimum, floored at kRegretFloor before its log
// is taken (a best value at the optimum, or a hair below it through
// rounding, reads as 1e-12). Pure functions; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tuner/bench/benchmark_task.h"

namespace tune::bench {

inline constexpr double kRegretFloor = 1e-12;

// The q-quantile (q in [0, 1]) of the values that are not NaN; NaN when
// there are none.
double Quantile(std::vector<double> values, double q);

struct RunSummary {
  std::string task;
  std::string strategy;
  int budget = 0;
  int batch_size = 1;
  int seeds = 0;
  std::optional<double> optimum;
  double median_best = 0;
  double q25_best = 0;
  double q75_best = 0;
  std::optional<double> median_log10_regret;  // when optimum is known
  std::vector<double> final_best;             // one per seed
  // Seeds whose best is below task.global_below, when the task has one.
  std::optional<int> in_global_basin;
  // Quartiles over seeds of the best value after evaluation i + 1.
  std::vector<double> median_curve;
  std::vector<double> q25_curve;
  std::vector<double> q75_curve;
  double seconds = 0;  // wall-clock time of all the seeds' runs
};

// `curves` holds one best-so-far curve per seed (RunOptimization's
// result); a curve shorter than the longest is extended with its last
// value. Requires at least one non-empty curve.
RunSummary Summarize(const BenchmarkTask& task, std::string strategy,
                     const std::vector<std::vector<double>>& curves,
                     double seconds);

}  // namespace tune::bench
