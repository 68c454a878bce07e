// The HTTP server on a real loopback socket, with a handler that echoes.
#include "tuner/dashboard/http_server.h"

#include <catch2/catch.hpp>

#include "tuner/dashboard/testing/http_client.h"

namespace tune::dashboard {
namespace {

using testing::Fetch;
using testing::RawExchange;

HttpResponse Echo(const HttpRequest& request) {
  if (request.target == "/throw") throw std::runtime_error("boom");
  return {200, "text/plain", request.method + " " + request.target, {{"X-Echo", "1"}}};
}

TEST_CASE("the server answers GET and HEAD, and keeps serving after bad input") {
  auto server = HttpServer::Start("127.0.0.1:0", Echo);
  REQUIRE(server.ok());
  const std::string address = (*server)->address();
  CHECK(address.rfind("127.0.0.1:", 0) == 0);
  CHECK(address != "127.0.0.1:0");

  auto get = Fetch(address, "GET", "/a/b?c=1");
  INFO(get.error);
  CHECK(get.status == 200);
  CHECK(get.body == "GET /a/b?c=1");
  CHECK(get.headers["content-type"] == "text/plain");
  CHECK(get.headers["x-echo"] == "1");

  auto head = Fetch(address, "HEAD", "/x");
  CHECK(head.status == 200);
  CHECK(head.body.empty());
  CHECK(head.headers["content-length"] == "7");  // "HEAD /x"

  CHECK(Fetch(address, "POST", "/p", "payload").body == "POST /p");
  CHECK(Fetch(address, "GET", "/throw").status == 500);

  // Garbage, a bad version, an oversized header, a truncated request: 400
  // or a closed connection, and the server lives on.
  CHECK(RawExchange(address, "this is not http\r\n\r\n").rfind("HTTP/1.1 400", 0) == 0);
  CHECK(RawExchange(address, "GET / HTTP/9.x\r\n\r\n").rfind("HTTP/1.1 400", 0) == 0);
  CHECK(RawExchange(address, "GET / HTTP/1.1\r\nX: " + std::string(20000, 'a') +
                                 "\r\n\r\n")
            .rfind("HTTP/1.1 400", 0) == 0);
  CHECK(RawExchange(address, "GET / HTT").rfind("HTTP/1.1 400", 0) == 0);
  CHECK(RawExchange(address, "GET /big HTTP/1.1\r\nContent-Length: 999999999\r\n\r\nxx")
            .rfind("HTTP/1.1 400", 0) == 0);

  // Two requests on one kept-alive connection.
  const std::string two = RawExchange(
      address,
      "GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n"
      "Connection: close\r\n\r\n");
  CHECK(two.find("GET /one") != std::string::npos);
  CHECK(two.find("GET /two") != std::string::npos);

  CHECK(Fetch(address, "GET", "/still-up").status == 200);
  (*server)->Shutdown();
  (*server)->Shutdown();  // idempotent
  CHECK(Fetch(address, "GET", "/").status == 0);
}

TEST_CASE("bind errors and bad addresses are statuses, not crashes") {
  auto first = HttpServer::Start("127.0.0.1:0", Echo);
  REQUIRE(first.ok());
  auto taken = HttpServer::Start((*first)->address(), Echo);
  CHECK(taken.status().code() == absl::StatusCode::kUnavailable);
  CHECK(taken.status().message().find("could not bind") != std::string::npos);

  for (const char* bad : {"nonsense", "127.0.0.1:", "127.0.0.1:99999",
                          "127.0.0.1:http", ":80"}) {
    INFO(bad);
    CHECK(HttpServer::Start(bad, Echo).status().code() ==
          absl::StatusCode::kInvalidArgument);
  }

  auto v6 = HttpServer::Start("[::1]:0", Echo);
  if (v6.ok()) {  // where loopback has IPv6
    CHECK((*v6)->address().rfind("[::1]:", 0) == 0);
    CHECK(Fetch((*v6)->address(), "GET", "/six").body == "GET /six");
  }
}

}  // namespace
}  // namespace tune::dashboard
