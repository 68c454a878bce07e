#include "tuner/scheduler/worker_pool.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <tuple>

namespace tune::scheduler {

void WorkerPool::Connect(const std::string& id,
                         const std::vector<std::string>& gpu_ids,
                         int cpu_slots, std::shared_ptr<WorkerChannel> channel,
                         int slots_per_gpu) {
  Remove(id);  // a worker that registers again starts with free slots
  Worker worker;
  if (gpu_ids.empty()) {
    worker.slots.resize(std::max(cpu_slots, 0));
  } else {
    for (int copy = 0; copy < std::max(slots_per_gpu, 1); ++copy) {
      for (const auto& gpu : gpu_ids) worker.slots.push_back(Slot{gpu, ""});
    }
  }
  worker.channel = std::move(channel);
  workers_[id] = std::move(worker);
}

void WorkerPool::Disconnect(const std::string& id,
                            const WorkerChannel* channel) {
  auto it = workers_.find(id);
  if (it != workers_.end() && it->second.channel.get() == channel) {
    it->second.channel.reset();
  }
}

void WorkerPool::AddAwaited(const std::string& id) {
  if (workers_.count(id)) return;
  workers_[id] = Worker{};
}

int WorkerPool::FreeSlots(const Worker& worker, bool gpu_only) {
  if (gpu_only) {
    std::set<std::string_view> gpus;
    for (const auto& slot : worker.slots) {
      if (slot.trial_id.empty() && !slot.gpu_id.empty()) gpus.insert(slot.gpu_id);
    }
    return static_cast<int>(gpus.size());
  }
  int free = 0;
  for (const auto& slot : worker.slots) {
    if (slot.trial_id.empty()) ++free;
  }
  return free;
}

std::vector<WorkerPool::Slot*> WorkerPool::FreeGpuSlots(Worker& worker,
                                                        int count) {
  struct Gpu {
    int taken = 0;
    Slot* free = nullptr;
    size_t order = 0;  // first appearance, so that ties keep the id order
  };
  std::map<std::string_view, Gpu> gpus;
  for (auto& slot : worker.slots) {
    if (slot.gpu_id.empty()) continue;
    auto [it, added] = gpus.try_emplace(slot.gpu_id);
    if (added) it->second.order = gpus.size();
    if (!slot.trial_id.empty()) {
      ++it->second.taken;
    } else if (it->second.free == nullptr) {
      it->second.free = &slot;
    }
  }
  std::vector<const Gpu*> candidates;
  for (const auto& [id, gpu] : gpus) {
    if (gpu.free != nullptr) candidates.push_back(&gpu);
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const Gpu* a, const Gpu* b) {
              return std::tie(a->taken, a->order) < std::tie(b->taken, b->order);
            });
  std::vector<Slot*> chosen;
  for (const Gpu* gpu : candidates) {
    if (static_cast<int>(chosen.size()) == count) break;
    chosen.push_back(gpu->free);
  }
  return chosen;
}

std::optional<Reservation> WorkerPool::Reserve(const std::string& trial_id,
                                               int gpus,
                                               const std::string& avoid) {
  const bool gpu_only = gpus > 0;
  const int needed = std::max(gpus, 1);
  Worker* best = nullptr;
  const std::string* best_id = nullptr;
  // (not avoided, free slots, then every free slot): of two workers with
  // the same free GPUs, the one whose GPUs are less shared.
  std::tuple<bool, int, int> best_rank{false, 0, 0};
  for (auto& [id, worker] : workers_) {
    if (!worker.channel) continue;
    const int free = FreeSlots(worker, gpu_only);
    const std::tuple<bool, int, int> rank{id != avoid, free,
                                          FreeSlots(worker, false)};
    if (free >= needed && (best == nullptr || rank > best_rank)) {
      best = &worker;
      best_id = &id;
      best_rank = rank;
    }
  }
  if (best == nullptr) return std::nullopt;
  Reservation reservation{*best_id, {}, best->channel};
  if (gpu_only) {
    for (Slot* slot : FreeGpuSlots(*best, needed)) {
      slot->trial_id = trial_id;
      reservation.gpu_ids.push_back(slot->gpu_id);
    }
  } else {
    for (auto& slot : best->slots) {
      if (!slot.trial_id.empty()) continue;
      slot.trial_id = trial_id;
      if (!slot.gpu_id.empty()) reservation.gpu_ids.push_back(slot.gpu_id);
      break;
    }
  }
  worker_of_trial_[trial_id] = *best_id;
  return reservation;
}

std::optional<Placement> WorkerPool::Place(const storage::TrialRecord& trial,
                                           int gpus) {
  auto reservation = Reserve(trial.trial_id, gpus, trial.worker_id);
  if (!reservation) return std::nullopt;
  return Placement{reservation->worker_id, reservation->gpu_ids};
}

bool WorkerPool::Occupy(const std::string& worker_id,
                        const std::string& trial_id,
                        const std::vector<std::string>& gpu_ids) {
  auto it = workers_.find(worker_id);
  if (it == workers_.end()) return false;
  auto& slots = it->second.slots;
  if (gpu_ids.empty()) {
    for (auto& slot : slots) {
      if (slot.trial_id.empty()) {
        slot.trial_id = trial_id;
        worker_of_trial_[trial_id] = worker_id;
        return true;
      }
    }
    return false;
  }
  std::vector<Slot*> matched;
  for (const auto& gpu : gpu_ids) {
    // Each GPU once, even when the worker shares its GPUs between trials.
    if (std::any_of(matched.begin(), matched.end(),
                    [&](const Slot* m) { return m->gpu_id == gpu; })) {
      return false;
    }
    auto slot = std::find_if(slots.begin(), slots.end(), [&](const Slot& s) {
      return s.gpu_id == gpu && s.trial_id.empty();
    });
    if (slot == slots.end()) return false;
    matched.push_back(&*slot);
  }
  for (Slot* slot : matched) slot->trial_id = trial_id;
  worker_of_trial_[trial_id] = worker_id;
  return true;
}

void WorkerPool::Release(const std::string& trial_id) {
  auto holder = worker_of_trial_.find(trial_id);
  if (holder == worker_of_trial_.end()) return;
  auto worker = workers_.find(holder->second);
  if (worker != workers_.end()) {
    for (auto& slot : worker->second.slots) {
      if (slot.trial_id == trial_id) slot.trial_id.clear();
    }
  }
  worker_of_trial_.erase(holder);
}

void WorkerPool::Remove(const std::string& id) {
  auto worker = workers_.find(id);
  if (worker == workers_.end()) return;
  for (const auto& slot : worker->second.slots) {
    if (!slot.trial_id.empty()) worker_of_trial_.erase(slot.trial_id);
  }
  workers_.erase(worker);
}

std::shared_ptr<WorkerChannel> WorkerPool::ChannelOf(
    const std::string& id) const {
  auto it = workers_.find(id);
  return it == workers_.end() ? nullptr : it->second.channel;
}

bool WorkerPool::IsConnected(const std::string& id) const {
  return ChannelOf(id) != nullptr;
}

int WorkerPool::connected_count() const {
  int count = 0;
  for (const auto& [id, worker] : workers_) count += worker.channel ? 1 : 0;
  return count;
}

}  // namespace tune::scheduler
