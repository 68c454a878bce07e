// tunerd: the tuner daemon.
//   tunerd --listen HOST:PORT --db FILE [--lease-seconds N]
//          [--dashboard HOST:PORT|off] [--dashboard-dir DIR]
//          [--tls-cert FILE --tls-key FILE --client-ca FILE] [--insecure]
//          [--config FILE]      any of these as NAME = value lines
//   tunerd --db FILE --init                  first admin token, printed once
//   tunerd --db FILE --create-token NAME --role ROLE
// Prints "tunerd listening on HOST:PORT" once it serves, then "dashboard at
// http(s)://HOST:PORT/" once the web dashboard does; SIGTERM or SIGINT drain
// it and exit 0; SIGHUP reloads the TLS certificate, key and CA.
#include <pthread.h>
#include <signal.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>

#include <CLI/CLI.hpp>

#include "storage/sqlite_store.h"
#include "storage/sqlite_token_store.h"
#include "tuner/dashboard/dashboard.h"
#include "tuner/service/access_service.h"
#include "tuner/service/daemon_flags.h"
#include "tuner/service/tuner_server.h"
#include "tuner/telemetry/telemetry.h"

namespace {

// --init and --create-token: run on the server, against the database
// file, with no tunerd needed. Prints the token once; exit code 0 or 1.
int IssueTokenOnServer(const std::string& db_path, const std::string& name,
                       const std::string& role, bool first_admin) {
  auto store = tune::storage::SqliteStore::Open(db_path);  // migrates
  if (!store.ok()) {
    std::cerr << "tunerd: --db: " << store.status().message() << std::endl;
    return 1;
  }
  auto tokens = tune::storage::SqliteTokenStore::Open(db_path);
  if (!tokens.ok()) {
    std::cerr << "tunerd: --db: " << tokens.status().message() << std::endl;
    return 1;
  }
  if (first_admin) {
    auto all = (*tokens)->List();
    if (!all.ok()) {
      std::cerr << "tunerd: " << all.status().message() << std::endl;
      return 1;
    }
    for (const auto& token : *all) {
      if (token.role == "admin" && token.revoked_at == 0) {
        std::cerr << "tunerd: --init: " << db_path
                  << " already has an admin token ('" << token.name
                  << "'); make more with tunectl token create" << std::endl;
        return 1;
      }
    }
  }
  tune::storage::TokenRecord record;
  auto secret = tune::service::IssueToken(**tokens, name, role,
                                          "tunerd (server command line)", &record);
  if (!secret.ok()) {
    std::cerr << "tunerd: " << secret.status().message() << std::endl;
    return 1;
  }
  std::cerr << "tunerd: token '" << name << "' (" << role
            << ") created; it is shown once, keep it safe:" << std::endl;
  std::cout << *secret << std::endl;
  return 0;
}

}  // namespace

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
  tune::service::TlsFiles tls;
  app.add_option("--tls-cert", tls.cert,
                 "PEM certificate of tunerd (gRPC and the dashboard)");
  app.add_option("--tls-key", tls.key, "PEM private key of --tls-cert");
  app.add_option("--client-ca", tls.client_ca,
                 "PEM CA that signs the workers' client certificates");
  app.add_option("--dashboard-host", dashboard_options.hosts,
                 "a Host name the dashboard answers to (repeatable); "
                 "loopback names and this machine's name always work");
  app.add_flag("--insecure", options.insecure,
               "serve a non-loopback address without TLS or tokens");
  bool init = false;
  app.add_flag("--init", init,
               "create the database and its first admin token, print it, exit");
  std::string token_name;
  std::string token_role = "viewer";
  app.add_option("--create-token", token_name,
                 "create a token of this name, print it once, exit");
  app.add_option("--role", token_role, "role of --create-token")
      ->check(CLI::IsMember({"viewer", "submitter", "admin"}))
      ->capture_default_str();
  app.add_option("--max-threads", options.max_threads,
                 "most threads serving calls and worker streams")
      ->check(CLI::Range(16, 65536))
      ->capture_default_str();
  double register_timeout = 30;
  app.add_option("--register-timeout-seconds", register_timeout,
                 "close a worker stream that has not registered by then")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  if (auto exit_code = tune::service::ParseDaemonFlags(
          app, argc, argv, "tunerd",
          "file of NAME = value settings, one per flag (deploy/conf/"
          "tunerd.conf documents them)")) {
    return *exit_code;
  }
  if (options.db_path != ":memory:") {
    std::error_code error;
    const auto dir = std::filesystem::absolute(options.db_path).parent_path();
    if (!std::filesystem::is_directory(dir, error)) {
      std::cerr << "tunerd: --db " << options.db_path << ": the directory "
                << dir.string()
                << " does not exist (create it; the systemd unit's "
                   "StateDirectory= makes /var/lib/tune)"
                << std::endl;
      return 2;
    }
  }
  options.register_timeout = std::chrono::milliseconds(
      static_cast<int64_t>(register_timeout * 1000));
  if (init) return IssueTokenOnServer(options.db_path, "admin", "admin", true);
  if (!token_name.empty()) {
    return IssueTokenOnServer(options.db_path, token_name, token_role, false);
  }
  if (!tls.cert.empty() || !tls.key.empty() || !tls.client_ca.empty()) {
    options.tls = tls;
  }
  if (options.insecure) {
    std::cerr << "tunerd: warning: --insecure: if " << options.listen
              << " is reachable from other machines, anyone there can run "
                 "commands on every worker"
              << std::endl;
  }
  dashboard_options.static_dir = dashboard_dir;
  dashboard_options.insecure = options.insecure;
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
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto server = tune::service::TunerServer::BuildAndStart(options);
  if (!server.ok()) {
    std::cerr << "tunerd: " << server.status().message() << std::endl;
    return 1;
  }
  std::cout << "tunerd listening on " << (*server)->address() << std::endl;

  std::unique_ptr<tune::dashboard::Dashboard> dashboard;
  if (dashboard_options.listen != "off") {
    dashboard_options.authenticator = (*server)->authenticator();
    if (tune::service::ServerTls* server_tls = (*server)->tls()) {
      dashboard_options.tls =
          std::make_pair(server_tls->cert_path(), server_tls->key_path());
    }
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
    std::cout << "dashboard at " << dashboard->url() << std::endl;
  }

  std::thread signal_waiter([&] {
    int signal = 0;
    while (sigwait(&signals, &signal) == 0 && signal == SIGHUP) {
      tune::service::ServerTls* server_tls = (*server)->tls();
      if (server_tls == nullptr) {
        std::cerr << "tunerd: SIGHUP: no TLS to reload" << std::endl;
        continue;
      }
      absl::Status reloaded = server_tls->Reload();
      if (reloaded.ok() && dashboard) reloaded = dashboard->ReloadTls();
      if (reloaded.ok()) {
        std::cerr << "tunerd: SIGHUP: reloaded the TLS certificate, key and CA"
                  << std::endl;
      } else {
        std::cerr << "tunerd: SIGHUP: kept the old TLS files: "
                  << reloaded.message() << std::endl;
      }
    }
    std::cerr << "tunerd: signal " << signal << ", draining" << std::endl;
    (*server)->Shutdown();
  });
  signal_waiter.detach();
  (*server)->Wait();
  if (dashboard) dashboard->Shutdown();
  std::cerr << "tunerd: stopped" << std::endl;
  return 0;
}
