// Workers' leases, kept apart from the rest of the Scheduler's state so
// that a heartbeat renews one without waiting for the Scheduler's lock,
// which is held through commits and whole batches of worker messages.
// Thread-safe; never blocks on anything but its own short lock.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "tuner/scheduler/clock.h"

namespace tune::scheduler {

class LeaseBook {
 public:
  // `clock` outlives the book.
  LeaseBook(const Clock* clock, std::chrono::milliseconds lease)
      : clock_(clock), lease_(lease) {}

  // Starts or extends a lease of one full term (a worker registers, or is
  // awaited after a restart).
  void Grant(const std::string& worker_id);
  // Extends the worker's lease; false if it has none (it expired).
  bool Renew(const std::string& worker_id);
  bool Holds(const std::string& worker_id) const;
  // Ends and returns the leases whose term has passed.
  std::vector<std::string> TakeExpired();

 private:
  const Clock* const clock_;
  const std::chrono::milliseconds lease_;
  mutable absl::Mutex mu_;
  std::map<std::string, SteadyTime, std::less<>> deadlines_ ABSL_GUARDED_BY(mu_);
};

}  // namespace tune::scheduler
