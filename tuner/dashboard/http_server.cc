#include "tuner/dashboard/http_server.h"

#include <chrono>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace tune::dashboard {
namespace {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = net::ip::tcp;
using TlsFiles = std::pair<std::string, std::string>;
using SslStream = beast::ssl_stream<beast::tcp_stream>;

constexpr auto kIdleTimeout = std::chrono::seconds(30);
constexpr size_t kHeaderLimit = 16 * 1024;
constexpr size_t kBodyLimit = 64 * 1024;
constexpr char kServerName[] = "tunerd";

HttpResponse CallHandler(const HttpHandler& handler, const HttpRequest& request) {
  try {
    return handler(request);
  } catch (const std::exception& error) {
    return {500, "text/plain; charset=utf-8",
            absl::StrCat("internal error: ", error.what(), "\n"), {}};
  } catch (...) {
    return {500, "text/plain; charset=utf-8", "internal error\n", {}};
  }
}

// One connection: read a request, answer it, repeat while kept alive. Its
// handlers run on the connection's strand, one at a time. `Stream` is a
// plain beast::tcp_stream or an SslStream (which shakes hands first).
template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  Session(Stream stream, const HttpHandler* handler,
          std::shared_ptr<ssl::context> context = nullptr)
      : stream_(std::move(stream)),
        handler_(handler),
        context_(std::move(context)) {}

  void Run() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Session::Start, this->shared_from_this()));
  }

 private:
  void Start() {
    if constexpr (std::is_same_v<Stream, SslStream>) {
      beast::get_lowest_layer(stream_).expires_after(kIdleTimeout);
      stream_.async_handshake(
          ssl::stream_base::server,
          [self = this->shared_from_this()](beast::error_code error) {
            if (!error) self->Read();
          });
    } else {
      Read();
    }
  }

  void Read() {
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    parser_->body_limit(kBodyLimit);
    beast::get_lowest_layer(stream_).expires_after(kIdleTimeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnRead,
                                               this->shared_from_this()));
  }

  void OnRead(beast::error_code error, size_t) {
    if (error == http::error::end_of_stream || error == beast::error::timeout ||
        error == net::error::operation_aborted ||
        error == net::error::connection_reset || error == net::error::eof ||
        error == ssl::error::stream_truncated) {
      return Close();
    }
    if (error) {
      // Malformed: say so and hang up, since the stream's framing is lost.
      return Send({400, "text/plain; charset=utf-8",
                   absl::StrCat("bad request: ", error.message(), "\n"), {}},
                  /*head=*/false, /*keep_alive=*/false, 11);
    }
    const auto& request = parser_->get();
    auto field = [&](http::field name) {
      return std::string(request[name]);
    };
    const HttpResponse response = CallHandler(
        *handler_,
        {std::string(request.method_string()), std::string(request.target()),
         field(http::field::host), field(http::field::authorization),
         field(http::field::cookie), field(http::field::content_type),
         request.body()});
    Send(response, request.method() == http::verb::head, request.keep_alive(),
         request.version());
  }

  void Send(const HttpResponse& response, bool head, bool keep_alive,
            unsigned version) {
    auto fill = [&](auto& message) {
      message.version(version);
      message.result(static_cast<http::status>(response.status));
      message.set(http::field::server, kServerName);
      message.set(http::field::content_type, response.content_type);
      for (const auto& [name, value] : response.headers) message.set(name, value);
      message.keep_alive(keep_alive);
    };
    if (head) {
      auto message = std::make_shared<http::response<http::empty_body>>();
      fill(*message);
      message->content_length(response.body.size());
      Write(std::move(message), keep_alive);
    } else {
      auto message = std::make_shared<http::response<http::string_body>>();
      fill(*message);
      message->body() = response.body;
      message->prepare_payload();
      Write(std::move(message), keep_alive);
    }
  }

  template <class Message>
  void Write(std::shared_ptr<Message> message, bool keep_alive) {
    http::async_write(stream_, *message,
                      [self = this->shared_from_this(), message, keep_alive](
                          beast::error_code error, size_t) {
                        if (error || !keep_alive) return self->Close();
                        self->Read();
                      });
  }

  void Close() {
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_send,
                                                       ignored);
  }

  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  const HttpHandler* handler_;
  // Keeps the TLS settings this connection began with.
  std::shared_ptr<ssl::context> context_;
};

absl::StatusOr<std::shared_ptr<ssl::context>> LoadTls(const TlsFiles& files) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                       ssl::context::no_tlsv1_1);
  beast::error_code error;
  context->use_certificate_chain_file(files.first, error);
  if (error) {
    return absl::InvalidArgumentError(absl::StrCat(
        "TLS certificate ", files.first, ": ", error.message()));
  }
  context->use_private_key_file(files.second, ssl::context::pem, error);
  if (error) {
    return absl::InvalidArgumentError(
        absl::StrCat("TLS key ", files.second, ": ", error.message()));
  }
  return context;
}

// "HOST:PORT" or "[V6]:PORT" -> {host, port}; nullopt when malformed.
std::optional<std::pair<std::string, uint16_t>> SplitHostPort(
    const std::string& listen) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  uint32_t port = 0;
  if (!absl::SimpleAtoi(listen.substr(colon + 1), &port) || port > 65535) {
    return std::nullopt;
  }
  return std::make_pair(host, static_cast<uint16_t>(port));
}

}  // namespace

struct HttpServer::Impl {
  explicit Impl(HttpHandler h) : acceptor(io), handler(std::move(h)) {}

  void Accept() {
    acceptor.async_accept(net::make_strand(io),
                          [this](beast::error_code error, tcp::socket socket) {
                            if (error == net::error::operation_aborted) return;
                            if (!error) StartSession(std::move(socket));
                            // Other errors (too many files, ...) are
                            // transient: keep accepting.
                            Accept();
                          });
  }

  void StartSession(tcp::socket socket) {
    if (!tls_files) {
      std::make_shared<Session<beast::tcp_stream>>(
          beast::tcp_stream(std::move(socket)), &handler)
          ->Run();
      return;
    }
    std::shared_ptr<ssl::context> context;
    {
      std::lock_guard lock(tls_mu);
      context = tls_context;
    }
    std::make_shared<Session<SslStream>>(SslStream(std::move(socket), *context),
                                         &handler, context)
        ->Run();
  }

  // Declared first so it is destroyed last, after every socket.
  net::io_context io;
  tcp::acceptor acceptor;
  const HttpHandler handler;
  std::string address;
  std::vector<std::thread> threads;
  std::once_flag shutdown_once;
  std::optional<TlsFiles> tls_files;  // set: HTTPS only
  std::mutex tls_mu;
  std::shared_ptr<ssl::context> tls_context;  // guarded by tls_mu
};

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(
    const std::string& listen, HttpHandler handler, int threads,
    std::optional<TlsFiles> tls) {
  const auto host_port = SplitHostPort(listen);
  if (!host_port) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected HOST:PORT, got '", listen, "'"));
  }
  const auto& [host, port] = *host_port;
  auto impl = std::make_unique<Impl>(std::move(handler));
  if (tls) {
    auto context = LoadTls(*tls);
    if (!context.ok()) return context.status();
    impl->tls_files = std::move(tls);
    impl->tls_context = *std::move(context);
  }

  beast::error_code error;
  tcp::endpoint endpoint;
  const auto address = net::ip::make_address(host, error);
  const bool v6_literal = !error && address.is_v6();
  if (!error) {
    endpoint = tcp::endpoint(address, port);
  } else {
    // A name such as "localhost": its first address.
    tcp::resolver resolver(impl->io);
    const auto results = resolver.resolve(host, std::to_string(port), error);
    if (error || results.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "cannot resolve host '", host, "': ", error.message()));
    }
    endpoint = results.begin()->endpoint();
  }
  auto fail = [&](const char* what) {
    return absl::UnavailableError(absl::StrCat("could not bind ", listen, ": ",
                                               what, ": ", error.message()));
  };
  impl->acceptor.open(endpoint.protocol(), error);
  if (error) return fail("open");
  impl->acceptor.set_option(net::socket_base::reuse_address(true), error);
  if (error) return fail("set SO_REUSEADDR");
  impl->acceptor.bind(endpoint, error);
  if (error) return fail("bind");
  impl->acceptor.listen(net::socket_base::max_listen_connections, error);
  if (error) return fail("listen");

  const uint16_t bound = impl->acceptor.local_endpoint().port();
  impl->address = v6_literal
                      ? absl::StrCat("[", host, "]:", bound)
                      : absl::StrCat(host, ":", bound);
  impl->Accept();
  for (int i = 0; i < std::max(1, threads); ++i) {
    impl->threads.emplace_back([io = &impl->io] { io->run(); });
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() { Shutdown(); }

const std::string& HttpServer::address() const { return impl_->address; }

bool HttpServer::https() const { return impl_->tls_files.has_value(); }

absl::Status HttpServer::ReloadTls() {
  if (!impl_->tls_files) {
    return absl::FailedPreconditionError("the dashboard serves plain HTTP");
  }
  auto context = LoadTls(*impl_->tls_files);
  if (!context.ok()) return context.status();
  std::lock_guard lock(impl_->tls_mu);
  impl_->tls_context = *std::move(context);
  return absl::OkStatus();
}

void HttpServer::Shutdown() {
  std::call_once(impl_->shutdown_once, [this] {
    impl_->io.stop();
    for (auto& thread : impl_->threads) thread.join();
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
  });
}

}  // namespace tune::dashboard
