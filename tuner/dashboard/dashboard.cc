#include "tuner/dashboard/dashboard.h"

#include <system_error>

#include "tuner/dashboard/routes.h"

namespace tune::dashboard {

absl::StatusOr<std::unique_ptr<Dashboard>> Dashboard::Start(
    const DashboardOptions& options, const scheduler::Scheduler* scheduler,
    const telemetry::Telemetry* telemetry) {
  auto routes = std::make_shared<const Routes>(scheduler, telemetry,
                                               StaticFiles(options.static_dir));
  auto server = HttpServer::Start(
      options.listen,
      [routes](const HttpRequest& request) { return routes->Handle(request); });
  if (!server.ok()) return server.status();
  return std::unique_ptr<Dashboard>(new Dashboard(std::move(*server)));
}

std::filesystem::path DefaultStaticDir() {
  std::error_code error;
  const auto program = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return "dashboard";
  return program.parent_path() / "dashboard";
}

}  // namespace tune::dashboard
