// tunerd as an object: opens the database, rebuilds the Scheduler from it
// and serves TunerService, AccessService and WorkerService on one port.
//
// Secure by default: with TLS (ServerOptions::tls) every client call needs
// a token and every worker a client certificate; without TLS nobody is
// authenticated, so it listens on a loopback address only, unless
// `insecure` says the operator accepts that.
//
// Usage:
//   auto server = TunerServer::BuildAndStart({.listen = "127.0.0.1:0",
//                                             .db_path = "tune.db"});
//   std::cout << (*server)->address();
//   (*server)->Wait();  // until Shutdown() is called from another thread
// Thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <grpcpp/server.h>

#include "absl/status/statusor.h"
#include "storage/store.h"
#include "storage/token_store.h"
#include "tuner/auth/authenticator.h"
#include "tuner/service/access_service.h"
#include "tuner/service/call_auth.h"
#include "tuner/service/server_tls.h"
#include "tuner/scheduler/scheduler.h"
#include "tuner/service/tuner_service.h"
#include "tuner/service/worker_service.h"

namespace tune::service {

struct ServerOptions {
  std::string listen = "127.0.0.1:0";  // port 0 picks a free port
  std::string db_path;
  std::chrono::milliseconds lease{std::chrono::seconds(15)};
  telemetry::Telemetry* telemetry = nullptr;  // see SchedulerOptions
  std::optional<TlsFiles> tls;  // none: plain TCP, no tokens
  bool insecure = false;        // allow a non-loopback address without TLS
  // Abuse limits (README, "Limits").
  int max_threads = 4096;             // threads serving calls and streams
  int max_streams_per_connection = 100;
  // A worker stream that sends no Register this soon is closed.
  std::chrono::milliseconds register_timeout{std::chrono::seconds(30)};
};


class TunerServer {
 public:
  static absl::StatusOr<std::unique_ptr<TunerServer>> BuildAndStart(
      const ServerOptions& options);
  ~TunerServer();

  // HOST:PORT actually bound.
  const std::string& address() const { return address_; }
  // The core, for other front ends (the dashboard). Lives as long as this.
  const scheduler::Scheduler* scheduler() const { return scheduler_.get(); }
  // Null when tokens are off (no TLS).
  const auth::Authenticator* authenticator() const { return authenticator_.get(); }
  // Null without TLS.
  ServerTls* tls() const { return tls_.get(); }

  // Stops taking calls, ends open streams within a short grace period and
  // stops the Scheduler. Idempotent.
  void Shutdown();
  // Blocks until the server has shut down.
  void Wait();

 private:
  TunerServer() = default;

  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<storage::Store> reader_;  // read-only; null for ":memory:"

  std::unique_ptr<storage::TokenStore> tokens_;
  std::unique_ptr<scheduler::Scheduler> scheduler_;
  std::unique_ptr<ServerTls> tls_;
  std::unique_ptr<auth::Authenticator> authenticator_;
  std::unique_ptr<CallAuthorizer> authorizer_;
  std::unique_ptr<TunerServiceImpl> tuner_service_;
  std::unique_ptr<AccessServiceImpl> access_service_;
  std::unique_ptr<WorkerServiceImpl> worker_service_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
  std::once_flag shutdown_once_;
};

}  // namespace tune::service
