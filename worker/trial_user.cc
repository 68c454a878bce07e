#include "worker/trial_user.h"

#include <grp.h>
#include <pwd.h>

#include "absl/strings/str_cat.h"

namespace tune::worker {

absl::StatusOr<TrialUser> LookUpTrialUser(const std::string& name) {
  std::vector<char> buffer(16384);
  struct passwd entry;
  struct passwd* found = nullptr;
  if (::getpwnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found) != 0 ||
      found == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("--trial-user: no user named '", name, "'"));
  }
  if (found->pw_uid == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("--trial-user: '", name, "' is root"));
  }
  TrialUser user{name, found->pw_uid, found->pw_gid, {}, found->pw_dir};
  int count = 64;
  user.groups.resize(count);
  if (::getgrouplist(name.c_str(), user.gid, user.groups.data(), &count) < 0) {
    user.groups.resize(count);
    ::getgrouplist(name.c_str(), user.gid, user.groups.data(), &count);
  }
  user.groups.resize(count);
  return user;
}

}  // namespace tune::worker
