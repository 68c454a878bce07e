#include "tuner/policies/median_rule.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace tune::policies {
namespace {

// The mean of the values at steps <= k, or nullopt when there are none.
std::optional<double> RunningAverage(const MetricSeries& series, int64_t k) {
  double sum = 0;
  int64_t count = 0;
  for (const MetricPoint& point : series) {
    if (point.step > k) continue;
    sum += point.value;
    ++count;
  }
  if (count == 0) return std::nullopt;
  return sum / static_cast<double>(count);
}

bool Reached(const MetricSeries& series, int64_t k) {
  return std::any_of(series.begin(), series.end(),
                     [k](const MetricPoint& p) { return p.step >= k; });
}

// The median; NaN values count as the worst.
double Median(spec::ObjectiveType type, std::vector<double> values) {
  std::sort(values.begin(), values.end(),
            [type](double a, double b) { return spec::IsBetter(type, a, b); });
  const size_t n = values.size();
  if (n % 2 == 1) return values[n / 2];
  return (values[n / 2 - 1] + values[n / 2]) / 2;
}

}  // namespace

MedianRuleDecision DecideMedianRule(spec::ObjectiveType type,
                                    const MetricSeries& trial,
                                    const std::vector<MetricSeries>& ended,
                                    const MedianRuleOptions& options) {
  MedianRuleDecision decision;
  if (trial.empty()) {
    decision.reason = "no objective value reported yet";
    return decision;
  }
  int64_t k = trial.front().step;
  for (const MetricPoint& point : trial) k = std::max(k, point.step);
  decision.step = k;
  decision.running_average = RunningAverage(trial, k);
  const double average = *decision.running_average;
  if (k < options.min_step) {
    decision.reason =
        absl::StrCat("step ", k, " is before min_step ", options.min_step);
    return decision;
  }

  std::vector<double> averages;
  for (const MetricSeries& series : ended) {
    if (!Reached(series, k)) continue;
    if (std::optional<double> other = RunningAverage(series, k)) {
      averages.push_back(*other);
    }
  }
  decision.compared_trials = static_cast<int>(averages.size());
  if (decision.compared_trials < options.min_trials) {
    decision.reason = absl::StrCat(
        "only ", decision.compared_trials, " earlier trials reached step ", k,
        " (the rule needs ", options.min_trials, ")");
    return decision;
  }

  const double median = Median(type, std::move(averages));
  decision.median = median;
  decision.stop = spec::IsBetter(type, median, average);
  decision.reason = absl::StrCat(
      "running average ", average, " at step ", k,
      decision.stop ? " is worse than" : " is not worse than", " the median ",
      median, " of ", decision.compared_trials, " earlier trials");
  return decision;
}

}  // namespace tune::policies
