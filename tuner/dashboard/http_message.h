// The request and response of one HTTP exchange as the dashboard's
// handlers see them: no Boost types, so handlers and their tests need not
// parse Beast. Plain data; safe to copy.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace tune::dashboard {

struct HttpRequest {
  std::string method;  // as sent: "GET", "HEAD", "POST", ...
  std::string target;  // as sent: path and query, still percent-encoded
  // Header fields the handlers use, as sent (empty when absent).
  std::string host;
  std::string authorization;
  std::string cookie;
  std::string content_type;
  std::string body;  // at most the server's body limit
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;  // the server sends none for HEAD, but its length
  std::vector<std::pair<std::string, std::string>> headers;  // extra fields
};

// Must be safe to call from several threads at once.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

}  // namespace tune::dashboard
