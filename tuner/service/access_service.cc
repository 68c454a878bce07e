#include "tuner/service/access_service.h"

#include "absl/strings/str_cat.h"
#include "tuner/auth/rpc_roles.h"
#include "tuner/auth/token.h"
#include "tuner/scheduler/wall_clock.h"
#include "tuner/service/status_convert.h"

namespace tune::service {
namespace {

constexpr size_t kMaxTokenNameLength = 64;

absl::Status CheckTokenName(const std::string& name) {
  if (name.empty() || name.size() > kMaxTokenNameLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("name: 1 to ", kMaxTokenNameLength, " characters"));
  }
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' &&
        c != '.' && c != '@') {
      return absl::InvalidArgumentError(
          "name: letters, digits, '-', '_', '.' and '@' only");
    }
  }
  return absl::OkStatus();
}

void ToProto(const storage::TokenRecord& record, tune::v1::ApiToken* out) {
  out->set_name(record.name);
  out->set_role(record.role);
  out->set_created_by(record.created_by);
  out->set_created_at(record.created_at);
  out->set_revoked_at(record.revoked_at);
}

}  // namespace

absl::StatusOr<std::string> IssueToken(storage::TokenStore& tokens,
                                       const std::string& name,
                                       const std::string& role,
                                       const std::string& created_by,
                                       storage::TokenRecord* record) {
  if (absl::Status s = CheckTokenName(name); !s.ok()) return s;
  if (!auth::ParseRole(role)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "role: one of viewer, submitter, admin (got '", role, "')"));
  }
  absl::StatusOr<std::string> secret = auth::NewToken();
  if (!secret.ok()) return secret.status();
  *record = storage::TokenRecord{.name = name,
                                 .hash = auth::HashToken(*secret),
                                 .role = role,
                                 .created_by = created_by,
                                 .created_at = scheduler::WallSeconds()};
  if (absl::Status s = tokens.Create(*record); !s.ok()) return s;
  return secret;
}

grpc::Status AccessServiceImpl::WhoAmI(grpc::ServerContext* context,
                                       const tune::v1::WhoAmIRequest*,
                                       tune::v1::WhoAmIResponse* response) {
  auto who = auth_->Authorize(*context, auth::rpc::kWhoAmI);
  if (!who.ok()) return ToGrpcStatus(who.status());
  response->set_name(who->name);
  response->set_role(auth::RoleName(who->role));
  response->set_authenticated(auth_->tokens_required());
  return grpc::Status::OK;
}

grpc::Status AccessServiceImpl::CreateToken(
    grpc::ServerContext* context, const tune::v1::CreateTokenRequest* request,
    tune::v1::CreateTokenResponse* response) {
  auto who = auth_->Authorize(*context, auth::rpc::kCreateToken);
  if (!who.ok()) return ToGrpcStatus(who.status());
  storage::TokenRecord record;
  auto secret =
      IssueToken(*tokens_, request->name(), request->role(), who->name, &record);
  if (!secret.ok()) return ToGrpcStatus(secret.status());
  ToProto(record, response->mutable_token());
  response->set_secret(*secret);
  return grpc::Status::OK;
}

grpc::Status AccessServiceImpl::ListTokens(grpc::ServerContext* context,
                                           const tune::v1::ListTokensRequest*,
                                           tune::v1::ListTokensResponse* response) {
  auto who = auth_->Authorize(*context, auth::rpc::kListTokens);
  if (!who.ok()) return ToGrpcStatus(who.status());
  auto tokens = tokens_->List();
  if (!tokens.ok()) return ToGrpcStatus(tokens.status());
  for (const auto& token : *tokens) ToProto(token, response->add_tokens());
  return grpc::Status::OK;
}

grpc::Status AccessServiceImpl::RevokeToken(
    grpc::ServerContext* context, const tune::v1::RevokeTokenRequest* request,
    tune::v1::RevokeTokenResponse* response) {
  auto who = auth_->Authorize(*context, auth::rpc::kRevokeToken);
  if (!who.ok()) return ToGrpcStatus(who.status());
  if (absl::Status s = tokens_->Revoke(request->name(), scheduler::WallSeconds());
      !s.ok()) {
    return ToGrpcStatus(s);
  }
  auto tokens = tokens_->List();
  if (!tokens.ok()) return ToGrpcStatus(tokens.status());
  for (const auto& token : *tokens) {
    if (token.name == request->name()) ToProto(token, response->mutable_token());
  }
  return grpc::Status::OK;
}

}  // namespace tune::service
