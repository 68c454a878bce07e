#include "tuner/auth/authenticator.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tuner/auth/token.h"

namespace tune::auth {

absl::StatusOr<Identity> Authenticator::Authenticate(
    std::string_view authorization) const {
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.empty()) {
    return absl::UnauthenticatedError(
        "no token: send 'authorization: Bearer TOKEN' (tunectl: a context "
        "with a token in ~/.config/tune/config.yaml, or TUNE_TOKEN)");
  }
  if (authorization.size() < kBearer.size() ||
      !absl::EqualsIgnoreCase(std::string(authorization.substr(0, kBearer.size())),
                              std::string(kBearer))) {
    return absl::UnauthenticatedError(
        "authorization: expected 'Bearer TOKEN'");
  }
  const std::string_view token = authorization.substr(kBearer.size());
  absl::StatusOr<storage::TokenRecord> record =
      tokens_->FindByHash(HashToken(token));
  if (absl::IsNotFound(record.status())) {
    return absl::UnauthenticatedError("unknown token");
  }
  if (!record.ok()) return record.status();
  if (record->revoked_at != 0) {
    return absl::UnauthenticatedError(
        absl::StrCat("token '", record->name, "' was revoked"));
  }
  const std::optional<Role> role = ParseRole(record->role);
  if (!role) {
    return absl::DataLossError(absl::StrCat("token '", record->name,
                                            "' has unknown role '",
                                            record->role, "'"));
  }
  return Identity{record->name, *role};
}

}  // namespace tune::auth
