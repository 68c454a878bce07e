#include "tuner/dashboard/testing/http_client.h"

#include <algorithm>
#include <cctype>
#include <chrono>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace tune::dashboard::testing {
namespace {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::pair<std::string, std::string> SplitAddress(const std::string& address) {
  const size_t colon = address.rfind(':');
  std::string host = address.substr(0, colon);
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  return {host, address.substr(colon + 1)};
}

}  // namespace

HttpReply Fetch(const std::string& address, const std::string& method,
                const std::string& target, const std::string& body) {
  HttpReply reply;
  try {
    net::io_context io;
    tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    const auto [host, port] = SplitAddress(address);
    stream.expires_after(std::chrono::seconds(30));
    stream.connect(resolver.resolve(host, port));
    http::request<http::string_body> request;
    request.method_string(method);
    request.target(target);
    request.version(11);
    request.set(http::field::host, address);
    request.keep_alive(false);
    if (!body.empty()) {
      request.body() = body;
      request.prepare_payload();
    }
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 << 20);
    parser.skip(method == "HEAD");
    http::read(stream, buffer, parser);
    const auto& response = parser.get();
    reply.status = response.result_int();
    for (const auto& field : response) {
      std::string name(field.name_string());
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return std::tolower(c); });
      reply.headers[name] = std::string(field.value());
    }
    reply.body = response.body();
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  } catch (const std::exception& error) {
    reply.error = error.what();
  }
  return reply;
}

std::string RawExchange(const std::string& address, const std::string& bytes) {
  std::string received;
  try {
    net::io_context io;
    tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    const auto [host, port] = SplitAddress(address);
    stream.expires_after(std::chrono::seconds(10));
    stream.connect(resolver.resolve(host, port));
    net::write(stream, net::buffer(bytes));
    // Nothing more will come: a server waiting for the rest of a request
    // sees the end at once.
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    char chunk[4096];
    while (true) {
      beast::error_code error;
      const size_t n = stream.read_some(net::buffer(chunk), error);
      received.append(chunk, n);
      if (error) break;
    }
  } catch (const std::exception&) {
  }
  return received;
}

}  // namespace tune::dashboard::testing
