#include "tuner/dashboard/dashboard.h"

#include <unistd.h>

#include <system_error>

#include "absl/strings/str_cat.h"
#include "tuner/auth/loopback.h"
#include "tuner/dashboard/access_gate.h"
#include "tuner/dashboard/routes.h"

namespace tune::dashboard {

absl::StatusOr<std::unique_ptr<Dashboard>> Dashboard::Start(
    const DashboardOptions& options, const scheduler::Scheduler* scheduler,
    const telemetry::Telemetry* telemetry) {
  const std::string host = options.listen.substr(0, options.listen.rfind(':'));
  if (options.authenticator == nullptr && !options.insecure && !auth::IsLoopbackHost(host)) {
    return absl::FailedPreconditionError(absl::StrCat(
        options.listen,
        " is not a loopback address; a dashboard there needs tokens "
        "(tunerd with TLS), or --insecure"));
  }
  GateOptions gate{.allowed_hosts = {"localhost", "127.0.0.1", "[::1]", host},
                   .authenticator = options.authenticator,
                   .https = options.tls.has_value()};
  char name[256] = {};
  if (::gethostname(name, sizeof(name) - 1) == 0 && name[0] != '\0') {
    gate.allowed_hosts.emplace_back(name);
  }
  gate.allowed_hosts.insert(gate.allowed_hosts.end(), options.hosts.begin(),
                            options.hosts.end());
  auto routes = std::make_shared<const Routes>(scheduler, telemetry,
                                               StaticFiles(options.static_dir));
  auto access = std::make_shared<const AccessGate>(
      std::move(gate),
      [routes](const HttpRequest& request, const auth::Identity& who) {
        return routes->Handle(request, who);
      });
  auto server = HttpServer::Start(
      options.listen,
      [access](const HttpRequest& request) { return access->Handle(request); },
      /*threads=*/2, options.tls);
  if (!server.ok()) return server.status();
  return std::unique_ptr<Dashboard>(new Dashboard(std::move(*server)));
}

std::string Dashboard::url() const {
  return absl::StrCat(server_->https() ? "https://" : "http://",
                      server_->address(), "/");
}

absl::Status Dashboard::ReloadTls() {
  return server_->https() ? server_->ReloadTls() : absl::OkStatus();
}

std::filesystem::path DefaultStaticDir() {
  std::error_code error;
  const auto program = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return "dashboard";
  // Beside the program in a build tree; PREFIX/share/tune/dashboard when
  // installed in PREFIX/bin (the Debian package: /usr/share/tune).
  const auto beside = program.parent_path() / "dashboard";
  const auto installed =
      program.parent_path().parent_path() / "share" / "tune" / "dashboard";
  if (!std::filesystem::is_directory(beside, error) &&
      std::filesystem::is_directory(installed, error)) {
    return installed;
  }
  return beside;
}

}  // namespace tune::dashboard
