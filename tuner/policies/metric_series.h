// A trial's objective curve as the stopping rules read it: points in
// ascending step order, one value a step. Pure; header-only.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

namespace tune::policies {

// One reported value of the objective metric.
struct MetricPoint {
  int64_t step = 0;
  double value = 0;
};
using MetricSeries = std::vector<MetricPoint>;

// The first point at or past `step`, or end().
inline MetricSeries::const_iterator FirstFrom(const MetricSeries& series,
                                              int64_t step) {
  return std::lower_bound(
      series.begin(), series.end(), step,
      [](const MetricPoint& point, int64_t s) { return point.step < s; });
}

// The curve's value at exactly `step`, if it has one there.
inline std::optional<double> ValueAtStep(const MetricSeries& series,
                                         int64_t step) {
  auto at = FirstFrom(series, step);
  if (at == series.end() || at->step != step) return std::nullopt;
  return at->value;
}

// The value a curve recorded at `step` or first after it (a rung's value).
inline std::optional<double> ValueFromStep(const MetricSeries& series,
                                           int64_t step) {
  auto at = FirstFrom(series, step);
  if (at == series.end()) return std::nullopt;
  return at->value;
}

}  // namespace tune::policies
