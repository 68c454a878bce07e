// A long-lived child process that answers one line for each line it is
// sent: how tune_bench talks to sklearn_task.py.
//
// The child is started with posix_spawn (no shell) with pipes on its stdin
// and stdout; its stderr is the benchmark's, so Python errors show up
// there. Start() waits for the child's first line (a greeting such as
// "ready svc-breast-cancer") and returns it; Ask() sends one line and
// waits for one line back. The destructor closes the child's stdin (the
// child is expected to exit at the end of its input), then waits for it.
//
//   absl::StatusOr<std::unique_ptr<LineProcess>> child = LineProcess::Start(
//       {"/usr/bin/python3", "tuner/bench/sklearn_task.py"});
//   absl::StatusOr<std::string> reply = (*child)->Ask("{\"C\": 1.0}");
//
// The caller should ignore SIGPIPE, so that writing to a child that died
// gives an error instead of ending the program. Not thread-safe.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace tune::bench {

class LineProcess {
 public:
  // Starts argv (argv[0] is a path, not looked up in PATH) and reads its
  // greeting into greeting(). Errors: Internal when the process cannot be
  // started; Unavailable when it exits before its first line.
  static absl::StatusOr<std::unique_ptr<LineProcess>> Start(
      const std::vector<std::string>& argv);

  ~LineProcess();
  LineProcess(const LineProcess&) = delete;
  LineProcess& operator=(const LineProcess&) = delete;

  const std::string& greeting() const { return greeting_; }

  // Sends `line` (which must not contain a newline) and returns the next
  // line of output, without its newline. Errors: InvalidArgument for a
  // line with a newline; Unavailable when the child has gone.
  absl::StatusOr<std::string> Ask(const std::string& line);

 private:
  LineProcess(pid_t pid, int to_child, int from_child);

  absl::StatusOr<std::string> ReadLine();

  pid_t pid_;
  int to_child_;
  int from_child_;
  std::string pending_;  // bytes read after the last complete line
  std::string greeting_;
};

}  // namespace tune::bench
