// The Scheduler's control of whole jobs beyond create and stop: update-job
// and resume, completion criteria, and runtime limits.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "tuner/policies/completion_rules.h"
#include "tuner/scheduler/scheduler.h"
#include "tuner/scheduler/wall_clock.h"
#include "tuner/spec/spec_parser.h"

namespace tune::scheduler {
namespace {

using storage::JobState;
using storage::TrialState;

}  // namespace

absl::StatusOr<JobView> Scheduler::UpdateJob(const std::string& name,
                                             int max_jobs,
                                             int max_parallel_jobs,
                                             const std::string& actor) {
  absl::MutexLock lock(&mu_);
  JobEntry* job = FindJob(name);
  if (job == nullptr) return absl::NotFoundError(absl::StrCat("no job ", name));
  if (max_jobs < 0 || max_jobs > spec::kMaxJobsLimit) {
    return absl::InvalidArgumentError(absl::StrCat(
        "max_jobs: must be between 1 and ", spec::kMaxJobsLimit, " (got ",
        max_jobs, ")"));
  }
  const int trials = static_cast<int>(job->trials.size());
  const int new_max = max_jobs > 0 ? max_jobs : job->spec.max_jobs;
  const int new_parallel =
      max_parallel_jobs != 0 ? max_parallel_jobs : job->spec.max_parallel_jobs;
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
  storage::JobRecord updated = job->record;
  updated.max_jobs = new_max;
  updated.max_parallel_jobs = new_parallel;
  std::string kind = "job_updated";
  switch (job->record.state) {
    case JobState::kInProgress:
      break;
    case JobState::kStopping:
    case JobState::kFailed:
      return absl::FailedPreconditionError(
          absl::StrCat("job ", name, " is ", storage::ToString(job->record.state),
                       "; only a running, Stopped or Completed job can be "
                       "updated"));
    case JobState::kStopped:
    case JobState::kCompleted:
      if (new_max <= trials) {
        return absl::FailedPreconditionError(absl::StrCat(
            "max_jobs: job ", name, " is ", storage::ToString(job->record.state),
            " with ", trials, " trials; raise max_jobs above ", trials,
            " to resume it"));
      }
      updated.state = JobState::kInProgress;
      updated.reason.clear();
      updated.ended_at = 0;
      updated.resumed_at = WallSeconds();
      kind = "job_resumed";
      break;
  }
  storage::Mutation mutation;
  mutation.job_update = updated;
  mutation.events.push_back(
      Event(name, "", kind,
            absl::StrCat("max_jobs ", new_max, ", max_parallel_jobs ",
                         new_parallel, actor.empty() ? "" : ", by ", actor)));
  if (absl::Status status = Commit(std::move(mutation)); !status.ok()) {
    return status;
  }
  job->record = std::move(updated);
  ApplyStoredLimits(*job);
  job->exhausted = false;
  PumpJob(*job);
  return ViewOf(*job);
}

absl::Status Scheduler::BeginStopping(JobEntry& job, const std::string& reason) {
  if (job.record.state != JobState::kInProgress) return absl::OkStatus();
  storage::JobRecord updated = job.record;
  updated.state = JobState::kStopping;
  updated.reason = reason;
  storage::Mutation mutation;
  mutation.job_update = updated;
  mutation.events.push_back(Event(updated.name, "", "job_stopping", reason));
  if (absl::Status status = Commit(std::move(mutation)); !status.ok()) {
    return status;
  }
  job.record = std::move(updated);
  for (auto& trial : job.trials) {
    if (trial.record.state == TrialState::kInProgress) {
      SendStop(trial, reason);
    }
  }
  return absl::OkStatus();
}

std::optional<std::string> Scheduler::CompletionReason(
    const JobEntry& job) const {
  const spec::CompletionCriteria& criteria = job.spec.completion_criteria;
  if (!criteria.target_objective_value && criteria.max_jobs_not_improving == 0 &&
      !criteria.complete_on_convergence) {
    return std::nullopt;
  }
  // A resumed job is judged on the trials since it resumed: the user asked
  // for more after the criterion had ended it.
  std::vector<const TrialEntry*> ended;
  for (const auto& trial : job.trials) {
    if (storage::IsTerminal(trial.record.state) &&
        trial.record.created_at >= job.record.resumed_at) {
      ended.push_back(&trial);
    }
  }
  std::stable_sort(ended.begin(), ended.end(), [](const auto* a, const auto* b) {
    return a->record.ended_at < b->record.ended_at;
  });
  std::vector<policies::EndedTrial> history;
  for (const TrialEntry* trial : ended) {
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
  return policies::CheckCompletion(criteria, job.spec.objective_type,
                                   static_cast<int>(job.spec.ranges.size()),
                                   history);
}

void Scheduler::EnforceRuntimeLimits() {
  absl::MutexLock lock(&mu_);
  const double now = WallSeconds();
  for (auto& [name, job] : jobs_) {
    if (job.record.state != JobState::kInProgress) continue;
    const int job_limit = job.spec.max_runtime_in_seconds;
    const double since = std::max(job.record.created_at, job.record.resumed_at);
    if (job_limit > 0 && now - since >= job_limit) {
      LogIfError(BeginStopping(
          job, absl::StrCat("max_runtime_in_seconds: the job ran for ",
                            job_limit, " s, its limit")));
      PumpJob(job);
      continue;
    }
    const int trial_limit =
        job.spec.training ? job.spec.training->max_runtime_in_seconds : 0;
    if (trial_limit <= 0) continue;
    for (auto& trial : job.trials) {
      if (trial.record.state == TrialState::kInProgress &&
          trial.record.started_at > 0 &&
          now - trial.record.started_at >= trial_limit) {
        StopTrialForRule(
            trial, absl::StrCat("training.max_runtime_in_seconds: the trial "
                                "ran for ",
                                trial_limit, " s, its limit"));
      }
    }
  }
}

}  // namespace tune::scheduler
