// Time as the scheduler sees it: a steady clock for leases and a wall clock
// for what is stored (seconds since the Unix epoch). Injected, so that
// tests move time by hand to expire leases and runtime limits without
// sleeping.
#pragma once

#include <chrono>

#include "absl/synchronization/mutex.h"
#include "tuner/scheduler/wall_clock.h"

namespace tune::scheduler {

using SteadyTime = std::chrono::steady_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual SteadyTime Now() const = 0;
  virtual double WallSeconds() const = 0;
};

class SystemClock final : public Clock {
 public:
  SteadyTime Now() const override { return std::chrono::steady_clock::now(); }
  double WallSeconds() const override { return scheduler::WallSeconds(); }
};

// Starts at a fixed time and moves only when told. Thread-safe.
class FakeClock final : public Clock {
 public:
  SteadyTime Now() const override {
    absl::MutexLock lock(&mu_);
    return SteadyTime{} + elapsed_;
  }
  double WallSeconds() const override {
    absl::MutexLock lock(&mu_);
    return kStart + std::chrono::duration<double>(elapsed_).count();
  }
  void Advance(std::chrono::milliseconds by) {
    absl::MutexLock lock(&mu_);
    elapsed_ += by;
  }

 private:
  static constexpr double kStart = 1.8e9;  // a plausible date, in 2027
  mutable absl::Mutex mu_;
  std::chrono::milliseconds elapsed_ ABSL_GUARDED_BY(mu_){0};
};

}  // namespace tune::scheduler
