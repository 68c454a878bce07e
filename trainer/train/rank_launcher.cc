#include "trainer/train/rank_launcher.h"

#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"

extern char** environ;

namespace tune::trainer {
namespace {

constexpr char kSelf[] = "/proc/self/exe";

absl::StatusOr<pid_t> SpawnRank(std::vector<std::string> argv) {
  std::vector<char*> pointers;
  for (std::string& arg : argv) pointers.push_back(arg.data());
  pointers.push_back(nullptr);
  pid_t pid = 0;
  const int error =
      posix_spawn(&pid, kSelf, nullptr, nullptr, pointers.data(), environ);
  if (error != 0) {
    return absl::InternalError(
        absl::StrCat("could not start a data-parallel process: ",
                     std::strerror(error)));
  }
  return pid;
}

}  // namespace

absl::StatusOr<RankLauncher> RankLauncher::Start(
    const std::vector<std::string>& args, int world_size) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "cifar10-trainer-XXXXXX")
          .string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError(absl::StrCat(
        "could not make a folder for the data-parallel rendezvous: ",
        std::strerror(errno)));
  }
  RankLauncher launcher(pattern, {});
  for (int rank = 1; rank < world_size; ++rank) {
    std::vector<std::string> argv = {"cifar10-trainer"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--rank", std::to_string(rank), "--dist-store",
                             launcher.store_path_});
    absl::StatusOr<pid_t> pid = SpawnRank(std::move(argv));
    if (!pid.ok()) return pid.status();  // the destructor kills the others
    launcher.pids_.push_back(*pid);
  }
  return launcher;
}

RankLauncher::RankLauncher(std::string folder, std::vector<pid_t> pids)
    : folder_(std::move(folder)),
      store_path_(folder_ + "/store"),
      pids_(std::move(pids)) {}

RankLauncher::RankLauncher(RankLauncher&& other) noexcept
    : folder_(std::move(other.folder_)),
      store_path_(std::move(other.store_path_)),
      pids_(std::move(other.pids_)) {
  other.folder_.clear();
  other.pids_.clear();
}

RankLauncher::~RankLauncher() {
  for (pid_t pid : pids_) {
    kill(pid, SIGKILL);
    while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  if (!folder_.empty()) {
    std::error_code ignored;  // best effort: it is under the temp folder
    std::filesystem::remove_all(folder_, ignored);
  }
}

absl::Status RankLauncher::Wait() {
  absl::Status result;
  for (size_t i = 0; i < pids_.size(); ++i) {
    int status = 0;
    while (waitpid(pids_[i], &status, 0) < 0 && errno == EINTR) {
    }
    if (result.ok() && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
      result = absl::InternalError(absl::StrCat(
          "data-parallel rank ", i + 1,
          WIFEXITED(status) ? absl::StrCat(" exited with ", WEXITSTATUS(status))
                            : absl::StrCat(" was killed by signal ",
                                           WTERMSIG(status))));
    }
  }
  pids_.clear();
  return result;
}

void FollowParentDeath() {
  const pid_t parent = getppid();
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  // The parent may have died before the prctl took effect.
  if (getppid() != parent) _exit(1);
}

}  // namespace tune::trainer
