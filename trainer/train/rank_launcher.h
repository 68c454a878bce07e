// Starts the other processes of a data-parallel trial: copies of this
// program (by /proc/self/exe, no shell) with the same arguments plus
// --rank R --dist-store FILE. They share this process's group, so stopping
// the trial's process group stops them all, and each asks the kernel to kill
// it if its parent dies. Torch-free. Not thread-safe: one launcher per
// trial, on the main thread.
//
//   absl::StatusOr<RankLauncher> ranks = RankLauncher::Start(args, 2);
//   ... rank 0 trains with ranks->store_path() ...
//   absl::Status done = ranks->Wait();
#pragma once

#include <sys/types.h>

#include <string>
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

  // Waits for every started rank; an error names the first that failed.
  absl::Status Wait();

 private:
  RankLauncher(std::string folder, std::vector<pid_t> pids);

  std::string folder_;
  std::string store_path_;
  std::vector<pid_t> pids_;
};

// For a process started by RankLauncher: die with the parent (PDEATHSIG),
// and at once if it is already gone.
void FollowParentDeath();

}  // namespace tune::trainer
