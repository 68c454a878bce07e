// Wall-clock time as stored with jobs, trials, points and events: seconds
// since the Unix epoch, as a double. Thread-safe.
#pragma once

#include <chrono>

namespace tune::scheduler {

inline double WallSeconds() {
  return std::chrono::duration<double>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace tune::scheduler
