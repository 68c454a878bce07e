#include "tuner/dashboard/http_server.h"

#include <chrono>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace tune::dashboard {
namespace {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

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
// handlers run on the connection's strand, one at a time.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const HttpHandler* handler)
      : stream_(std::move(socket)), handler_(handler) {}

  void Run() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Session::Read, shared_from_this()));
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    parser_->body_limit(kBodyLimit);
    stream_.expires_after(kIdleTimeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code error, size_t) {
    if (error == http::error::end_of_stream || error == beast::error::timeout ||
        error == net::error::operation_aborted ||
        error == net::error::connection_reset || error == net::error::eof) {
      return Close();
    }
    if (error) {
      // Malformed: say so and hang up, since the stream's framing is lost.
      return Send({400, "text/plain; charset=utf-8",
                   absl::StrCat("bad request: ", error.message(), "\n"), {}},
                  /*head=*/false, /*keep_alive=*/false, 11);
    }
    const auto& request = parser_->get();
    const HttpResponse response = CallHandler(
        *handler_, {std::string(request.method_string()),
                    std::string(request.target())});
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
                      [self = shared_from_this(), message, keep_alive](
                          beast::error_code error, size_t) {
                        if (error || !keep_alive) return self->Close();
                        self->Read();
                      });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  const HttpHandler* handler_;
};

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
                            if (!error) {
                              std::make_shared<Session>(std::move(socket), &handler)
                                  ->Run();
                            }
                            // Other errors (too many files, ...) are
                            // transient: keep accepting.
                            Accept();
                          });
  }

  // Declared first so it is destroyed last, after every socket.
  net::io_context io;
  tcp::acceptor acceptor;
  const HttpHandler handler;
  std::string address;
  std::vector<std::thread> threads;
  std::once_flag shutdown_once;
};

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(
    const std::string& listen, HttpHandler handler, int threads) {
  const auto host_port = SplitHostPort(listen);
  if (!host_port) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected HOST:PORT, got '", listen, "'"));
  }
  const auto& [host, port] = *host_port;
  auto impl = std::make_unique<Impl>(std::move(handler));

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

void HttpServer::Shutdown() {
  std::call_once(impl_->shutdown_once, [this] {
    impl_->io.stop();
    for (auto& thread : impl_->threads) thread.join();
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
  });
}

}  // namespace tune::dashboard
