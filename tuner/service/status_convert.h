// The one place where absl::Status becomes grpc::Status (the codes are the
// same numbers by design). Stateless; thread-safe.
#pragma once

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace tune::service {

grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace tune::service
