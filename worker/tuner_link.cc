#include "worker/tuner_link.h"

#include <future>
#include <iostream>

#include <boost/asio/post.hpp>

#include "worker/valid_utf8.h"

namespace tune::worker {

TunerLink::TunerLink(boost::asio::io_context& io, std::string address,
                     service::ClientTls tls, Handlers handlers)
    : io_(io),
      address_(std::move(address)),
      tls_(std::move(tls)),
      handlers_(std::move(handlers)) {}

std::unique_ptr<tune::v1::WorkerService::Stub> TunerLink::NewStub() const {
  auto credentials = service::MakeChannelCredentials(tls_);
  if (!credentials.ok()) {
    std::cerr << "workerd: " << credentials.status().message() << std::endl;
    return nullptr;
  }
  grpc::ChannelArguments arguments;
  // Reconnect quickly after a tunerd restart.
  arguments.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
  arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  arguments.SetMaxReceiveMessageSize(64 << 20);
  return tune::v1::WorkerService::NewStub(
      grpc::CreateCustomChannel(address_, *credentials, arguments));
}

TunerLink::~TunerLink() { Stop(); }

void TunerLink::Start() { thread_ = std::thread([this] { Run(); }); }

void TunerLink::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    if (context_ != nullptr) context_->TryCancel();
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool TunerLink::Send(tune::v1::WorkerMessage message) {
  MakeStringsValidUtf8(message);
  std::lock_guard write_lock(write_mu_);
  Stream* stream;
  {
    std::lock_guard lock(mu_);
    stream = stream_;
  }
  return stream != nullptr && stream->Write(message);
}

bool TunerLink::BuildRegister(tune::v1::WorkerMessage* out) {
  auto promise = std::make_shared<std::promise<tune::v1::WorkerMessage>>();
  auto future = promise->get_future();
  boost::asio::post(io_, [this, promise] {
    promise->set_value(handlers_.make_register());
  });
  // The io_context may be stopping; don't wait forever.
  while (future.wait_for(std::chrono::milliseconds(200)) !=
         std::future_status::ready) {
    std::lock_guard lock(mu_);
    if (stopping_) return false;
  }
  *out = future.get();
  return true;
}

void TunerLink::Run() {
  auto backoff = std::chrono::milliseconds(100);
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    // Each attempt reads the TLS files again: a stream that broke may mean
    // a renewed certificate. The loop's own backoff paces the attempts.
    std::unique_ptr<tune::v1::WorkerService::Stub> stub = NewStub();
    if (stub == nullptr) {
      std::unique_lock lock(mu_);
      wake_.wait_for(lock, std::chrono::seconds(2), [&] { return stopping_; });
      continue;
    }
    grpc::ClientContext context;
    // Wait for tunerd to come up rather than failing at once.
    context.set_wait_for_ready(true);
    std::unique_ptr<Stream> stream;
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      context_ = &context;
    }
    stream = stub->Connect(&context);
    tune::v1::WorkerMessage registration;
    bool registered = false;
    if (BuildRegister(&registration)) {
      MakeStringsValidUtf8(registration);
      std::lock_guard write_lock(write_mu_);
      registered = stream->Write(registration);
      if (registered) {
        std::lock_guard lock(mu_);
        stream_ = stream.get();
      }
    }
    if (registered) {
      tune::v1::TunerMessage message;
      while (stream->Read(&message)) {
        backoff = std::chrono::milliseconds(100);
        boost::asio::post(io_, [this, message] { handlers_.on_message(message); });
      }
    }
    {
      std::lock_guard write_lock(write_mu_);
      std::lock_guard lock(mu_);
      stream_ = nullptr;
    }
    grpc::Status status = stream->Finish();
    {
      std::lock_guard lock(mu_);
      context_ = nullptr;
    }
    boost::asio::post(io_, [this, status] { handlers_.on_disconnected(status); });
    std::unique_lock lock(mu_);
    wake_.wait_for(lock, backoff, [&] { return stopping_; });
    backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
  }
}

}  // namespace tune::worker
