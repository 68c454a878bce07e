// What every dashboard request passes before the routes:
//   1. its Host header must name this dashboard (no DNS rebinding);
//   2. with tokens on, it must carry a valid one: an "authorization:
//      Bearer" header (scripts) or the HttpOnly, SameSite=Strict cookie
//      that the /login page sets (browsers);
//   3. every answer gets nosniff, frame-denying and content-security-policy
//      headers (and HSTS over HTTPS).
// Pages without a token are sent to /login; /api/ and /metrics get 401.
//
//   AccessGate gate({.allowed_hosts = {"tuner.example.com"},
//                    .authenticator = &auth, .https = true},
//                   [&](const HttpRequest& r, const auth::Identity& who) {
//                     return routes.Handle(r, ...);
//                   });
//   HttpResponse response = gate.Handle(request);
//
// Thread-safe when the inner handler is.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "tuner/auth/authenticator.h"
#include "tuner/dashboard/http_message.h"

namespace tune::dashboard {

struct GateOptions {
  // Names a Host header may carry (any port), compared without case.
  std::vector<std::string> allowed_hosts;
  // Null: no tokens (tunerd without TLS); every caller is "local" admin.
  const auth::Authenticator* authenticator = nullptr;
  bool https = false;  // marks the cookie Secure and sends HSTS
};

class AccessGate {
 public:
  using Inner =
      std::function<HttpResponse(const HttpRequest&, const auth::Identity&)>;
  AccessGate(GateOptions options, Inner inner)
      : options_(std::move(options)), inner_(std::move(inner)) {}

  HttpResponse Handle(const HttpRequest& request) const;

 private:
  HttpResponse Gate(const HttpRequest& request) const;
  HttpResponse Login(const HttpRequest& request) const;
  bool HostAllowed(const std::string& host) const;

  const GateOptions options_;
  const Inner inner_;
};

// The cookie's name: "tune_token".
extern const char kTokenCookie[];

}  // namespace tune::dashboard
