#include "tuner/bench/run_summary.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace tune::bench {

double Quantile(std::vector<double> values, double q) {
  std::erase_if(values, [](double v) { return std::isnan(v); });
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(values.begin(), values.end());
  const double position =
      std::clamp(q, 0.0, 1.0) * static_cast<double>(values.size() - 1);
  const size_t below = static_cast<size_t>(std::floor(position));
  const size_t above = std::min(below + 1, values.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return values[below] + (values[above] - values[below]) * fraction;
}

RunSummary Summarize(const BenchmarkTask& task, std::string strategy,
                     const std::vector<std::vector<double>>& curves,
                     double seconds) {
  RunSummary summary;
  summary.task = task.name;
  summary.strategy = std::move(strategy);
  summary.budget = task.budget;
  summary.batch_size = task.batch_size;
  summary.seeds = static_cast<int>(curves.size());
  summary.optimum = task.optimum;
  summary.seconds = seconds;

  size_t length = 0;
  for (const std::vector<double>& curve : curves) {
    length = std::max(length, curve.size());
  }
  for (size_t i = 0; i < length; ++i) {
    std::vector<double> column;
    for (const std::vector<double>& curve : curves) {
      if (curve.empty()) continue;
      column.push_back(curve[std::min(i, curve.size() - 1)]);
    }
    summary.median_curve.push_back(Quantile(column, 0.5));
    summary.q25_curve.push_back(Quantile(column, 0.25));
    summary.q75_curve.push_back(Quantile(column, 0.75));
  }

  for (const std::vector<double>& curve : curves) {
    if (!curve.empty()) summary.final_best.push_back(curve.back());
  }
  summary.median_best = Quantile(summary.final_best, 0.5);
  if (task.global_below.has_value()) {
    summary.in_global_basin = static_cast<int>(
        std::count_if(summary.final_best.begin(), summary.final_best.end(),
                      [&](double best) { return best < *task.global_below; }));
  }
  summary.q25_best = Quantile(summary.final_best, 0.25);
  summary.q75_best = Quantile(summary.final_best, 0.75);
  if (task.optimum.has_value()) {
    std::vector<double> log_regrets;
    for (double best : summary.final_best) {
      log_regrets.push_back(
          std::log10(std::max(best - *task.optimum, kRegretFloor)));
    }
    summary.median_log10_regret = Quantile(log_regrets, 0.5);
  }
  return summary;
}

}  // namespace tune::bench
