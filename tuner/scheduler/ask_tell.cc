// The Scheduler's ask/tell API: clients that evaluate trials themselves ask
// for suggestions and tell the results.
#include "absl/strings/str_cat.h"
#include "tuner/scheduler/scheduler.h"

namespace tune::scheduler {
namespace {

using storage::JobState;
using storage::TrialState;

}  // namespace

absl::StatusOr<std::vector<storage::TrialRecord>> Scheduler::SuggestTrials(
    const std::string& job_name, int count, const std::string& client_id) {
  if (count < 1 || count > 1000) {
    return absl::InvalidArgumentError("count: must be 1 to 1000");
  }
  absl::MutexLock lock(&mu_);
  Job* job = FindJob(job_name);
  if (job == nullptr) {
    return absl::NotFoundError(absl::StrCat("no job ", job_name));
  }
  if (job->spec().training) {
    return absl::FailedPreconditionError(absl::StrCat(
        "job ", job_name, " has a training command: workers run its trials"));
  }
  PumpJob(*job);  // a completion criterion may have ended it
  if (!job->running()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "job ", job_name, " is ", storage::ToString(job->record().state)));
  }
  std::vector<storage::TrialRecord> held;
  const int active = job->active();
  if (!client_id.empty()) {
    for (const Job::Trial* trial : job->RunningTrials()) {
      if (trial->record.client_id == client_id) held.push_back(trial->record);
    }
  }
  // Asking again is harmless: the client gets back what it already holds.
  if (!held.empty()) return held;
  const int room = std::min(
      {count, job->spec().max_jobs - static_cast<int>(job->trials().size()),
       job->spec().max_parallel_jobs - active});
  if (room <= 0) return held;
  const size_t first = job->trials().size();
  if (absl::Status status = job->CreateTrials(ViewForDesigner(*job), room,
                                              client_id, TrialState::kInProgress);
      !status.ok()) {
    return status;
  }
  for (size_t i = first; i < job->trials().size(); ++i) {
    held.push_back(job->trials()[i].record);
  }
  if (held.empty() && active == 0) {
    job->set_exhausted(true);  // a finite space is used up
    Effects effects;
    job->MaybeFinish(effects);
    Apply(effects);
  }
  return held;
}

absl::StatusOr<std::pair<Job*, Job::Trial*>> Scheduler::FindClientTrial(
    const std::string& trial_id) {
  auto found = FindTrial(trial_id);
  if (!found.ok()) return found.status();
  auto [job, trial] = *found;
  if (job->spec().training) {
    return absl::FailedPreconditionError(absl::StrCat(
        "trial ", trial_id, " is run by a worker, which reports for it"));
  }
  if (trial->record.state != TrialState::kInProgress) {
    return absl::FailedPreconditionError(absl::StrCat(
        "trial ", trial_id, " is ", storage::ToString(trial->record.state)));
  }
  return found;
}

absl::StatusOr<bool> Scheduler::SeenRequest(
    const std::string& trial_id, const std::string& request_id) const {
  if (request_id.size() > kMaxRequestIdBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "request_id: ", request_id.size(), " bytes, more than ",
        kMaxRequestIdBytes));
  }
  if (request_id.empty()) return false;
  return store_->HasClientRequest(trial_id, request_id);
}

absl::Status Scheduler::ReportTrialMetrics(
    const std::string& trial_id, const std::vector<ReportedPoint>& points,
    const std::string& request_id) {
  absl::MutexLock lock(&mu_);
  auto seen = SeenRequest(trial_id, request_id);
  if (!seen.ok()) return seen.status();
  if (*seen) return absl::OkStatus();  // applied; its reply was lost
  auto found = FindClientTrial(trial_id);
  if (!found.ok()) return found.status();
  Effects effects;
  absl::Status status = found->first->RecordPoints(*found->second, points, {},
                                                   request_id, effects);
  Apply(effects);
  return status;
}

absl::StatusOr<storage::TrialRecord> Scheduler::CompleteTrial(
    const std::string& trial_id, const std::vector<ReportedPoint>& final_metrics,
    bool infeasible, const std::string& infeasibility_reason,
    const std::string& request_id) {
  absl::MutexLock lock(&mu_);
  auto seen = SeenRequest(trial_id, request_id);
  if (!seen.ok()) return seen.status();
  auto found = *seen ? FindTrial(trial_id) : FindClientTrial(trial_id);
  if (!found.ok()) return found.status();
  auto [job, trial] = *found;
  // Sent again: answered as before if it ended the trial; if tunerd died
  // between storing its metrics and the end, only the end is left to do.
  if (*seen && trial->record.state != TrialState::kInProgress) {
    return trial->record;
  }
  Effects effects;
  absl::Status status =
      *seen ? absl::OkStatus()
            : job->RecordPoints(*trial, final_metrics, {}, request_id, effects);
  if (status.ok()) {
    status = job->CompleteByClient(*trial, infeasible, infeasibility_reason,
                                   request_id, effects);
  }
  Apply(effects);
  if (!status.ok()) return status;
  PumpJob(*job);  // completion criteria, then the end of the job
  return trial->record;
}

}  // namespace tune::scheduler
