// Starts the other processes of a data-parallel trial: copies of this
// program (by /proc/self/exe, no shell) with the same arguments plus
// --rank R --dist-store FILE. They share this process's group, so stopping
// the trial's process group stops them all, and each asks the kernel to kill
// it if its parent dies. A watcher thread waits for them: when one fails
// while this process still trains (and may be blocked in a collective that
// would wait for it for many minutes), it reports the failure and ends the
// whole trial at once. Torch-free. Not thread-safe: one launcher per trial,
// on the main thread.
//
//   absl::StatusOr<RankLauncher> ranks = RankLauncher::Start(args, 2);
//   ... rank 0 trains with ranks->store_path() ...
//   ranks->Wait();
#pragma once

#include <sys/types.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace tune::trainer {

class RankLauncher {
 public:
  // `args` are this process's arguments after the program name. Makes a
  // private temporary folder for the rendezvous file and starts ranks
  // 1..world_size-1.
  static absl::StatusOr<RankLauncher> Start(const std::vector<std::string>& args,
                                            int world_size);

  RankLauncher(RankLauncher&& other) noexcept;
  RankLauncher& operator=(RankLauncher&&) = delete;
  // Kills ranks not yet waited for and removes the temporary folder.
  ~RankLauncher();

  const std::string& store_path() const { return store_path_; }

  // Returns when every started rank has exited 0 (the watcher ends the
  // process when one does not).
  void Wait();

 private:
  // Shared with the watcher thread; on the heap so that moves keep it put.
  struct Watch {
    std::vector<pid_t> pids;
    std::atomic<bool> stopping{false};  // our own kills are no failure
    std::thread thread;
  };

  explicit RankLauncher(std::string folder);
  static void WatchRanks(Watch* watch);
  void Stop();

  std::string folder_;
  std::string store_path_;
  std::unique_ptr<Watch> watch_;
};

// For a process started by RankLauncher: die with the parent (PDEATHSIG),
// and at once if it is already gone (the launcher passes its pid in the
// environment).
void FollowParentDeath();

}  // namespace tune::trainer
