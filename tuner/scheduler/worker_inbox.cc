// Worker messages in: the group commit that batches them (see "Group
// commit" in scheduler.h), and what each one does.
#include <cstdlib>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "tuner/scheduler/point_screen.h"
#include "tuner/scheduler/scheduler.h"

namespace tune::scheduler {
namespace {

absl::Status NotRegistered(const std::string& worker_id) {
  return absl::FailedPreconditionError(absl::StrCat(
      "worker ", worker_id, " is not registered (its lease expired?)"));
}

}  // namespace

absl::Status Scheduler::OnWorkerMessage(const std::string& worker_id,
                                        const tune::v1::WorkerMessage& message) {
  // The lease is renewed on arrival, so a message waiting for its batch, or
  // a batch waiting for mu_, never costs a worker its lease; a heartbeat
  // asks nothing more and never queues.
  if (!leases_.Renew(worker_id)) return NotRegistered(worker_id);
  if (message.has_heartbeat()) return absl::OkStatus();
  InboxItem item{&worker_id, &message};
  absl::MutexLock lock(&inbox_mu_);
  inbox_.push_back(&item);
  while (!item.done) {
    if (draining_) {
      inbox_cv_.Wait(&inbox_mu_);
      continue;
    }
    // No one is handling messages: this thread handles all that wait,
    // its own among them.
    draining_ = true;
    std::vector<InboxItem*> batch;
    batch.swap(inbox_);
    inbox_mu_.Unlock();
    HandleBatch(batch);
    inbox_mu_.Lock();
    for (InboxItem* handled : batch) handled->done = true;
    draining_ = false;
    inbox_cv_.SignalAll();
  }
  return item.status;
}

void Scheduler::HandleBatch(const std::vector<InboxItem*>& batch) {
  absl::MutexLock lock(&mu_);
  const absl::Status begun = store_->BeginGroup();
  if (!begun.ok()) {
    // Each message then commits (and pumps) on its own, as durable as ever.
    std::cerr << "tunerd: no group commit for this batch: " << begun
              << std::endl;
  }
  group_open_ = begun.ok();
  for (InboxItem* item : batch) {
    item->status = HandleWorkerMessage(*item->worker_id, *item->message);
  }
  if (pump_after_group_) {
    pump_after_group_ = false;
    Pump();
  }
  if (!group_open_) return;
  group_open_ = false;
  if (absl::Status durable = store_->EndGroup(); !durable.ok()) {
    // The mirror holds changes SQLite does not: only a restart, which
    // reloads SQLite, makes them agree again. Nothing was acknowledged.
    std::cerr << "tunerd: cannot make changes durable, exiting: " << durable
              << std::endl;
    std::_Exit(70);  // EX_SOFTWARE; systemd restarts tunerd
  }
  for (auto& [channel, message] : outbox_) channel->Send(message);
  outbox_.clear();
}

absl::Status Scheduler::HandleWorkerMessage(
    const std::string& worker_id, const tune::v1::WorkerMessage& message) {
  if (!workers_.IsConnected(worker_id)) return NotRegistered(worker_id);
  switch (message.kind_case()) {
    case tune::v1::WorkerMessage::kHeartbeat:
      return absl::OkStatus();
    case tune::v1::WorkerMessage::kMetrics: {
      const auto& metrics = message.metrics();
      auto found = FindTrial(metrics.trial_id());
      if (!found.ok()) return absl::OkStatus();  // a trial of a lost attempt
      auto [job, trial] = *found;
      if (!trial->IsAttemptOf(worker_id, metrics.attempt())) {
        return absl::OkStatus();
      }
      Effects effects;
      absl::Status status = job->RecordWorkerPoints(
          *trial, metrics.points(), kMaxPointsPerWorkerMessage, effects);
      Apply(effects);
      return status;
    }
    case tune::v1::WorkerMessage::kEnded: {
      absl::Status status = OnTrialEnded(worker_id, message.ended());
      if (group_open_) {
        pump_after_group_ = true;  // once for the whole batch
      } else {
        Pump();
      }
      return status;
    }
    case tune::v1::WorkerMessage::kRegister:
      return absl::FailedPreconditionError("register: sent twice");
    case tune::v1::WorkerMessage::KIND_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError("worker message: empty");
}

void Scheduler::SendOrder(const std::shared_ptr<WorkerChannel>& channel,
                          tune::v1::TunerMessage message) {
  if (group_open_) {
    outbox_.emplace_back(channel, std::move(message));
  } else {
    channel->Send(message);
  }
}

}  // namespace tune::scheduler
