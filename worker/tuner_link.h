// workerd's connection to tunerd: one WorkerService.Connect stream at a
// time, reopened with backoff whenever it breaks (tunerd restarting, the
// network, an expired lease).
//
// A thread of its own blocks on the stream; everything it receives is
// posted to the worker's io_context, so the worker's state is only touched
// there. Send() may be called from any thread; a message sent while no
// stream is open is dropped: the worker's Register message carries its
// whole state again when the stream reopens. Every string it sends is made
// valid UTF-8 first (valid_utf8.h).
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <grpcpp/grpcpp.h>

#include "tune/v1/worker.grpc.pb.h"
#include "tuner/service/channel_credentials.h"

namespace tune::worker {

class TunerLink {
 public:
  struct Handlers {
    // Builds the Register message; runs on the io_context.
    std::function<tune::v1::WorkerMessage()> make_register;
    // Each message from tunerd; runs on the io_context.
    std::function<void(const tune::v1::TunerMessage&)> on_message;
    // The stream ended with this status; runs on the io_context.
    std::function<void(const grpc::Status&)> on_disconnected;
  };

  // `tls`: how to reach tunerd; its files are read again for each new
  // connection, so renewed certificates take effect on the next one.
  TunerLink(boost::asio::io_context& io, std::string address,
            service::ClientTls tls, Handlers handlers);
  ~TunerLink();  // calls Stop()

  void Start();
  // Closes the stream and stops reconnecting. Idempotent.
  void Stop();
  // Returns false when no stream is open or the write failed.
  bool Send(tune::v1::WorkerMessage message);

 private:
  using Stream =
      grpc::ClientReaderWriter<tune::v1::WorkerMessage, tune::v1::TunerMessage>;
  void Run();
  // Runs `make_register` on the io_context and waits for its result.
  bool BuildRegister(tune::v1::WorkerMessage* out);
  // A stub on a new channel with the TLS files as they are now; null (and
  // the reason logged) when they cannot be read.
  std::unique_ptr<tune::v1::WorkerService::Stub> NewStub() const;

  boost::asio::io_context& io_;
  const std::string address_;
  const service::ClientTls tls_;
  const Handlers handlers_;

  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  grpc::ClientContext* context_ = nullptr;  // of the open stream
  Stream* stream_ = nullptr;                // open stream, or null
  std::mutex write_mu_;                     // one writer at a time
  std::thread thread_;
};

}  // namespace tune::worker
