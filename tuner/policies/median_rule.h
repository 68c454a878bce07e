// The median stopping rule, SageMaker's "Auto" early stopping.
//
// A running trial that has reported up to step k is stopped when its
// running average of the objective over steps 1..k is worse than the median
// of the running averages at step k of the earlier trials that ended
// (Completed or Stopped) and reached step k. The rule only applies from
// step options.min_step on, and only once at least options.min_trials such
// earlier trials exist; before that the trial always continues.
//
// Precisely, for a series of (step, value) points in any order:
//   * k is the trial's largest reported step;
//   * a series' running average at k is the mean of all its values at
//     steps <= k (a series with gaps averages the points it has);
//   * an earlier trial takes part when it has a point at a step >= k (it
//     "reached" k) and at least one point at a step <= k;
//   * the median of an even count is the mean of the two middle values;
//   * "worse" is spec::IsBetter(type, median, average): ties continue, a NaN
//     average is worse than any number, a NaN median stops nobody.
//
// Example:
//   MedianRuleDecision d = DecideMedianRule(ObjectiveType::kMaximize,
//                                           trial_series, ended_series);
//   if (d.stop) Stop(trial, d.reason);
//
// Pure function; safe to call from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tuner/policies/metric_series.h"
#include "tuner/spec/job_spec.h"

namespace tune::policies {

struct MedianRuleOptions {
  int min_trials = 5;    // earlier trials that reached step k
  int64_t min_step = 3;  // the first step k the rule is applied at
};

struct MedianRuleDecision {
  bool stop = false;
  int64_t step = 0;  // k; 0 when the trial has reported nothing
  std::optional<double> running_average;  // the trial's, at k
  std::optional<double> median;  // of the earlier trials', when compared
  int compared_trials = 0;       // earlier trials that reached step k
  // Why, in a sentence: "running average 0.41 at step 4 is worse than the
  // median 0.52 of 6 earlier trials", or why the rule does not apply yet.
  std::string reason;
};

// `trial`: the running trial's series. `ended`: the series of the earlier
// trials that ended Completed or Stopped (the caller leaves failed trials
// out).
MedianRuleDecision DecideMedianRule(spec::ObjectiveType type,
                                    const MetricSeries& trial,
                                    const std::vector<MetricSeries>& ended,
                                    const MedianRuleOptions& options = {});

}  // namespace tune::policies
