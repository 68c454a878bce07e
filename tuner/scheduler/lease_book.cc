#include "tuner/scheduler/lease_book.h"

namespace tune::scheduler {

void LeaseBook::Grant(const std::string& worker_id) {
  const SteadyTime deadline = clock_->Now() + lease_;
  absl::MutexLock lock(&mu_);
  deadlines_[worker_id] = deadline;
}

bool LeaseBook::Renew(const std::string& worker_id) {
  const SteadyTime deadline = clock_->Now() + lease_;
  absl::MutexLock lock(&mu_);
  auto it = deadlines_.find(worker_id);
  if (it == deadlines_.end()) return false;
  it->second = deadline;
  return true;
}

bool LeaseBook::Holds(const std::string& worker_id) const {
  absl::MutexLock lock(&mu_);
  return deadlines_.count(worker_id) > 0;
}

std::vector<std::string> LeaseBook::TakeExpired() {
  const SteadyTime now = clock_->Now();
  std::vector<std::string> expired;
  absl::MutexLock lock(&mu_);
  for (auto it = deadlines_.begin(); it != deadlines_.end();) {
    if (it->second < now) {
      expired.push_back(it->first);
      it = deadlines_.erase(it);
    } else {
      ++it;
    }
  }
  return expired;
}

}  // namespace tune::scheduler
