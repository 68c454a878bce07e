#include "tuner/bench/line_process.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

extern char** environ;

namespace tune::bench {
namespace {

void CloseIfOpen(int fd) {
  if (fd >= 0) ::close(fd);
}

}  // namespace

absl::StatusOr<std::unique_ptr<LineProcess>> LineProcess::Start(
    const std::vector<std::string>& argv) {
  if (argv.empty()) return absl::InvalidArgumentError("empty command");
  int to_child[2];
  int from_child[2];
  if (::pipe2(to_child, O_CLOEXEC) != 0) {
    return absl::InternalError(
        absl::StrCat("pipe: ", std::strerror(errno)));
  }
  if (::pipe2(from_child, O_CLOEXEC) != 0) {
    const int error = errno;
    ::close(to_child[0]);
    ::close(to_child[1]);
    return absl::InternalError(absl::StrCat("pipe: ", std::strerror(error)));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, to_child[0], 0);
  posix_spawn_file_actions_adddup2(&actions, from_child[1], 1);
  std::vector<std::string> args = argv;
  std::vector<char*> argv_c;
  for (std::string& arg : args) argv_c.push_back(arg.data());
  argv_c.push_back(nullptr);
  pid_t pid = -1;
  const int error = ::posix_spawn(&pid, argv_c[0], &actions, nullptr,
                                  argv_c.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(to_child[0]);
  ::close(from_child[1]);
  if (error != 0) {
    ::close(to_child[1]);
    ::close(from_child[0]);
    return absl::InternalError(absl::StrCat("cannot start ", argv[0], ": ",
                                            std::strerror(error)));
  }
  std::unique_ptr<LineProcess> process(
      new LineProcess(pid, to_child[1], from_child[0]));
  absl::StatusOr<std::string> greeting = process->ReadLine();
  if (!greeting.ok()) return greeting.status();
  process->greeting_ = *std::move(greeting);
  return process;
}

LineProcess::LineProcess(pid_t pid, int to_child, int from_child)
    : pid_(pid), to_child_(to_child), from_child_(from_child) {}

LineProcess::~LineProcess() {
  CloseIfOpen(to_child_);
  CloseIfOpen(from_child_);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
}

absl::StatusOr<std::string> LineProcess::Ask(const std::string& line) {
  if (line.find('\n') != std::string::npos) {
    return absl::InvalidArgumentError("a request must be one line");
  }
  const std::string message = line + "\n";
  size_t written = 0;
  while (written < message.size()) {
    const ssize_t n = ::write(to_child_, message.data() + written,
                              message.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return absl::UnavailableError(absl::StrCat(
          "cannot write to the child process: ", std::strerror(errno)));
    }
    written += static_cast<size_t>(n);
  }
  return ReadLine();
}

absl::StatusOr<std::string> LineProcess::ReadLine() {
  while (true) {
    const size_t newline = pending_.find('\n');
    if (newline != std::string::npos) {
      std::string line = pending_.substr(0, newline);
      pending_.erase(0, newline + 1);
      return line;
    }
    char buffer[4096];
    const ssize_t n = ::read(from_child_, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return absl::UnavailableError(
          "the child process closed its output (see its errors above)");
    }
    pending_.append(buffer, static_cast<size_t>(n));
  }
}

}  // namespace tune::bench
