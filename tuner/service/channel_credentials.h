// What a client of tunerd connects with: plain TCP on loopback, or TLS
// that checks tunerd's certificate against the cluster's CA, with an
// optional client certificate (workers) and bearer token (tunectl and
// ask/tell programs). Files are read at each call, so a reconnecting
// worker picks up a renewed certificate. Thread-safe.
//
//   auto credentials = MakeChannelCredentials(
//       {.ca = "ca.pem", .token = token});
//   auto channel = grpc::CreateChannel(address, *credentials);
#pragma once

#include <memory>
#include <string>

#include <grpcpp/security/credentials.h>

#include "absl/status/statusor.h"

namespace tune::service {

struct ClientTls {
  std::string ca;     // PEM CA of tunerd's certificate; empty: no TLS
  std::string cert;   // PEM client certificate (workers); may be empty
  std::string key;    // its private key
  std::string token;  // bearer token sent with every call; may be empty
};

// InvalidArgument naming the file that cannot be read, or a certificate
// without its key, or a token without TLS (it would travel in clear).
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>>
MakeChannelCredentials(const ClientTls& tls);

// The subject common name of the PEM certificate in `path`: a worker's
// id under TLS. InvalidArgument when unreadable or without one.
absl::StatusOr<std::string> CertificateCommonName(const std::string& path);

}  // namespace tune::service
