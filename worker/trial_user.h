// The unprivileged account trials run as when workerd runs as root
// (workerd --trial-user NAME); TrialProcess starts them under it.
// Thread-safe.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace tune::worker {

struct TrialUser {
  std::string name;
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;  // supplementary groups, from /etc/group
  std::string home;
};

// Looks the account up. InvalidArgument naming --trial-user when it does
// not exist or is root.
absl::StatusOr<TrialUser> LookUpTrialUser(const std::string& name);

}  // namespace tune::worker
