// tunerd: the tuner daemon.
//   tunerd --listen HOST:PORT --db FILE [--lease-seconds N]
//          [--dashboard HOST:PORT|off] [--dashboard-dir DIR]
// Prints "tunerd listening on HOST:PORT" once it serves, then "dashboard at
// http://HOST:PORT/" once the web dashboard does; SIGTERM or SIGINT drain
// it and exit 0.
#include <pthread.h>
#include <signal.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>

#include <CLI/CLI.hpp>

#include "tuner/dashboard/dashboard.h"
#include "tuner/service/tuner_server.h"
#include "tuner/telemetry/telemetry.h"

int main(int argc, char** argv) {
  CLI::App app{"tunerd: the hyperparameter tuning daemon"};
  tune::service::ServerOptions options;
  options.listen = "127.0.0.1:50051";
  double lease_seconds = 15;
  app.add_option("--listen", options.listen, "HOST:PORT to serve on (port 0: any)")
      ->capture_default_str();
  app.add_option("--db", options.db_path, "SQLite database file")->required();
  app.add_option("--lease-seconds", lease_seconds,
                 "a worker silent this long is lost")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  tune::dashboard::DashboardOptions dashboard_options;
  app.add_option("--dashboard", dashboard_options.listen,
                 "HOST:PORT of the web dashboard and /metrics (port 0: any; "
                 "off: none)")
      ->capture_default_str();
  std::string dashboard_dir = tune::dashboard::DefaultStaticDir().string();
  app.add_option("--dashboard-dir", dashboard_dir,
                 "the dashboard's built front end")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  dashboard_options.static_dir = dashboard_dir;
  tune::telemetry::Telemetry telemetry;
  options.telemetry = &telemetry;
  options.lease = std::chrono::milliseconds(
      static_cast<int64_t>(lease_seconds * 1000));

  // Signals go to one thread that waits for them; block them everywhere else
  // before any thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto server = tune::service::TunerServer::BuildAndStart(options);
  if (!server.ok()) {
    std::cerr << "tunerd: " << server.status().message() << std::endl;
    return 1;
  }
  std::cout << "tunerd listening on " << (*server)->address() << std::endl;

  std::unique_ptr<tune::dashboard::Dashboard> dashboard;
  if (dashboard_options.listen != "off") {
    auto started = tune::dashboard::Dashboard::Start(
        dashboard_options, (*server)->scheduler(), &telemetry);
    if (!started.ok()) {
      std::cerr << "tunerd: --dashboard: " << started.status().message()
                << " (choose another with --dashboard HOST:PORT, or --dashboard off)"
                << std::endl;
      (*server)->Shutdown();
      return 1;
    }
    dashboard = std::move(*started);
    if (!std::filesystem::is_directory(dashboard_options.static_dir)) {
      std::cerr << "tunerd: warning: no dashboard files in "
                << dashboard_options.static_dir.string()
                << " (--dashboard-dir); the JSON API and /metrics still work"
                << std::endl;
    }
    std::cout << "dashboard at http://" << dashboard->address() << "/"
              << std::endl;
  }

  std::thread signal_waiter([&] {
    int signal = 0;
    sigwait(&signals, &signal);
    std::cerr << "tunerd: signal " << signal << ", draining" << std::endl;
    (*server)->Shutdown();
  });
  signal_waiter.detach();
  (*server)->Wait();
  if (dashboard) dashboard->Shutdown();
  std::cerr << "tunerd: stopped" << std::endl;
  return 0;
}
