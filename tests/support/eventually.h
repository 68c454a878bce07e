// Waits for a condition on real processes: re-checks `condition` every
// 50 ms until it holds or `timeout` passes. Returns whether it held. This
// synchronizes on observable state; it is not a fixed sleep.
#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace tune::testing {

inline bool Eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace tune::testing
