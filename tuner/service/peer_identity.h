// A worker's identity from its TLS client certificate: the certificate's
// subject common name, else its first subject alternative name. gRPC has
// already verified the certificate against the cluster's CA.
// Thread-safe.
#pragma once

#include <string>

#include <grpcpp/server_context.h>

#include "absl/status/statusor.h"

namespace tune::service {

// Unauthenticated when the peer presented no verified certificate (or one
// with neither name).
absl::StatusOr<std::string> CertificateName(const grpc::ServerContext& context);

}  // namespace tune::service
