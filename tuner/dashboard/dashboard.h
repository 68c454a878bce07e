// tunerd's web dashboard: the JSON API, /metrics and the front end's files
// (routes.h) served over HTTP (http_server.h) on threads of its own.
//
// Usage (tunerd_main.cc):
//   auto dashboard = Dashboard::Start(
//       {.listen = "127.0.0.1:8080", .static_dir = "/opt/tune/bin/dashboard"},
//       server->scheduler(), &telemetry);
//   std::cout << "dashboard at http://" << (*dashboard)->address() << "/\n";
//
// Thread-safety: thread-safe. The Scheduler and Telemetry must outlive it.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "tuner/auth/authenticator.h"
#include "tuner/dashboard/http_server.h"
#include "tuner/scheduler/scheduler.h"
#include "tuner/telemetry/telemetry.h"

namespace tune::dashboard {

struct DashboardOptions {
  std::string listen = "127.0.0.1:8080";  // port 0: any free one
  std::filesystem::path static_dir;       // the front end's built files
  // Host header names it answers besides loopback's, the machine's own
  // name and the listen address's host.
  std::vector<std::string> hosts;
  // Null: no tokens; then it listens on loopback only unless `insecure`.
  const auth::Authenticator* authenticator = nullptr;
  // {certificate chain, key} PEM files: HTTPS only. Unset: plain HTTP.
  std::optional<std::pair<std::string, std::string>> tls;
  bool insecure = false;
};

class Dashboard {
 public:
  // Errors: those of HttpServer::Start, with the address named;
  // FailedPrecondition for a non-loopback address without tokens (unless
  // `insecure`).
  static absl::StatusOr<std::unique_ptr<Dashboard>> Start(
      const DashboardOptions& options, const scheduler::Scheduler* scheduler,
      const telemetry::Telemetry* telemetry);

  // HOST:PORT actually bound.
  const std::string& address() const { return server_->address(); }
  // "https://HOST:PORT/" or "http://HOST:PORT/".
  std::string url() const;
  // Loads the TLS files again for new connections (tunerd's SIGHUP); OK
  // and nothing done over plain HTTP.
  absl::Status ReloadTls();
  // Stops serving; idempotent. The destructor calls it.
  void Shutdown() { server_->Shutdown(); }

 private:
  explicit Dashboard(std::unique_ptr<HttpServer> server)
      : server_(std::move(server)) {}
  std::unique_ptr<HttpServer> server_;
};

// The default --dashboard-dir: "dashboard" beside the running program
// (build/bin/dashboard for build/bin/tunerd).
std::filesystem::path DefaultStaticDir();

}  // namespace tune::dashboard
