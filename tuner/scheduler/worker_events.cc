// The Scheduler's side of the worker protocol: registration and the
// trials a returning worker holds, trial ends, and leases. What each means
// for a trial is the Job's to decide.
#include <algorithm>
#include <chrono>
#include <set>

#include "absl/strings/str_cat.h"
#include "tuner/scheduler/scheduler.h"

namespace tune::scheduler {

absl::Status Scheduler::OnTrialEnded(const std::string& worker_id,
                                     const tune::v1::TrialEnded& ended) {
  auto found = FindTrial(ended.trial_id());
  if (found.ok() && found->second->IsAttemptOf(worker_id, ended.attempt())) {
    Effects effects;
    absl::Status status =
        found->first->OnWorkerEnded(*found->second, ended, effects);
    Apply(effects);
    if (!status.ok()) return status;  // not acknowledged: the worker resends
  }
  // Acknowledged whether it mattered or was stale, so the worker forgets it.
  if (auto channel = workers_.ChannelOf(worker_id)) {
    tune::v1::TunerMessage ack;
    ack.mutable_ack_ended()->set_trial_id(ended.trial_id());
    ack.mutable_ack_ended()->set_attempt(ended.attempt());
    SendOrder(channel, std::move(ack));
  }
  return absl::OkStatus();
}

absl::Status Scheduler::OnWorkerConnected(
    const tune::v1::Register& registration,
    std::shared_ptr<WorkerChannel> channel) {
  const std::string& worker_id = registration.worker_id();
  if (worker_id.empty() || worker_id.size() > 256) {
    return absl::InvalidArgumentError(
        "register.worker_id: must be 1 to 256 characters");
  }
  if (registration.gpu_ids().empty() &&
      (registration.cpu_slots() < 1 || registration.cpu_slots() > 1024)) {
    return absl::InvalidArgumentError(
        "register.cpu_slots: must be 1 to 1024 when no GPU ids are given");
  }
  if (registration.slots_per_gpu() < 0 || registration.slots_per_gpu() > 64) {
    return absl::InvalidArgumentError(
        "register.slots_per_gpu: must be 0 to 64 (0 means 1)");
  }
  absl::MutexLock lock(&mu_);
  if (shutting_down_) return absl::UnavailableError("tunerd is shutting down");
  workers_.Connect(worker_id,
                   {registration.gpu_ids().begin(), registration.gpu_ids().end()},
                   registration.cpu_slots(), channel,
                   registration.slots_per_gpu());
  leases_.Grant(worker_id);
  for (const auto& ended : registration.ended()) {
    if (absl::Status status = OnTrialEnded(worker_id, ended); !status.ok()) {
      return status;
    }
  }
  std::set<std::string> kept;
  for (const auto& running : registration.running()) {
    auto found = FindTrial(running.trial_id());
    const bool ours =
        found.ok() &&
        found->second->IsAttemptOf(worker_id, running.attempt()) &&
        workers_.Occupy(worker_id, running.trial_id(),
                        {running.gpu_ids().begin(), running.gpu_ids().end()});
    if (ours) {
      kept.insert(running.trial_id());
      Effects effects;
      absl::Status status =
          found->first->Reattach(*found->second, running, effects);
      Apply(effects);
      if (!status.ok()) return status;
      continue;
    }
    // The tuner gave this attempt up (or never knew it): never two live
    // attempts of one trial.
    tune::v1::TunerMessage stop;
    stop.mutable_stop()->set_trial_id(running.trial_id());
    stop.mutable_stop()->set_attempt(running.attempt());
    stop.mutable_stop()->set_reason("the tuner no longer runs this attempt");
    SendOrder(channel, std::move(stop));
  }
  // Trials the worker should hold but does not know: it restarted, or the
  // assignment was lost with the old stream.
  for (auto& [name, job] : jobs_) {
    for (Job::Trial* trial : job->RunningTrials()) {
      if (trial->record.worker_id != worker_id ||
          kept.count(trial->record.trial_id)) {
        continue;
      }
      Effects effects;
      absl::Status status = job->OnWorkerLost(
          *trial, policies::EndSource::kWorkerForgot, effects);
      Apply(effects);
      if (!status.ok()) return status;
    }
  }
  tune::v1::TunerMessage registered;
  registered.mutable_registered()->set_lease_seconds(
      std::max<int>(1, std::chrono::duration_cast<std::chrono::seconds>(
                           options_.lease).count()));
  SendOrder(channel, std::move(registered));
  Pump();
  return absl::OkStatus();
}

void Scheduler::OnWorkerDisconnected(const std::string& worker_id,
                                     const WorkerChannel* channel) {
  absl::MutexLock lock(&mu_);
  workers_.Disconnect(worker_id, channel);
}

void Scheduler::ExpireLeases() {
  const std::vector<std::string> expired = leases_.TakeExpired();
  if (expired.empty()) return;
  absl::MutexLock lock(&mu_);
  std::set<std::string> lost;
  for (const std::string& worker_id : expired) {
    // Registered again since its lease was taken: a new lease, kept.
    if (leases_.Holds(worker_id)) continue;
    workers_.Remove(worker_id);
    lost.insert(worker_id);
  }
  for (auto& [name, job] : jobs_) {
    for (Job::Trial* trial : job->RunningTrials()) {
      if (!lost.count(trial->record.worker_id)) continue;
      Effects effects;
      absl::Status status = job->OnWorkerLost(
          *trial, policies::EndSource::kLeaseExpired, effects);
      if (!status.ok()) effects.errors.push_back(std::move(status));
      Apply(effects);
    }
  }
  Pump();
}

}  // namespace tune::scheduler
