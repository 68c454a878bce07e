#include "tests/support/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

extern char** environ;

namespace tune::testing {
namespace {

using Clock = std::chrono::steady_clock;

int DecodeStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

ChildProcess::ChildProcess(std::vector<std::string> argv,
                           std::vector<std::string> extra_env) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
  for (auto& e : extra_env) env.push_back(std::move(e));
  std::vector<char*> argv_c;
  for (auto& a : argv) argv_c.push_back(a.data());
  argv_c.push_back(nullptr);
  std::vector<char*> env_c;
  for (auto& e : env) env_c.push_back(e.data());
  env_c.push_back(nullptr);
  const int error = ::posix_spawnp(&pid_, argv_c[0], &actions, nullptr,
                                   argv_c.data(), env_c.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (error != 0) {
    ::close(fds[0]);
    throw std::runtime_error("cannot start " + argv[0] + ": " +
                             std::strerror(error));
  }
  out_fd_ = fds[0];
}

ChildProcess::~ChildProcess() {
  if (!exited_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status;
    ::waitpid(pid_, &status, 0);
  }
  if (out_fd_ >= 0) ::close(out_fd_);
}

bool ChildProcess::ReadSome(std::chrono::milliseconds timeout) {
  if (out_fd_ < 0) return false;
  pollfd fd{out_fd_, POLLIN, 0};
  const int ready = ::poll(&fd, 1, static_cast<int>(timeout.count()));
  if (ready <= 0) return ready == 0;  // timeout: still open
  char buffer[65536];
  const ssize_t n = ::read(out_fd_, buffer, sizeof(buffer));
  if (n <= 0) {
    ::close(out_fd_);
    out_fd_ = -1;
    return false;
  }
  pending_.append(buffer, static_cast<size_t>(n));
  output_.append(buffer, static_cast<size_t>(n));
  return true;
}

std::optional<std::string> ChildProcess::WaitForLine(
    const std::function<bool(const std::string&)>& match,
    std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (true) {
    size_t newline;
    while ((newline = pending_.find('\n')) != std::string::npos) {
      std::string line = pending_.substr(0, newline);
      pending_.erase(0, newline + 1);
      if (match(line)) return line;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - Clock::now());
    if (left.count() <= 0) return std::nullopt;
    if (!ReadSome(left) && out_fd_ < 0) return std::nullopt;
  }
}

void ChildProcess::Signal(int signal) {
  if (!exited_ && pid_ > 0) ::kill(pid_, signal);
}

std::optional<int> ChildProcess::Wait(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (true) {
    int status = 0;
    const pid_t reaped = ::waitpid(pid_, &status, WNOHANG);
    if (reaped == pid_) {
      exited_ = true;
      while (ReadSome(std::chrono::milliseconds(0)) && out_fd_ >= 0) {
      }
      return DecodeStatus(status);
    }
    if (Clock::now() >= deadline) return std::nullopt;
    // Reading the output is what we wait on; it ends when the child exits.
    if (!ReadSome(std::chrono::milliseconds(50))) {
      // Output closed: the exit is imminent; block for it within the limit.
      pollfd none{};
      ::poll(&none, 0, 10);
    }
  }
}

std::pair<int, std::string> RunToEnd(std::vector<std::string> argv,
                                     std::vector<std::string> extra_env,
                                     std::chrono::milliseconds timeout) {
  ChildProcess child(std::move(argv), std::move(extra_env));
  auto code = child.Wait(timeout);
  return {code.value_or(-1), child.output()};
}

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/tune-test-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("mkdtemp failed");
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  if (std::getenv("TUNE_KEEP_TEST_DIRS") != nullptr) return;
  std::error_code error;
  std::filesystem::remove_all(path_, error);
}

bool ProcessIsGone(pid_t pid) {
  if (::kill(pid, 0) != 0 && errno == ESRCH) return true;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pid_field, comm, state;
  if (!(stat >> pid_field >> comm >> state)) return true;
  return state == "Z" || state == "X";
}

}  // namespace tune::testing
