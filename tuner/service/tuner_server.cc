#include "tuner/service/tuner_server.h"

#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/resource_quota.h>
#include <grpcpp/server_builder.h>

#include "absl/strings/str_cat.h"
#include "storage/sqlite_store.h"
#include "storage/sqlite_token_store.h"
#include "tuner/auth/loopback.h"

namespace tune::service {

absl::StatusOr<std::unique_ptr<TunerServer>> TunerServer::BuildAndStart(
    const ServerOptions& options) {
  const size_t colon = options.listen.rfind(':');
  if (colon == std::string::npos || colon + 1 == options.listen.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--listen: expected HOST:PORT, got '", options.listen, "'"));
  }
  const std::string host = options.listen.substr(0, colon);
  if (!options.tls && !options.insecure && !auth::IsLoopbackHost(host)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "--listen: ", options.listen,
        " is not a loopback address; serving it needs TLS and tokens "
        "(--tls-cert, --tls-key, --client-ca), or --insecure to accept that "
        "anyone who reaches it can run commands on the workers"));
  }
  std::unique_ptr<TunerServer> server(new TunerServer());
  auto store = storage::SqliteStore::Open(options.db_path);
  if (!store.ok()) return store.status();
  server->store_ = std::move(*store);
  if (options.db_path != ":memory:") {
    auto reader = storage::SqliteStore::OpenReadOnly(options.db_path);
    if (!reader.ok()) return reader.status();
    server->reader_ = std::move(*reader);
  }
  auto tokens = storage::SqliteTokenStore::Open(options.db_path);
  if (!tokens.ok()) return tokens.status();
  server->tokens_ = std::move(*tokens);
  if (options.tls) {
    auto tls = ServerTls::Create(*options.tls, options.db_path + ".tls");
    if (!tls.ok()) return tls.status();
    server->tls_ = std::move(*tls);
    server->authenticator_ =
        std::make_unique<auth::Authenticator>(server->tokens_.get());
  }
  server->authorizer_ =
      std::make_unique<CallAuthorizer>(server->authenticator_.get());
  auto scheduler = scheduler::Scheduler::Create(
      server->store_.get(),
      scheduler::SchedulerOptions{.lease = options.lease,
                                  .telemetry = options.telemetry,
                                  .reader = server->reader_.get()});
  if (!scheduler.ok()) return scheduler.status();
  server->scheduler_ = std::move(*scheduler);
  server->tuner_service_ = std::make_unique<TunerServiceImpl>(
      server->scheduler_.get(), server->authorizer_.get());
  server->access_service_ = std::make_unique<AccessServiceImpl>(
      server->tokens_.get(), server->authorizer_.get());
  server->worker_service_ = std::make_unique<WorkerServiceImpl>(
      server->scheduler_.get(), /*require_certificate=*/options.tls.has_value(),
      options.register_timeout);

  int port = 0;
  // grpc.health.v1 for probes; it answers without a token, and says
  // NOT_SERVING once a drain begins.
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen,
                           server->tls_ ? server->tls_->GrpcCredentials()
                                        : grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(server->tuner_service_.get());
  builder.RegisterService(server->access_service_.get());
  builder.RegisterService(server->worker_service_.get());
  builder.SetMaxReceiveMessageSize(64 << 20);
  grpc::ResourceQuota quota("tunerd");
  quota.SetMaxThreads(options.max_threads);
  builder.SetResourceQuota(quota);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                             options.max_streams_per_connection);
  // Find dead peers (a worker's host gone) within a minute, and refuse
  // clients that ping more often than every 10 s without data.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 30000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20000);
  builder.AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
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
    if (server_) server_->GetHealthCheckService()->SetServingStatus(false);
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
