// The workers tunerd knows: their slots, which trial holds each slot, the
// channel to send them orders, and their leases.
//
// A worker stays in the pool while its lease runs (LeaseBook), connected or
// not, so a worker that reconnects quickly keeps its trials; one whose lease
// expires is removed and its trials are given up by the scheduler. Plain
// data with no locking: the Scheduler owns it and guards it with its own
// mutex.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tune/v1/worker.pb.h"
#include "tuner/scheduler/clock.h"
#include "tuner/scheduler/placement.h"

namespace tune::scheduler {

// Sends orders to one connected worker. Send never blocks for long: it
// queues the message for the stream's writer.
class WorkerChannel {
 public:
  virtual ~WorkerChannel() = default;
  virtual void Send(const tune::v1::TunerMessage& message) = 0;
};

struct Reservation {
  std::string worker_id;
  std::vector<std::string> gpu_ids;  // empty for a CPU slot
  std::shared_ptr<WorkerChannel> channel;
};

class WorkerPool : public Placer {
 public:
  // Adds or replaces the worker `id` with fresh slots: `slots_per_gpu` per
  // GPU id (trials that share a GPU), or `cpu_slots` CPU slots when gpu_ids
  // is empty. Slots start free.
  void Connect(const std::string& id, const std::vector<std::string>& gpu_ids,
               int cpu_slots, std::shared_ptr<WorkerChannel> channel,
               int slots_per_gpu = 1);

  // Forgets the channel if it is still the worker's current one; the worker
  // and its trials stay until the lease expires.
  void Disconnect(const std::string& id, const WorkerChannel* channel);

  // A worker known only from stored trials (after a tunerd restart), until
  // it reconnects or its lease ends. No effect if it is already known.
  void AddAwaited(const std::string& id);

  // Reserves slots on a connected worker for `trial_id`: one slot on each
  // of `gpus` distinct GPUs, the least shared first, or any one free slot
  // when gpus is 0. Prefers a worker other than `avoid` (where the trial's
  // last attempt failed), then the one with the most free capacity.
  // nullopt when none fits.
  std::optional<Reservation> Reserve(const std::string& trial_id, int gpus,
                                     const std::string& avoid = "");

  // Reserve() for a trial's next attempt, away from its last worker.
  std::optional<Placement> Place(const storage::TrialRecord& trial,
                                 int gpus) override;

  // Marks the slots of a trial the worker reports as already running.
  // Returns false when the worker has no matching free slots.
  bool Occupy(const std::string& worker_id, const std::string& trial_id,
              const std::vector<std::string>& gpu_ids);

  void Release(const std::string& trial_id);

  // Forgets a worker whose lease ended, and its slots.
  void Remove(const std::string& id);

  // The worker's channel, or null when it is not connected.
  std::shared_ptr<WorkerChannel> ChannelOf(const std::string& id) const;

  bool IsConnected(const std::string& id) const;
  int connected_count() const;

 private:
  struct Slot {
    std::string gpu_id;    // empty for a CPU slot
    std::string trial_id;  // empty when free
  };
  struct Worker {
    std::vector<Slot> slots;
    std::shared_ptr<WorkerChannel> channel;
  };
  // CPU and GPU slots that are free; with gpu_only, the GPUs that have a
  // free slot (a trial takes at most one slot of each).
  static int FreeSlots(const Worker& worker, bool gpu_only);
  // One free slot on each of `count` distinct GPUs, the GPUs whose slots
  // are least taken first; fewer when the worker has fewer such GPUs.
  static std::vector<Slot*> FreeGpuSlots(Worker& worker, int count);

  std::map<std::string, Worker> workers_;
  std::map<std::string, std::string> worker_of_trial_;  // slots' holders
};

}  // namespace tune::scheduler
