// Which programs this worker runs: its operator's allowlist of absolute
// paths (a program, or a directory whose programs are all allowed). A
// trial's argv[0] is resolved (a relative path against workerd's start
// directory, a bare name through the trial's PATH) and its real path,
// symlinks followed, must be listed; that resolved path is what runs, so
// what was checked is what starts.
//
//   auto policy = CommandPolicy::Create({"/usr/bin/python3", "/opt/train"});
//   absl::StatusOr<std::string> program =
//       policy->Resolve("python3", "/usr/bin:/bin", "/home/op");
//
// Pure apart from reading the file system; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace tune::worker {

class CommandPolicy {
 public:
  // InvalidArgument naming an entry that is not an absolute path to an
  // existing file or directory.
  static absl::StatusOr<CommandPolicy> Create(std::vector<std::string> allowed);
  // Runs whatever tunerd sends (workerd --allow-any-command).
  static CommandPolicy AllowAny() { return CommandPolicy({}, true); }
  // Runs nothing: what a worker with no --allow gets.
  static CommandPolicy AllowNone() { return CommandPolicy({}, false); }

  // The absolute path to run for `program`. NotFound when it cannot be
  // found or is not executable; PermissionDenied, naming the program and
  // the allowlist, when it is not allowed.
  absl::StatusOr<std::string> Resolve(const std::string& program,
                                      const std::string& path_env,
                                      const std::string& resolve_dir) const;

  // "/usr/bin/python3, /opt/train/" or "any command".
  std::string Describe() const;

 private:
  CommandPolicy(std::vector<std::string> allowed, bool any)
      : allowed_(std::move(allowed)), any_(any) {}

  std::vector<std::string> allowed_;  // canonical; directories end in '/'
  bool any_ = false;
};

}  // namespace tune::worker
