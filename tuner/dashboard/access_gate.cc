#include "tuner/dashboard/access_gate.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace tune::dashboard {

const char kTokenCookie[] = "tune_token";

namespace {

constexpr char kText[] = "text/plain; charset=utf-8";
constexpr char kHtml[] = "text/html; charset=utf-8";

// No inline script or style, so it works under the policy.
constexpr char kLoginPage[] = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tune: sign in</title></head>
<body><h1>tune dashboard</h1>
<form method="post" action="/login">
<p><label>API token <input type="password" name="token" autocomplete="off" autofocus></label></p>
<p><button type="submit">Sign in</button></p>
</form>
<p>Ask an admin for a token: <code>tunectl token create NAME --role viewer</code>.</p>
%MESSAGE%</body></html>
)";

std::string LoginPage(const std::string& message) {
  std::string page = kLoginPage;
  const std::string html = message.empty() ? "" : "<p><strong>" + message + "</strong></p>\n";
  page.replace(page.find("%MESSAGE%"), 9, html);
  return page;
}

std::string PathOf(const std::string& target) {
  return target.substr(0, target.find('?'));
}

// HOST of "HOST:PORT", "[V6]:PORT", "HOST" or "[V6]", lower-cased.
std::string HostName(std::string host) {
  host = absl::AsciiStrToLower(host);
  if (!host.empty() && host.front() == '[') {
    const size_t close = host.find(']');
    return close == std::string::npos ? host : host.substr(0, close + 1);
  }
  return host.substr(0, host.find(':'));
}

std::string CookieValue(const std::string& cookies, const std::string& name) {
  for (absl::string_view part : absl::StrSplit(cookies, ';')) {
    part = absl::StripAsciiWhitespace(part);
    if (absl::ConsumePrefix(&part, name + "=")) return std::string(part);
  }
  return "";
}

// The value of `name` in an application/x-www-form-urlencoded body.
std::string FormValue(const std::string& body, const std::string& name) {
  for (absl::string_view pair : absl::StrSplit(body, '&')) {
    if (!absl::ConsumePrefix(&pair, name + "=")) continue;
    std::string value;
    for (size_t i = 0; i < pair.size(); ++i) {
      if (pair[i] == '+') {
        value += ' ';
      } else if (pair[i] == '%' && i + 2 < pair.size() &&
                 absl::ascii_isxdigit(pair[i + 1]) &&
                 absl::ascii_isxdigit(pair[i + 2])) {
        value += static_cast<char>(std::stoi(std::string(pair.substr(i + 1, 2)), nullptr, 16));
        i += 2;
      } else {
        value += pair[i];
      }
    }
    return value;
  }
  return "";
}

bool IsMachineRoute(const std::string& path) {
  return absl::StartsWith(path, "/api/") || path == "/api" || path == "/metrics";
}

}  // namespace

bool AccessGate::HostAllowed(const std::string& host) const {
  const std::string name = HostName(host);
  for (const std::string& allowed : options_.allowed_hosts) {
    if (name == HostName(allowed)) return true;
  }
  return false;
}

HttpResponse AccessGate::Handle(const HttpRequest& request) const {
  HttpResponse response = Gate(request);
  auto& headers = response.headers;
  headers.emplace_back("X-Content-Type-Options", "nosniff");
  headers.emplace_back("X-Frame-Options", "DENY");
  headers.emplace_back("Referrer-Policy", "no-referrer");
  headers.emplace_back(
      "Content-Security-Policy",
      // Scripts only from the dashboard's own files; the charts set
      // style attributes, which cannot run code.
      "default-src 'self'; style-src 'self' 'unsafe-inline'; "
      "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
      "form-action 'self'; frame-ancestors 'none'");
  if (options_.https) {
    headers.emplace_back("Strict-Transport-Security", "max-age=31536000");
  }
  return response;
}

HttpResponse AccessGate::Gate(const HttpRequest& request) const {
  if (!HostAllowed(request.host)) {
    return {421, kText,
            absl::StrCat("this dashboard does not answer to Host '",
                         request.host,
                         "'; its operator can allow the name with tunerd "
                         "--dashboard-host\n"),
            {}};
  }
  if (options_.authenticator == nullptr) {
    return inner_(request, auth::Identity{"local", auth::Role::kAdmin});
  }
  const std::string path = PathOf(request.target);
  if (path == "/login") return Login(request);
  if (path == "/logout") {
    return {303, kText, "signed out\n",
            {{"Location", "/login"},
             {"Set-Cookie", absl::StrCat(kTokenCookie,
                                         "=; Max-Age=0; Path=/; HttpOnly; "
                                         "SameSite=Strict")}}};
  }
  std::string authorization = request.authorization;
  if (authorization.empty()) {
    const std::string token = CookieValue(request.cookie, kTokenCookie);
    if (!token.empty()) authorization = "Bearer " + token;
  }
  absl::StatusOr<auth::Identity> who =
      options_.authenticator->Authenticate(authorization);
  if (!who.ok()) {
    if (IsMachineRoute(path)) {
      return {401, kText, absl::StrCat(who.status().message(), "\n"),
              {{"WWW-Authenticate", "Bearer"}}};
    }
    return {303, kText, "sign in at /login\n", {{"Location", "/login"}}};
  }
  return inner_(request, *who);
}

HttpResponse AccessGate::Login(const HttpRequest& request) const {
  if (request.method == "GET" || request.method == "HEAD") {
    return {200, kHtml, LoginPage(""), {}};
  }
  if (request.method != "POST") {
    return {405, kText, "use GET or POST\n", {{"Allow", "GET, HEAD, POST"}}};
  }
  const std::string token = FormValue(request.body, "token");
  absl::StatusOr<auth::Identity> who =
      options_.authenticator->Authenticate("Bearer " + token);
  if (!who.ok()) {
    return {401, kHtml, LoginPage("That token was not accepted."), {}};
  }
  return {303, kText, "signed in\n",
          {{"Location", "/"},
           {"Set-Cookie",
            absl::StrCat(kTokenCookie, "=", token,
                         "; Path=/; HttpOnly; SameSite=Strict",
                         options_.https ? "; Secure" : "")}}};
}

}  // namespace tune::dashboard
