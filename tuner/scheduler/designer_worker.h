// Runs designer work (a GP fit and its suggestions) one task at a time on a
// thread of its own, so that the Scheduler's lock is never held while a
// model refits: worker messages, heartbeats and reads go on meanwhile.
// Thread-safe. Stop() (or the destructor) waits for the running task, drops
// the queued ones and joins.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace tune::scheduler {

class DesignerWorker {
 public:
  DesignerWorker();
  ~DesignerWorker();
  DesignerWorker(const DesignerWorker&) = delete;
  DesignerWorker& operator=(const DesignerWorker&) = delete;

  // Runs `task` after those posted before it; dropped after Stop().
  void Post(std::function<void()> task);
  void Stop();

 private:
  void Run();

  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once the rest exists
};

}  // namespace tune::scheduler
