#include "tuner/service/worker_service.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "tuner/service/peer_identity.h"
#include "tuner/service/status_convert.h"

namespace tune::service {
namespace {

using Stream =
    grpc::ServerReaderWriter<tune::v1::TunerMessage, tune::v1::WorkerMessage>;

// Queues orders for one worker's stream; RunWriter() drains the queue.
class StreamChannel final : public scheduler::WorkerChannel {
 public:
  explicit StreamChannel(Stream* stream) : stream_(stream) {}

  void Send(const tune::v1::TunerMessage& message) override {
    {
      std::lock_guard lock(mu_);
      if (closed_) return;
      queue_.push_back(message);
    }
    ready_.notify_one();
  }

  void RunWriter() {
    std::unique_lock lock(mu_);
    while (true) {
      ready_.wait(lock, [&] { return closed_ || !queue_.empty(); });
      if (closed_) return;
      tune::v1::TunerMessage message = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      const bool written = stream_->Write(message);
      lock.lock();
      if (!written) closed_ = true;
    }
  }

  void Close() {
    {
      std::lock_guard lock(mu_);
      closed_ = true;
    }
    ready_.notify_one();
  }

 private:
  Stream* const stream_;
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<tune::v1::TunerMessage> queue_;
  bool closed_ = false;
};

// Cancels the call unless Met() comes within the timeout, so connections
// that never register cannot pile up.
class RegisterDeadline {
 public:
  RegisterDeadline(grpc::ServerContext* context, std::chrono::milliseconds timeout)
      : thread_([this, context, timeout] {
          std::unique_lock lock(mu_);
          if (!met_cv_.wait_for(lock, timeout, [&] { return met_; })) {
            context->TryCancel();
          }
        }) {}
  ~RegisterDeadline() { Met(); }

  void Met() {
    {
      std::lock_guard lock(mu_);
      met_ = true;
    }
    met_cv_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable met_cv_;
  bool met_ = false;
  std::thread thread_;  // last: starts once the rest exists
};

}  // namespace

grpc::Status WorkerServiceImpl::Connect(grpc::ServerContext* context,
                                        Stream* stream) {
  absl::StatusOr<std::string> certified;
  if (require_certificate_) {
    certified = CertificateName(*context);
    if (!certified.ok()) return ToGrpcStatus(certified.status());
  }
  tune::v1::WorkerMessage first;
  {
    RegisterDeadline deadline(context, register_timeout_);
    if (!stream->Read(&first)) {
      return context->IsCancelled()
                 ? grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                                "no register message in time")
                 : grpc::Status::OK;
    }
  }
  if (!first.has_register_()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "the first message on a worker stream must be register");
  }
  if (require_certificate_) {
    const std::string& claimed = first.register_().worker_id();
    if (!claimed.empty() && claimed != *certified) {
      return grpc::Status(
          grpc::StatusCode::PERMISSION_DENIED,
          absl::StrCat("register.worker_id: '", claimed,
                       "' is not the name in this worker's certificate ('",
                       *certified, "')"));
    }
    first.mutable_register_()->set_worker_id(*certified);
  }
  const std::string worker_id = first.register_().worker_id();
  auto channel = std::make_shared<StreamChannel>(stream);
  std::thread writer([channel] { channel->RunWriter(); });

  absl::Status status = scheduler_->OnWorkerConnected(first.register_(), channel);
  tune::v1::WorkerMessage message;
  while (status.ok() && stream->Read(&message)) {
    status = scheduler_->OnWorkerMessage(worker_id, message);
  }
  scheduler_->OnWorkerDisconnected(worker_id, channel.get());
  channel->Close();
  writer.join();
  return ToGrpcStatus(status);
}

}  // namespace tune::service
