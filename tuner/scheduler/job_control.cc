// A job's control beyond its trials' reports: update-job and resume,
// stopping, completion criteria and runtime limits.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "tuner/policies/completion_rules.h"
#include "tuner/scheduler/job.h"
#include "tuner/spec/spec_parser.h"

namespace tune::scheduler {
namespace {

using storage::JobState;
using storage::TrialState;

}  // namespace

absl::Status Job::Update(int max_jobs, int max_parallel_jobs,
                         const std::string& actor) {
  const std::string& name = record_.name;
  if (max_jobs < 0 || max_jobs > spec::kMaxJobsLimit) {
    return absl::InvalidArgumentError(absl::StrCat(
        "max_jobs: must be between 1 and ", spec::kMaxJobsLimit, " (got ",
        max_jobs, ")"));
  }
  const int trials = static_cast<int>(trials_.size());
  const int new_max = max_jobs > 0 ? max_jobs : spec_.max_jobs;
  const int new_parallel =
      max_parallel_jobs != 0 ? max_parallel_jobs : spec_.max_parallel_jobs;
  if (new_max < trials) {
    return absl::InvalidArgumentError(absl::StrCat(
        "max_jobs: the job already has ", trials,
        " trials; max_jobs cannot go below that (got ", new_max, ")"));
  }
  if (new_parallel < 1 || new_parallel > new_max) {
    return absl::InvalidArgumentError(absl::StrCat(
        "max_parallel_jobs: must be between 1 and max_jobs (", new_max,
        ") (got ", new_parallel, ")"));
  }
  storage::JobRecord updated = record_;
  updated.max_jobs = new_max;
  updated.max_parallel_jobs = new_parallel;
  std::string kind = "job_updated";
  switch (record_.state) {
    case JobState::kInProgress:
      break;
    case JobState::kStopping:
    case JobState::kFailed:
      return absl::FailedPreconditionError(
          absl::StrCat("job ", name, " is ", storage::ToString(record_.state),
                       "; only a running, Stopped or Completed job can be "
                       "updated"));
    case JobState::kStopped:
    case JobState::kCompleted:
      if (new_max <= trials) {
        return absl::FailedPreconditionError(absl::StrCat(
            "max_jobs: job ", name, " is ", storage::ToString(record_.state),
            " with ", trials, " trials; raise max_jobs above ", trials,
            " to resume it"));
      }
      updated.state = JobState::kInProgress;
      updated.reason.clear();
      updated.ended_at = 0;
      updated.resumed_at = services_.clock->WallSeconds();
      kind = "job_resumed";
      break;
  }
  storage::Mutation mutation;
  mutation.job_update = updated;
  mutation.events.push_back(
      Event("", kind,
            absl::StrCat("max_jobs ", new_max, ", max_parallel_jobs ",
                         new_parallel, actor.empty() ? "" : ", by ", actor)));
  if (absl::Status status = Commit(std::move(mutation)); !status.ok()) {
    return status;
  }
  record_ = std::move(updated);
  spec_.max_jobs = new_max;
  spec_.max_parallel_jobs = new_parallel;
  exhausted_ = false;
  return absl::OkStatus();
}

absl::Status Job::BeginStopping(const std::string& reason, Effects& effects) {
  if (!running()) return absl::OkStatus();
  storage::JobRecord updated = record_;
  updated.state = JobState::kStopping;
  updated.reason = reason;
  storage::Mutation mutation;
  mutation.job_update = updated;
  mutation.events.push_back(Event("", "job_stopping", reason));
  if (absl::Status status = Commit(std::move(mutation)); !status.ok()) {
    return status;
  }
  record_ = std::move(updated);
  for (Trial* trial : RunningTrials()) SendStop(*trial, reason, effects);
  return absl::OkStatus();
}

std::optional<std::string> Job::CompletionReason() const {
  const spec::CompletionCriteria& criteria = spec_.completion_criteria;
  if (!criteria.target_objective_value && criteria.max_jobs_not_improving == 0 &&
      !criteria.complete_on_convergence) {
    return std::nullopt;
  }
  // A resumed job is judged on the trials since it resumed: the user asked
  // for more after the criterion had ended it.
  std::vector<const Trial*> ended;
  for (const auto& trial : trials_) {
    if (storage::IsTerminal(trial.record.state) &&
        trial.record.created_at >= record_.resumed_at) {
      ended.push_back(&trial);
    }
  }
  std::stable_sort(ended.begin(), ended.end(), [](const auto* a, const auto* b) {
    return a->record.ended_at < b->record.ended_at;
  });
  std::vector<policies::EndedTrial> history;
  for (const Trial* trial : ended) {
    const bool counts = trial->record.state != TrialState::kFailed;
    history.push_back(
        {.seq = trial->record.seq,
         .state = trial->record.state == TrialState::kCompleted
                      ? policies::EndedState::kCompleted
                  : trial->record.state == TrialState::kStopped
                      ? policies::EndedState::kStopped
                      : policies::EndedState::kFailed,
         .objective = counts ? trial->record.objective : std::nullopt});
  }
  return policies::CheckCompletion(criteria, spec_.objective_type,
                                   static_cast<int>(spec_.ranges.size()),
                                   history);
}

void Job::EnforceRuntimeLimits(Effects& effects) {
  if (!running()) return;
  const double now = services_.clock->WallSeconds();
  const int job_limit = spec_.max_runtime_in_seconds;
  const double since = std::max(record_.created_at, record_.resumed_at);
  if (job_limit > 0 && now - since >= job_limit) {
    absl::Status status =
        BeginStopping(absl::StrCat("max_runtime_in_seconds: the job ran for ",
                                   job_limit, " s, its limit"),
                      effects);
    if (!status.ok()) effects.errors.push_back(std::move(status));
    return;
  }
  const int trial_limit =
      spec_.training ? spec_.training->max_runtime_in_seconds : 0;
  if (trial_limit <= 0) return;
  for (Trial* trial : RunningTrials()) {
    if (trial->record.started_at > 0 &&
        now - trial->record.started_at >= trial_limit) {
      StopTrialForRule(*trial,
                       absl::StrCat("training.max_runtime_in_seconds: the "
                                    "trial ran for ",
                                    trial_limit, " s, its limit"),
                       effects);
    }
  }
}

}  // namespace tune::scheduler
