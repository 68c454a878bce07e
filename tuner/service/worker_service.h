// WorkerService over gRPC: one bidirectional stream per connected worker.
// The handler's thread reads the worker's messages and hands them to the
// Scheduler; a second thread per stream writes the Scheduler's orders, so
// the Scheduler never blocks on a slow worker. Thread-safe.
#pragma once

#include "tune/v1/worker.grpc.pb.h"
#include "tuner/scheduler/scheduler.h"

namespace tune::service {

class WorkerServiceImpl final : public tune::v1::WorkerService::Service {
 public:
  explicit WorkerServiceImpl(scheduler::Scheduler* scheduler)
      : scheduler_(scheduler) {}

  grpc::Status Connect(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<tune::v1::TunerMessage, tune::v1::WorkerMessage>*
          stream) override;

 private:
  scheduler::Scheduler* const scheduler_;
};

}  // namespace tune::service
