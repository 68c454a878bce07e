// A real child process for the cross-process tests: started with
// posix_spawn (no shell), its stdout and stderr captured through a pipe
// into a log file and readable line by line with a timeout, so tests wait
// for what a daemon prints rather than sleeping. Not thread-safe.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tune::testing {

class ChildProcess {
 public:
  // `extra_env` entries ("NAME=value") are added to the test's environment.
  ChildProcess(std::vector<std::string> argv,
               std::vector<std::string> extra_env = {});
  ~ChildProcess();  // SIGKILLs the process if it still runs
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }

  // Reads output lines until one satisfies `match` (returned) or the timeout
  // passes or the output ends (nullopt). Every line read is kept in output().
  std::optional<std::string> WaitForLine(
      const std::function<bool(const std::string&)>& match,
      std::chrono::milliseconds timeout);

  // Everything read so far.
  const std::string& output() const { return output_; }

  void Signal(int signal);
  // Waits for the exit and returns the exit code (128+N for signal N), or
  // nullopt on timeout. Reads remaining output meanwhile.
  std::optional<int> Wait(std::chrono::milliseconds timeout);

 private:
  bool ReadSome(std::chrono::milliseconds timeout);

  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string pending_;  // bytes after the last complete line
  std::string output_;
  bool exited_ = false;
};

// Runs a command to its end and returns {exit code, output}.
std::pair<int, std::string> RunToEnd(std::vector<std::string> argv,
                                     std::vector<std::string> extra_env = {},
                                     std::chrono::milliseconds timeout =
                                         std::chrono::seconds(120));

// A fresh directory under $TMPDIR (or /tmp), removed with its contents by
// the destructor unless TUNE_KEEP_TEST_DIRS is set.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// True when the process is gone or a zombie. A signalled process dies a
// little after kill() returns: wait for this with Eventually().
bool ProcessIsGone(pid_t pid);

}  // namespace tune::testing
