#include "trainer/train/rank_launcher.h"

#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"

extern char** environ;

namespace tune::trainer {
namespace {

constexpr char kSelf[] = "/proc/self/exe";
// Tells a started rank which process must be its parent, so that it can
// tell whether it was orphaned before it asked to die with it.
constexpr char kParentVariable[] = "TUNE_TRAINER_PARENT_PID";

absl::StatusOr<pid_t> SpawnRank(std::vector<std::string> argv) {
  std::vector<char*> pointers;
  for (std::string& arg : argv) pointers.push_back(arg.data());
  pointers.push_back(nullptr);
  std::string parent =
      absl::StrCat(kParentVariable, "=", static_cast<int64_t>(getpid()));
  std::vector<char*> environment;
  for (char** variable = environ; *variable != nullptr; ++variable) {
    environment.push_back(*variable);
  }
  environment.push_back(parent.data());
  environment.push_back(nullptr);
  pid_t pid = 0;
  const int error = posix_spawn(&pid, kSelf, nullptr, nullptr,
                                pointers.data(), environment.data());
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
  RankLauncher launcher(pattern);
  for (int rank = 1; rank < world_size; ++rank) {
    std::vector<std::string> argv = {"cifar10-trainer"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--rank", std::to_string(rank), "--dist-store",
                             launcher.store_path_});
    absl::StatusOr<pid_t> pid = SpawnRank(std::move(argv));
    if (!pid.ok()) return pid.status();  // the destructor kills the others
    launcher.watch_->pids.push_back(*pid);
  }
  Watch* watch = launcher.watch_.get();
  watch->thread = std::thread([watch] { WatchRanks(watch); });
  return launcher;
}

RankLauncher::RankLauncher(std::string folder)
    : folder_(std::move(folder)),
      store_path_(folder_ + "/store"),
      watch_(std::make_unique<Watch>()) {}

RankLauncher::RankLauncher(RankLauncher&& other) noexcept
    : folder_(std::move(other.folder_)),
      store_path_(std::move(other.store_path_)),
      watch_(std::move(other.watch_)) {
  other.folder_.clear();
}

void RankLauncher::WatchRanks(Watch* watch) {
  // In the order they end: the first failure is the one to report. This
  // process has no other children.
  for (size_t remaining = watch->pids.size(); remaining > 0;) {
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      return;  // ECHILD: none left
    }
    size_t rank = 0;
    while (rank < watch->pids.size() && watch->pids[rank] != pid) ++rank;
    if (rank == watch->pids.size()) continue;
    --remaining;
    if ((WIFEXITED(status) && WEXITSTATUS(status) == 0) || watch->stopping) {
      continue;
    }
    const std::string message = absl::StrCat(
        "cifar10-trainer: data-parallel rank ", rank + 1,
        WIFEXITED(status)
            ? absl::StrCat(" exited with ", WEXITSTATUS(status))
            : absl::StrCat(" was killed by signal ", WTERMSIG(status)),
        "; stopping the trial\n");
    std::fputs(message.c_str(), stderr);
    // The other ranks die with this process (PDEATHSIG).
    _exit(1);
  }
}

void RankLauncher::Stop() {
  if (watch_ == nullptr) return;
  if (watch_->thread.joinable()) {
    watch_->stopping = true;
    for (pid_t pid : watch_->pids) kill(pid, SIGKILL);
    watch_->thread.join();
  } else {
    // Start failed before the watcher ran: reap what it started.
    for (pid_t pid : watch_->pids) {
      kill(pid, SIGKILL);
      while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
      }
    }
  }
  watch_.reset();
}

RankLauncher::~RankLauncher() {
  Stop();
  if (!folder_.empty()) {
    std::error_code ignored;  // best effort: it is under the temp folder
    std::filesystem::remove_all(folder_, ignored);
  }
}

void RankLauncher::Wait() {
  // The watcher returns once every rank has exited 0; it ends the process
  // otherwise.
  if (watch_ != nullptr && watch_->thread.joinable()) watch_->thread.join();
  watch_.reset();
}

void FollowParentDeath() {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  // The parent may have died before the prctl took effect; then this
  // process has another parent already.
  const char* expected = std::getenv(kParentVariable);
  if (expected != nullptr && std::to_string(getppid()) != expected) _exit(1);
}

}  // namespace tune::trainer
