#include "worker/command_policy.h"

#include <unistd.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace tune::worker {
namespace fs = std::filesystem;

absl::StatusOr<CommandPolicy> CommandPolicy::Create(
    std::vector<std::string> allowed) {
  std::vector<std::string> canonical;
  for (const std::string& entry : allowed) {
    std::error_code error;
    if (entry.empty() || entry[0] != '/') {
      return absl::InvalidArgumentError(absl::StrCat(
          "--allow: '", entry, "' is not an absolute path"));
    }
    const fs::path real = fs::canonical(entry, error);
    if (error) {
      return absl::InvalidArgumentError(
          absl::StrCat("--allow: ", entry, ": ", error.message()));
    }
    canonical.push_back(fs::is_directory(real) ? real.string() + "/"
                                               : real.string());
  }
  return CommandPolicy(std::move(canonical), false);
}

absl::StatusOr<std::string> CommandPolicy::Resolve(
    const std::string& program, const std::string& path_env,
    const std::string& resolve_dir) const {
  fs::path candidate;
  if (program.find('/') != std::string::npos) {
    candidate = program[0] == '/' ? fs::path(program)
                                  : fs::path(resolve_dir) / program;
  } else {
    for (absl::string_view dir : absl::StrSplit(path_env, ':', absl::SkipEmpty())) {
      const fs::path path = fs::path(std::string(dir)) / program;
      if (::access(path.c_str(), X_OK) == 0 && !fs::is_directory(path)) {
        candidate = path;
        break;
      }
    }
    if (candidate.empty()) {
      return absl::NotFoundError(
          absl::StrCat("could not start ", program,
                       ": not found in the trial's PATH (", path_env, ")"));
    }
  }
  std::error_code error;
  const fs::path real = fs::canonical(candidate, error);
  if (error || ::access(real.c_str(), X_OK) != 0 || fs::is_directory(real)) {
    return absl::NotFoundError(absl::StrCat("could not start ", program, ": ",
                                            candidate.string(),
                                            " is not an executable file"));
  }
  if (any_) return candidate.lexically_normal().string();
  for (const std::string& allowed : allowed_) {
    const bool ok = allowed.back() == '/'
                        ? real.string().rfind(allowed, 0) == 0
                        : real.string() == allowed;
    if (ok) return candidate.lexically_normal().string();
  }
  return absl::PermissionDeniedError(absl::StrCat(
      "command '", program, "' (", real.string(),
      ") is not in this worker's allowlist (workerd --allow): ", Describe()));
}

std::string CommandPolicy::Describe() const {
  if (any_) return "any command";
  if (allowed_.empty()) return "nothing";
  return absl::StrJoin(allowed_, ", ");
}

}  // namespace tune::worker
