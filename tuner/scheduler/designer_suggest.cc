// Designer work off the lock: see "Designer work off the lock" in
// scheduler.h.
#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "tuner/scheduler/scheduler.h"
#include "tuner/scheduler/wall_clock.h"
#include "tuner/telemetry/telemetry.h"

namespace tune::scheduler {

using storage::IsActive;
using storage::JobState;
using storage::TrialState;

void Scheduler::StartSuggesting(JobEntry& job, int count, int ended) {
  if (job.suggesting || job.dry_at_ended == ended) return;
  job.suggesting = true;
  designers::Designer* designer = job.designer.get();
  telemetry::Telemetry* telemetry = options_.telemetry;
  designer_worker_.Post([this, name = job.record.name, designer, telemetry,
                         view = ViewForDesigner(job), count, ended] {
    // Only this thread uses the designer until `suggesting` is cleared.
    const auto start = std::chrono::steady_clock::now();
    designer->Update(view.completed, view.active);
    auto found = designer->SuggestWithReasons(count);
    if (telemetry != nullptr) {
      telemetry->suggestion_seconds.Observe(std::chrono::duration<double>(
          std::chrono::steady_clock::now() - start).count());
    }
    absl::MutexLock lock(&mu_);
    JobEntry* job = FindJob(name);
    if (job == nullptr) return;
    job->suggesting = false;
    if (found.ok() && found->empty()) job->dry_at_ended = ended;
    FinishSuggesting(*job, std::move(found));
  });
}

void Scheduler::FinishSuggesting(
    JobEntry& job, absl::StatusOr<std::vector<designers::Suggestion>> found) {
  if (!found.ok()) {
    if (job.record.state == JobState::kInProgress) {
      FailJobForTrials(job, found.status());
    }
    return;
  }
  if (job.record.state == JobState::kInProgress) {
    // Trials may have ended meanwhile (more room: the next fit sees them)
    // or the limits changed (less room: the extra suggestions are dropped).
    int active = 0;
    for (const auto& trial : job.trials) active += IsActive(trial.record.state);
    const int room =
        std::min(job.spec.max_parallel_jobs - active,
                 job.spec.max_jobs - static_cast<int>(job.trials.size()));
    if (static_cast<int>(found->size()) > room) found->resize(std::max(room, 0));
    // A finite space can run out.
    job.exhausted = found->empty() && active == 0;
    if (absl::Status status =
            AddTrials(job, *std::move(found), "", TrialState::kPending);
        !status.ok()) {
      FailJobForTrials(job, status);
      return;
    }
  }
  PumpJob(job);  // dispatches the new trials; fits again if there is room
}

void Scheduler::FailJobForTrials(JobEntry& job, const absl::Status& status) {
  // A designer or storage error: fail the job loudly rather than spin.
  storage::JobRecord updated = job.record;
  updated.state = JobState::kFailed;
  updated.reason = absl::StrCat("could not create trials: ", status.message());
  updated.ended_at = WallSeconds();
  storage::Mutation mutation;
  mutation.job_update = updated;
  mutation.events.push_back(Event(updated.name, "", "job_failed", updated.reason));
  if (Commit(std::move(mutation)).ok()) job.record = std::move(updated);
}

}  // namespace tune::scheduler
