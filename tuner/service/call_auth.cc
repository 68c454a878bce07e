#include "tuner/service/call_auth.h"

#include "absl/strings/str_cat.h"
#include "tuner/auth/rpc_roles.h"

namespace tune::service {

absl::StatusOr<auth::Identity> CallAuthorizer::Authorize(
    const grpc::ServerContext& context, std::string_view method) const {
  const std::optional<auth::Role> required = auth::RequiredRole(method);
  if (!required) {
    return absl::PermissionDeniedError(
        absl::StrCat(std::string(method), " is in no role's permissions"));
  }
  if (authenticator_ == nullptr) return auth::Identity{"local", auth::Role::kAdmin};
  std::string_view header;
  const auto& metadata = context.client_metadata();
  if (auto it = metadata.find("authorization"); it != metadata.end()) {
    header = std::string_view(it->second.data(), it->second.size());
  }
  absl::StatusOr<auth::Identity> who = authenticator_->Authenticate(header);
  if (!who.ok()) return who.status();
  if (!auth::Allows(who->role, *required)) {
    return absl::PermissionDeniedError(absl::StrCat(
        "token '", who->name, "' has role ", auth::RoleName(who->role), "; ",
        std::string(method.substr(method.rfind('/') + 1)), " needs ",
        auth::RoleName(*required)));
  }
  return who;
}

}  // namespace tune::service
