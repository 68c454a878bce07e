// tunerd: the tuner daemon.
//   tunerd --listen HOST:PORT --db FILE [--lease-seconds N]
// Prints "tunerd listening on HOST:PORT" once it serves; SIGTERM or SIGINT
// drain it and exit 0.
#include <pthread.h>
#include <signal.h>

#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>

#include "tuner/service/tuner_server.h"

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
  CLI11_PARSE(app, argc, argv);
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

  std::thread signal_waiter([&] {
    int signal = 0;
    sigwait(&signals, &signal);
    std::cerr << "tunerd: signal " << signal << ", draining" << std::endl;
    (*server)->Shutdown();
  });
  signal_waiter.detach();
  (*server)->Wait();
  std::cerr << "tunerd: stopped" << std::endl;
  return 0;
}
