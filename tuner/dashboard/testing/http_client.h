// A blocking HTTP/1.1 client for tests of the dashboard: one request per
// connection, to a HOST:PORT on loopback. Test-only; thread-compatible.
//
//   auto reply = Fetch("127.0.0.1:8080", "GET", "/api/jobs");
//   CHECK(reply.status == 200);
#pragma once

#include <map>
#include <string>

namespace tune::dashboard::testing {

struct HttpReply {
  int status = 0;  // 0: no answer (the error says why)
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string error;
};

// Sends `method target` with an optional body; waits at most 30 s.
HttpReply Fetch(const std::string& address, const std::string& method,
                const std::string& target, const std::string& body = "");

// Writes `bytes` as they are, closes the sending side and returns
// everything read until the server closes (or 10 s pass): for requests a
// client library would not send.
std::string RawExchange(const std::string& address, const std::string& bytes);

}  // namespace tune::dashboard::testing
