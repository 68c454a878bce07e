// WorkerService over gRPC: one bidirectional stream per connected worker.
// The handler's thread reads the worker's messages and hands them to the
// Scheduler; a second thread per stream writes the Scheduler's orders, so
// the Scheduler never blocks on a slow worker. Thread-safe.
#pragma once

#include <chrono>

#include "tune/v1/worker.grpc.pb.h"
#include "tuner/scheduler/scheduler.h"

namespace tune::service {

class WorkerServiceImpl final : public tune::v1::WorkerService::Service {
 public:
  // `require_certificate`: a worker is who its TLS client certificate says
  // (peer_identity.h), and a Register naming anyone else is refused. A
  // stream that sends no Register within `register_timeout` is cancelled.
  WorkerServiceImpl(scheduler::Scheduler* scheduler, bool require_certificate,
                    std::chrono::milliseconds register_timeout)
      : scheduler_(scheduler),
        require_certificate_(require_certificate),
        register_timeout_(register_timeout) {}

  grpc::Status Connect(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<tune::v1::TunerMessage, tune::v1::WorkerMessage>*
          stream) override;

 private:
  scheduler::Scheduler* const scheduler_;
  const bool require_certificate_;
  const std::chrono::milliseconds register_timeout_;
};

}  // namespace tune::service
