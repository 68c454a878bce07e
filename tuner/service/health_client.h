// Asks tunerd whether it serves, through the standard grpc.health.v1
// service: the one question systemd, Slurm scripts and Kubernetes probes
// ask (tunectl health, workerd --check).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"

namespace tune::service {

// The serving status tunerd reports ("SERVING", "NOT_SERVING", ...), or
// Unavailable naming `address` when it does not answer within `timeout`.
absl::StatusOr<std::string> CheckTunerHealth(
    const std::string& address,
    std::shared_ptr<grpc::ChannelCredentials> credentials,
    std::chrono::milliseconds timeout);

}  // namespace tune::service
