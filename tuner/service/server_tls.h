// tunerd's TLS: its certificate and key, and the CA that signs workers'
// client certificates, checked and installed where gRPC's file watcher
// reads them, so that a reload (SIGHUP) reaches new handshakes within a
// second while open streams, and so running trials, keep going.
//
//   auto tls = ServerTls::Create({.cert = "tunerd.pem", .key = "tunerd.key",
//                                 .client_ca = "ca.pem"}, "/var/lib/tune/tls");
//   builder.AddListeningPort(addr, (*tls)->GrpcCredentials());
//   ...
//   (*tls)->Reload();  // on SIGHUP: the same paths, read again
//
// Files that do not parse, or a key that does not match the certificate,
// are refused with the file named; a refused reload keeps the files in
// use. Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include <grpcpp/security/server_credentials.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace tune::service {

struct TlsFiles {
  std::string cert;       // PEM certificate chain of tunerd
  std::string key;        // PEM private key of that certificate
  std::string client_ca;  // PEM CA that signs workers' client certificates
};

class ServerTls {
 public:
  // Checks `files` and copies them into `active_dir` (made with mode 0700).
  // InvalidArgument naming the flag and file for an unreadable or invalid
  // file; Internal when `active_dir` cannot be written.
  static absl::StatusOr<std::unique_ptr<ServerTls>> Create(
      const TlsFiles& files, const std::string& active_dir);

  // Server credentials on the installed files: TLS for everyone, client
  // certificates verified against the CA when presented (workers must).
  std::shared_ptr<grpc::ServerCredentials> GrpcCredentials() const;

  // Reads and checks the configured files again and installs them.
  absl::Status Reload();

  // The installed copies, for the dashboard's HTTPS.
  const std::string& cert_path() const { return cert_path_; }
  const std::string& key_path() const { return key_path_; }

 private:
  ServerTls(TlsFiles files, std::string active_dir);

  const TlsFiles files_;
  const std::string cert_path_;
  const std::string key_path_;
  const std::string ca_path_;
  std::mutex reload_mu_;  // one install at a time
};

// Checks that the certificate and key are PEM, parse, and belong together,
// and that the CA (if given) is a PEM certificate. InvalidArgument naming
// the flag and file that is wrong.
absl::Status CheckTlsFiles(const TlsFiles& files);

}  // namespace tune::service
