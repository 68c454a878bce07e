#include "tuner/service/health_client.h"

#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace tune::service {

absl::StatusOr<std::string> CheckTunerHealth(
    const std::string& address,
    std::shared_ptr<grpc::ChannelCredentials> credentials,
    std::chrono::milliseconds timeout) {
  auto stub = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(address, std::move(credentials)));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  // Wait for the connection up to the deadline: a daemon starting up is
  // "not yet", not "never".
  context.set_wait_for_ready(true);
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) {
    return absl::UnavailableError(absl::StrCat(
        "tunerd at ", address, " did not answer the health check: ",
        status.error_message()));
  }
  return grpc::health::v1::HealthCheckResponse::ServingStatus_Name(
      response.status());
}

}  // namespace tune::service
