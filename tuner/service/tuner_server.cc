#include "tuner/service/tuner_server.h"

#include <grpcpp/server_builder.h>

#include "absl/strings/str_cat.h"
#include "storage/sqlite_store.h"

namespace tune::service {

absl::StatusOr<std::unique_ptr<TunerServer>> TunerServer::BuildAndStart(
    const ServerOptions& options) {
  const size_t colon = options.listen.rfind(':');
  if (colon == std::string::npos || colon + 1 == options.listen.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--listen: expected HOST:PORT, got '", options.listen, "'"));
  }
  std::unique_ptr<TunerServer> server(new TunerServer());
  auto store = storage::SqliteStore::Open(options.db_path);
  if (!store.ok()) return store.status();
  server->store_ = std::move(*store);
  auto scheduler = scheduler::Scheduler::Create(
      server->store_.get(), scheduler::SchedulerOptions{options.lease, options.telemetry});
  if (!scheduler.ok()) return scheduler.status();
  server->scheduler_ = std::move(*scheduler);
  server->tuner_service_ =
      std::make_unique<TunerServiceImpl>(server->scheduler_.get());
  server->worker_service_ =
      std::make_unique<WorkerServiceImpl>(server->scheduler_.get());

  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(server->tuner_service_.get());
  builder.RegisterService(server->worker_service_.get());
  builder.SetMaxReceiveMessageSize(64 << 20);
  server->server_ = builder.BuildAndStart();
  if (!server->server_ || port == 0) {
    return absl::UnavailableError(
        absl::StrCat("--listen: could not bind ", options.listen));
  }
  server->address_ =
      absl::StrCat(options.listen.substr(0, colon), ":", port);
  server->scheduler_->Start();
  return server;
}

TunerServer::~TunerServer() { Shutdown(); }

void TunerServer::Shutdown() {
  std::call_once(shutdown_once_, [this] {
    // Wakes watchers and stops leases first, so streams end promptly.
    if (scheduler_) scheduler_->Shutdown();
    if (server_) {
      server_->Shutdown(std::chrono::system_clock::now() +
                        std::chrono::seconds(2));
    }
  });
}

void TunerServer::Wait() {
  if (server_) server_->Wait();
}

}  // namespace tune::service
