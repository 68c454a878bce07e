// AccessService over gRPC: who am I, and the API tokens (admin only).
// Thin: checks the request, calls the TokenStore, converts the answer.
// Thread-safe.
#pragma once

#include "storage/token_store.h"
#include "tune/v1/access.grpc.pb.h"
#include "tuner/service/call_auth.h"

namespace tune::service {

class AccessServiceImpl final : public tune::v1::AccessService::Service {
 public:
  // Both must outlive the service.
  AccessServiceImpl(storage::TokenStore* tokens, const CallAuthorizer* auth)
      : tokens_(tokens), auth_(auth) {}

  grpc::Status WhoAmI(grpc::ServerContext* context,
                      const tune::v1::WhoAmIRequest* request,
                      tune::v1::WhoAmIResponse* response) override;
  grpc::Status CreateToken(grpc::ServerContext* context,
                           const tune::v1::CreateTokenRequest* request,
                           tune::v1::CreateTokenResponse* response) override;
  grpc::Status ListTokens(grpc::ServerContext* context,
                          const tune::v1::ListTokensRequest* request,
                          tune::v1::ListTokensResponse* response) override;
  grpc::Status RevokeToken(grpc::ServerContext* context,
                           const tune::v1::RevokeTokenRequest* request,
                           tune::v1::RevokeTokenResponse* response) override;

 private:
  storage::TokenStore* const tokens_;
  const CallAuthorizer* const auth_;
};

// Makes, stores and returns a new token (the secret, shown once): what
// CreateToken and `tunerd token create` share. InvalidArgument naming the
// field for a bad name or role; AlreadyExists for a taken name.
absl::StatusOr<std::string> IssueToken(storage::TokenStore& tokens,
                                       const std::string& name,
                                       const std::string& role,
                                       const std::string& created_by,
                                       storage::TokenRecord* record);

}  // namespace tune::service
