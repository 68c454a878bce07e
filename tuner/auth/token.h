// API tokens: made from 32 random bytes (OpenSSL's RAND_bytes) and kept by
// tunerd only as their SHA-256, so a stolen database yields no token.
// Thread-safe.
//
//   absl::StatusOr<std::string> token = NewToken();  // "tune_3f9a..."
//   std::string hash = HashToken(*token);            // 64 hex digits
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace tune::auth {

// "tune_" and 64 hex digits. Internal when the system has no randomness.
absl::StatusOr<std::string> NewToken();
// Lower-case hex SHA-256 of the token's bytes.
std::string HashToken(std::string_view token);

}  // namespace tune::auth
