// The Scheduler's per-trial rules: what the designer learns from (warm
// start, Hyperband's rungs), early stopping by the median rule, Hyperband's
// successive halving, and retries of infrastructure failures. The rules
// themselves are pure functions in tuner/policies; this file applies them.
#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tuner/policies/failure_classification.h"
#include "tuner/policies/median_rule.h"
#include "tuner/policies/successive_halving.h"
#include "tuner/scheduler/attempt_history.h"
#include "tuner/scheduler/scheduler.h"
#include "tuner/scheduler/wall_clock.h"

namespace tune::scheduler {
namespace {

using storage::TrialState;

using storage::IsActive;

// Whether a parent's point lies inside this job's ranges, so that the
// designer may take it as an observation of this job's space.
bool FitsRanges(const space::Parameters& parameters,
                const std::vector<spec::ParameterRange>& ranges) {
  for (const auto& range : ranges) {
    auto it = parameters.find(range.name);
    if (it == parameters.end()) return false;
    const space::ParameterValue& value = it->second;
    if (range.type == spec::ParameterType::kCategorical) {
      const std::string* text = std::get_if<std::string>(&value);
      if (text == nullptr ||
          std::find(range.values.begin(), range.values.end(), *text) ==
              range.values.end()) {
        return false;
      }
      continue;
    }
    double number = 0;
    if (const double* d = std::get_if<double>(&value)) {
      number = *d;
    } else if (const int64_t* i = std::get_if<int64_t>(&value)) {
      number = static_cast<double>(*i);
    } else {
      return false;
    }
    if (number < range.min || number > range.max) return false;
  }
  return true;
}

// The value of a curve at `step`, if it has one there.
std::optional<double> ValueAt(const policies::MetricSeries& series,
                              int64_t step) {
  auto at = std::lower_bound(
      series.begin(), series.end(), step,
      [](const auto& entry, int64_t s) { return entry.step < s; });
  if (at == series.end() || at->step != step) return std::nullopt;
  return at->value;
}

// The value a curve recorded at a rung: its first at or past it.
std::optional<double> ValueAtRung(const policies::MetricSeries& series,
                                  int64_t rung) {
  auto at = std::lower_bound(
      series.begin(), series.end(), rung,
      [](const auto& entry, int64_t s) { return entry.step < s; });
  if (at == series.end()) return std::nullopt;
  return at->value;
}

}  // namespace

Scheduler::DesignerView Scheduler::ViewForDesigner(const JobEntry& job) const {
  DesignerView view;
  std::vector<designers::CompletedTrial>& completed = view.completed;
  std::vector<space::Parameters>& active = view.active;

  // Model-based Hyperband (after BOHB): fit the values at the largest rung
  // that enough trials reached, so that stopped and finished trials are
  // compared at the same resource.
  std::optional<int64_t> fit_rung;
  if (job.halving) {
    std::map<int64_t, int64_t> reached;
    for (const auto& trial : job.trials) {
      for (const auto& point : trial.objective_series) ++reached[point.step];
    }
    fit_rung = policies::ResourceToModel(
        reached, static_cast<int64_t>(job.spec.ranges.size()) + 2);
  }
  int own_ended = 0;
  for (const auto& trial : job.trials) {
    if (IsActive(trial.record.state)) {
      active.push_back(trial.parameters);
      continue;
    }
    ++own_ended;
    std::optional<double> objective =
        trial.record.state == TrialState::kFailed ? std::nullopt
                                                  : trial.record.objective;
    if (fit_rung && objective) {
      // A trial stopped below the rung counts as tried and not good.
      objective = ValueAt(trial.objective_series, *fit_rung);
    }
    completed.push_back({trial.parameters, objective});
  }

  if (const auto& warm = job.spec.warm_start) {
    // TransferLearning: the parents' points only shape the start of the
    // search (their function may differ); once the job has as many trials
    // of its own as an initial design, they are left out.
    const int initial_design =
        std::max(5, 2 * static_cast<int>(job.spec.ranges.size()) + 1);
    const bool use_parents =
        warm->type == spec::WarmStartType::kIdenticalDataAndAlgorithm ||
        own_ended < initial_design;
    for (const std::string& parent_name : use_parents ? warm->parents
                                                      : std::vector<std::string>{}) {
      const JobEntry* parent = FindJob(parent_name);
      if (parent == nullptr) continue;
      for (const auto& trial : parent->trials) {
        if (IsActive(trial.record.state) ||
            trial.record.state == TrialState::kFailed ||
            !trial.record.objective ||
            !FitsRanges(trial.parameters, job.spec.ranges)) {
          continue;
        }
        space::Parameters point;
        for (const auto& range : job.spec.ranges) {
          point[range.name] = trial.parameters.at(range.name);
        }
        completed.push_back({std::move(point), trial.record.objective});
      }
    }
  }
  return view;
}

absl::Status Scheduler::CheckWarmStart(const spec::JobSpec& spec) const {
  if (!spec.warm_start) return absl::OkStatus();
  const auto& warm = *spec.warm_start;
  std::set<std::string> names;
  for (const auto& range : spec.ranges) names.insert(range.name);
  for (size_t i = 0; i < warm.parents.size(); ++i) {
    const std::string path = absl::StrCat("warm_start_config.parents[", i, "]");
    const JobEntry* parent = FindJob(warm.parents[i]);
    if (parent == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": no job named ", warm.parents[i]));
    }
    const spec::JobSpec& theirs = parent->spec;
    if (theirs.objective_metric_name != spec.objective_metric_name ||
        theirs.objective_type != spec.objective_type) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": its objective (", spec::ToString(theirs.objective_type), " ",
          theirs.objective_metric_name, ") differs from this job's (",
          spec::ToString(spec.objective_type), " ", spec.objective_metric_name,
          ")"));
    }
    std::set<std::string> their_names;
    for (const auto& range : theirs.ranges) {
      their_names.insert(range.name);
      for (const auto& ours : spec.ranges) {
        if (ours.name == range.name && ours.type != range.type) {
          return absl::InvalidArgumentError(absl::StrCat(
              path, ": hyperparameter ", range.name,
              " has another type in job ", theirs.name));
        }
      }
    }
    if (their_names != names) {
      std::vector<std::string> missing, extra;
      for (const auto& n : names) {
        if (!their_names.count(n)) missing.push_back(n);
      }
      for (const auto& n : their_names) {
        if (!names.count(n)) extra.push_back(n);
      }
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": job ", theirs.name,
          " tunes other hyperparameters (it lacks [",
          absl::StrJoin(missing, ", "), "] and has [",
          absl::StrJoin(extra, ", "), "] that this job lacks)"));
    }
    if (warm.type == spec::WarmStartType::kIdenticalDataAndAlgorithm &&
        theirs.static_hyperparameters != spec.static_hyperparameters) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": job ", theirs.name,
          " has other static_hyperparameters; IdenticalDataAndAlgorithm "
          "needs the same (use TransferLearning)"));
    }
  }
  return absl::OkStatus();
}

void Scheduler::StopTrialForRule(TrialEntry& trial, const std::string& reason) {
  if (!trial.stop_reason.empty() ||
      trial.record.state != TrialState::kInProgress) {
    return;
  }
  trial.stop_reason = reason;
  storage::Mutation mutation;
  mutation.events.push_back(Event(trial.record.job_name,
                                   trial.record.trial_id, "trial_stopping",
                                   reason));
  LogIfError(Commit(std::move(mutation)));
  SendStop(trial, reason);
}

void Scheduler::ApplyStoppingRules(JobEntry& job, TrialEntry& trial) {
  if (!job.spec.training || job.record.state != storage::JobState::kInProgress ||
      trial.record.state != TrialState::kInProgress ||
      !trial.stop_reason.empty() || trial.objective_series.empty()) {
    return;
  }
  if (job.spec.early_stopping_type == spec::EarlyStoppingType::kAuto) {
    std::vector<policies::MetricSeries> ended;
    for (const auto& other : job.trials) {
      if (&other != &trial && (other.record.state == TrialState::kCompleted ||
                               other.record.state == TrialState::kStopped)) {
        ended.push_back(other.objective_series);
      }
    }
    const policies::MedianRuleDecision decision = policies::DecideMedianRule(
        job.spec.objective_type, trial.objective_series, ended);
    if (decision.stop) {
      StopTrialForRule(trial, absl::StrCat("early stopping (Auto): ",
                                           decision.reason));
      return;
    }
  }
  if (job.halving) {
    // Every rung the curve passed since the last look is judged, lowest
    // first, on the trial's value at that rung: points may come in batches.
    const policies::SuccessiveHalving& halving = *job.halving;
    const int bracket = halving.BracketOfTrial(trial.record.seq);
    const int64_t last_step = trial.objective_series.back().step;
    for (int64_t rung : halving.Rungs(bracket)) {
      if (rung <= trial.judged_through || rung > last_step) continue;
      std::vector<double> recorded;
      for (const auto& other : job.trials) {
        if (&other == &trial ||
            halving.BracketOfTrial(other.record.seq) != bracket) {
          continue;
        }
        if (auto at = ValueAtRung(other.objective_series, rung)) {
          recorded.push_back(*at);
        }
      }
      const policies::RungDecision decision = halving.Decide(
          bracket, rung, *ValueAtRung(trial.objective_series, rung), recorded);
      if (decision.stop) {
        StopTrialForRule(trial, absl::StrCat("hyperband: ", decision.reason));
        break;
      }
    }
    trial.judged_through = std::max(trial.judged_through, last_step);
  }
}

absl::Status Scheduler::FailOrRetry(JobEntry& job, TrialEntry& trial,
                                    bool infrastructure, int exit_code,
                                    const std::string& reason,
                                    const EndNotes& notes) {
  // The tuner had already ordered it to stop (a rule, a runtime limit):
  // it ends Stopped with what it reported, and is not run again.
  if (!trial.stop_reason.empty()) {
    return EndTrial(job, trial, TrialState::kStopped, exit_code,
                    trial.stop_reason, notes);
  }
  // Requeues after a lost assignment are not retries.
  const int retries_used = CountRetries(trial.record.attempts_json);
  const int allowed = job.spec.maximum_retry_attempts;
  const bool running = job.record.state == storage::JobState::kInProgress;
  if (!running ||
      !policies::ShouldRetry(infrastructure
                                 ? policies::FailureKind::kInfrastructure
                                 : policies::FailureKind::kTrial,
                             retries_used + 1, allowed)) {
    std::string why = reason;
    if (infrastructure && running && allowed > 0) {
      absl::StrAppend(&why, " (no retries left: ", allowed, " used)");
    }
    return EndTrial(job, trial, TrialState::kFailed, exit_code, why, notes);
  }
  const double now = WallSeconds();
  storage::TrialRecord updated = trial.record;
  updated.attempts_json = AppendAttempt(trial.record, now, exit_code,
                                        reason, /*retried=*/true);
  updated.state = TrialState::kPending;  // worker_id stays: Dispatch avoids it
  updated.exit_code = -1;
  updated.reason.clear();
  updated.objective.reset();
  updated.started_at = 0;
  storage::Mutation mutation;
  mutation.trials.push_back(updated);
  // The failed attempt's log stays in its directory on the worker.
  if (!notes.warning.empty()) {
    mutation.events.push_back(Event(job.record.name, updated.trial_id,
                                    "trial_warning", notes.warning));
  }
  mutation.events.push_back(Event(
      job.record.name, updated.trial_id, "trial_retried",
      absl::StrCat("attempt ", trial.record.attempt, " failed (", reason,
                   "); retry ", retries_used + 1, " of ", allowed)));
  if (absl::Status status = Commit(std::move(mutation)); !status.ok()) {
    return status;
  }
  trial.record = std::move(updated);
  trial.ResetAttemptState();
  workers_.Release(trial.record.trial_id);
  return absl::OkStatus();
}

}  // namespace tune::scheduler
