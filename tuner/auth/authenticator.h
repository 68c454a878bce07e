// Checks a client's bearer token ("authorization: Bearer tune_...") against
// the TokenStore on every call, so a revoked token stops working at once,
// without a restart.
//
//   Authenticator auth(token_store);
//   absl::StatusOr<Identity> who = auth.Authenticate(header_value);
//
// Thread-safe (the TokenStore is).
#pragma once

#include <string_view>

#include "absl/status/statusor.h"
#include "storage/token_store.h"
#include "tuner/auth/role.h"

namespace tune::auth {

class Authenticator {
 public:
  // `tokens` must outlive the Authenticator.
  explicit Authenticator(storage::TokenStore* tokens) : tokens_(tokens) {}

  // The identity of the token in an authorization header's value.
  // Unauthenticated (saying why) when the header is missing, not a bearer
  // token, unknown or revoked; the store's error when it cannot be read.
  absl::StatusOr<Identity> Authenticate(std::string_view authorization) const;

 private:
  storage::TokenStore* const tokens_;
};

}  // namespace tune::auth
