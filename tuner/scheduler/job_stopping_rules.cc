// A job's early stopping: the median rule and Hyperband's successive
// halving, applied after new objective points. The rules themselves are
// pure functions in tuner/policies.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "tuner/policies/median_rule.h"
#include "tuner/policies/successive_halving.h"
#include "tuner/scheduler/job.h"

namespace tune::scheduler {
namespace {

using storage::TrialState;
using policies::ValueFromStep;

}  // namespace

void Job::StopTrialForRule(Trial& trial, const std::string& reason,
                           Effects& effects) {
  if (!trial.stop_reason.empty() ||
      trial.record.state != TrialState::kInProgress) {
    return;
  }
  trial.stop_reason = reason;
  storage::Mutation mutation;
  mutation.events.push_back(
      Event(trial.record.trial_id, "trial_stopping", reason));
  // The order goes out even if its event cannot be stored: the stop is
  // what matters, and the trial's end is recorded as Stopped either way.
  if (absl::Status status = Commit(std::move(mutation)); !status.ok()) {
    effects.errors.push_back(std::move(status));
  }
  SendStop(trial, reason, effects);
}

void Job::ApplyStoppingRules(Trial& trial, Effects& effects) {
  if (!spec_.training || !running() ||
      trial.record.state != TrialState::kInProgress ||
      !trial.stop_reason.empty() || trial.objective_series.empty()) {
    return;
  }
  if (spec_.early_stopping_type == spec::EarlyStoppingType::kAuto) {
    std::vector<policies::MetricSeries> ended;
    for (const auto& other : trials_) {
      if (&other != &trial && (other.record.state == TrialState::kCompleted ||
                               other.record.state == TrialState::kStopped)) {
        ended.push_back(other.objective_series);
      }
    }
    const policies::MedianRuleDecision decision = policies::DecideMedianRule(
        spec_.objective_type, trial.objective_series, ended);
    if (decision.stop) {
      StopTrialForRule(
          trial, absl::StrCat("early stopping (Auto): ", decision.reason),
          effects);
      return;
    }
  }
  if (halving_) {
    // Every rung the curve passed since the last look is judged, lowest
    // first, on the trial's value at that rung: points may come in batches.
    const policies::SuccessiveHalving& halving = *halving_;
    const int bracket = halving.BracketOfTrial(trial.record.seq);
    const int64_t last_step = trial.objective_series.back().step;
    for (int64_t rung : halving.Rungs(bracket)) {
      if (rung <= trial.judged_through || rung > last_step) continue;
      std::vector<double> recorded;
      for (const auto& other : trials_) {
        if (&other == &trial ||
            halving.BracketOfTrial(other.record.seq) != bracket) {
          continue;
        }
        if (auto at = ValueFromStep(other.objective_series, rung)) {
          recorded.push_back(*at);
        }
      }
      const policies::RungDecision decision = halving.Decide(
          bracket, rung, *ValueFromStep(trial.objective_series, rung), recorded);
      if (decision.stop) {
        StopTrialForRule(trial, absl::StrCat("hyperband: ", decision.reason),
                         effects);
        break;
      }
    }
    trial.judged_through = std::max(trial.judged_through, last_step);
  }
}

}  // namespace tune::scheduler
