// Who is calling a client RPC and whether they may: the one place where a
// call's "authorization" metadata meets the role table (rpc_roles.h).
//
//   absl::StatusOr<auth::Identity> who =
//       authorizer.Authorize(*context, auth::rpc::kCreateTuningJob);
//   if (!who.ok()) return ToGrpcStatus(who.status());
//
// Without an Authenticator (tunerd on loopback without TLS) every caller is
// Identity{"local", admin}: the machine's own users are trusted, as with
// any loopback-only daemon. Thread-safe.
#pragma once

#include <string_view>

#include <grpcpp/server_context.h>

#include "absl/status/statusor.h"
#include "tuner/auth/authenticator.h"
#include "tuner/auth/role.h"

namespace tune::service {

class CallAuthorizer {
 public:
  // `authenticator` may be null (no tokens); else it must outlive this.
  explicit CallAuthorizer(const auth::Authenticator* authenticator)
      : authenticator_(authenticator) {}

  // Unauthenticated without a valid token; PermissionDenied, naming the
  // role needed, when the token's role is too low or `method` is not in
  // the role table.
  absl::StatusOr<auth::Identity> Authorize(const grpc::ServerContext& context,
                                           std::string_view method) const;
  bool tokens_required() const { return authenticator_ != nullptr; }

 private:
  const auth::Authenticator* const authenticator_;
};

}  // namespace tune::service
