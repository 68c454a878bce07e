// Who may do what: the three roles of tunerd's clients and how they nest
// (admin > submitter > viewer), and an authenticated caller's identity.
//
//   viewer     reads every job, trial and event, with secrets hidden;
//   submitter  also creates, stops and updates jobs and drives ask/tell;
//   admin      also manages tokens and sees secrets.
// Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tune::auth {

enum class Role { kViewer = 0, kSubmitter = 1, kAdmin = 2 };

const char* RoleName(Role role);  // "viewer", "submitter", "admin"
std::optional<Role> ParseRole(std::string_view name);
// True when `have` includes everything `need` may do.
inline bool Allows(Role have, Role need) {
  return static_cast<int>(have) >= static_cast<int>(need);
}

// Viewers get secret-looking values hidden (secrets.h); the rest see them.
inline bool MaySeeSecrets(Role role) { return Allows(role, Role::kSubmitter); }

// An authenticated caller: a token's name, a worker certificate's name, or
// "local" when tunerd runs without authentication (loopback, no TLS).
struct Identity {
  std::string name;
  Role role = Role::kViewer;
};

}  // namespace tune::auth
