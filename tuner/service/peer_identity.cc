#include "tuner/service/peer_identity.h"

#include <grpc/grpc_security_constants.h>
#include <grpcpp/security/auth_context.h>

namespace tune::service {

absl::StatusOr<std::string> CertificateName(const grpc::ServerContext& context) {
  const std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth == nullptr || !auth->IsPeerAuthenticated()) {
    return absl::UnauthenticatedError(
        "workers must present a client certificate signed by the cluster's "
        "CA (workerd --tls-cert/--tls-key)");
  }
  for (const char* property :
       {GRPC_X509_CN_PROPERTY_NAME, GRPC_X509_SAN_PROPERTY_NAME}) {
    const auto values = auth->FindPropertyValues(property);
    if (!values.empty() && !values.front().empty()) {
      return std::string(values.front().data(), values.front().size());
    }
  }
  return absl::UnauthenticatedError(
      "the client certificate has neither a common name nor a SAN");
}

}  // namespace tune::service
