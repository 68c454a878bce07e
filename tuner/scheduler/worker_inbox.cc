// Group commit of worker messages: see "Group commit" in scheduler.h.
#include <cstdlib>
#include <iostream>

#include "tuner/scheduler/scheduler.h"

namespace tune::scheduler {

absl::Status Scheduler::OnWorkerMessage(const std::string& worker_id,
                                        const tune::v1::WorkerMessage& message) {
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
  if (absl::Status begun = store_->BeginGroup(); !begun.ok()) {
    // Each message then commits on its own, as durable as ever.
    std::cerr << "tunerd: no group commit for this batch: " << begun
              << std::endl;
    for (InboxItem* item : batch) {
      item->status = HandleWorkerMessage(*item->worker_id, *item->message);
    }
    Pump();
    return;
  }
  group_open_ = true;
  for (InboxItem* item : batch) {
    item->status = HandleWorkerMessage(*item->worker_id, *item->message);
  }
  if (pump_after_group_) {
    pump_after_group_ = false;
    Pump();
  }
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

void Scheduler::SendOrder(const std::shared_ptr<WorkerChannel>& channel,
                          tune::v1::TunerMessage message) {
  if (group_open_) {
    outbox_.emplace_back(channel, std::move(message));
  } else {
    channel->Send(message);
  }
}

}  // namespace tune::scheduler
