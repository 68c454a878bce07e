// The job's completion criteria (spec::CompletionCriteria): whether the
// trials that have ended so far are reason enough to end the whole job.
//
// Only finite objectives of trials that ended Completed or Stopped take
// part; failed trials, and trials without a finite objective, are ignored
// by every rule. "Better" is spec::IsBetter under the objective type. The
// rules, checked in this order, the first that holds giving the reason:
//
//   target_objective_value T: the first trial (in end order) whose
//     objective is at least as good as T (>= T for Maximize, <= T for
//     Minimize) ends the job.
//   best_objective_not_improving N (N > 0): the last N trials with an
//     objective, in end order, were all no better than the best before
//     them; i.e. at least N such trials ended after the one that set the
//     current best (ties do not improve).
//   convergence_detected: with n trials with an objective, d = num_parameters
//     and w = max(5, floor(n / 3)): n >= max(10, 2d + 2), and the best
//     objective of all n trials is better than the best of the first n - w
//     by at most 1e-3 times the observed range (max - min of all n
//     objectives). A constant objective converges.
//
// Example:
//   if (std::optional<std::string> reason = CheckCompletion(
//           spec.completion_criteria, spec.objective_type,
//           spec.ranges.size(), ended)) {
//     CompleteJob(*reason);
//   }
//
// Pure function; safe to call from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tuner/spec/job_spec.h"

namespace tune::policies {

enum class EndedState { kCompleted, kStopped, kFailed };

struct EndedTrial {
  int64_t seq = 0;  // the trial's number, for the reason
  EndedState state = EndedState::kCompleted;
  std::optional<double> objective;
};

// Convergence: the relative improvement at or below which the search has
// converged, and the smallest look-back window.
inline constexpr double kConvergenceTolerance = 1e-3;
inline constexpr int kConvergenceMinWindow = 5;
inline constexpr int kConvergenceMinTrials = 10;

// `ended`: the trials that ended, in the order they ended. Returns the
// reason the job is complete, e.g.
//   "completion_criteria.target_objective_value: 0.95 reached by trial 7
//    (objective 0.951)",
//   "completion_criteria.best_objective_not_improving: no improvement in the
//    last 5 trials (best 0.93 from trial 4)",
//   "completion_criteria.convergence_detected: ...",
// or nullopt when no criterion holds.
std::optional<std::string> CheckCompletion(
    const spec::CompletionCriteria& criteria, spec::ObjectiveType type,
    int num_parameters, const std::vector<EndedTrial>& ended);

}  // namespace tune::policies
