// API tokens of tunerd's clients, kept only as hashes: each has a unique
// name, a role and who created it. Revoked tokens stay listed (with the
// time of revocation) so the audit trail keeps their names.
//
// Implementations are thread-safe. SqliteTokenStore (sqlite_token_store.h)
// keeps them in the tune database, on a connection of its own, so checking
// a token never waits for the Scheduler's commits.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace tune::storage {

struct TokenRecord {
  std::string name;        // unique; the key
  std::string hash;        // hex SHA-256 of the token; unique
  std::string role;        // "viewer", "submitter" or "admin"
  std::string created_by;  // the identity that created it
  double created_at = 0;   // seconds since the Unix epoch
  double revoked_at = 0;   // 0 while valid
};

class TokenStore {
 public:
  virtual ~TokenStore() = default;

  // Stores a new token. AlreadyExists when the name (or hash) is taken;
  // InvalidArgument for an empty name or hash.
  virtual absl::Status Create(const TokenRecord& token) = 0;
  // The token with this hash, revoked or not; NotFound when none.
  virtual absl::StatusOr<TokenRecord> FindByHash(std::string_view hash) = 0;
  // Every token, in order of name.
  virtual absl::StatusOr<std::vector<TokenRecord>> List() = 0;
  // Marks the token revoked at `now`. NotFound when no token has the name;
  // revoking a revoked token is OK and keeps the first time.
  virtual absl::Status Revoke(std::string_view name, double now) = 0;
};

}  // namespace tune::storage
