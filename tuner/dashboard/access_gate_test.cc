// The dashboard's gate: Host names, tokens by header or cookie, the login
// page, and the security headers on every answer.
#include "tuner/dashboard/access_gate.h"

#include <catch2/catch.hpp>

#include "tuner/auth/testing/token_fixture.h"

namespace tune::dashboard {
namespace {

std::string Header(const HttpResponse& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

HttpResponse Inner(const HttpRequest&, const auth::Identity& who) {
  return {200, "text/plain", who.name + " " + auth::RoleName(who.role), {}};
}

TEST_CASE("a foreign Host header is refused, loopback ones pass") {
  AccessGate gate({.allowed_hosts = {"127.0.0.1", "tuner.example"}}, Inner);
  auto ok = gate.Handle({.method = "GET", .target = "/", .host = "127.0.0.1:8080"});
  CHECK(ok.status == 200);
  CHECK(ok.body == "local admin");
  CHECK(gate.Handle({.method = "GET", .target = "/", .host = "TUNER.example"}).status ==
        200);
  auto evil = gate.Handle({.method = "GET", .target = "/", .host = "evil.example:8080"});
  CHECK(evil.status == 421);
  CHECK(gate.Handle({.method = "GET", .target = "/", .host = ""}).status == 421);
  // Every answer, refused or not, carries the headers.
  for (const auto& response : {ok, evil}) {
    CHECK(Header(response, "X-Content-Type-Options") == "nosniff");
    CHECK(Header(response, "X-Frame-Options") == "DENY");
    CHECK(Header(response, "Content-Security-Policy").find("frame-ancestors 'none'") !=
          std::string::npos);
  }
}

TEST_CASE("with tokens, requests need one; /login sets an HttpOnly cookie") {
  auth::testing::TokenFixture fixture;
  const std::string secret = fixture.Add("vera", "viewer");
  auth::Authenticator authenticator(fixture.tokens.get());
  AccessGate gate({.allowed_hosts = {"localhost"},
                   .authenticator = &authenticator,
                   .https = true},
                  Inner);
  const std::string host = "localhost:1";

  CHECK(gate.Handle({.method = "GET", .target = "/api/jobs", .host = host}).status ==
        401);
  auto page = gate.Handle({.method = "GET", .target = "/", .host = host});
  CHECK(page.status == 303);
  CHECK(Header(page, "Location") == "/login");

  auto bearer = gate.Handle({.method = "GET", .target = "/api/jobs", .host = host,
                             .authorization = "Bearer " + secret});
  CHECK(bearer.status == 200);
  CHECK(bearer.body == "vera viewer");

  auto wrong = gate.Handle({.method = "POST", .target = "/login", .host = host,
                            .body = "token=tune_wrong"});
  CHECK(wrong.status == 401);
  auto login = gate.Handle({.method = "POST", .target = "/login", .host = host,
                            .body = "token=" + secret});
  REQUIRE(login.status == 303);
  const std::string cookie = Header(login, "Set-Cookie");
  CHECK(cookie.find("HttpOnly") != std::string::npos);
  CHECK(cookie.find("SameSite=Strict") != std::string::npos);
  CHECK(cookie.find("Secure") != std::string::npos);
  CHECK(Header(login, "Strict-Transport-Security") != "");

  auto by_cookie =
      gate.Handle({.method = "GET", .target = "/api/jobs", .host = host,
                   .cookie = "theme=dark; " + cookie.substr(0, cookie.find(';'))});
  CHECK(by_cookie.status == 200);

  REQUIRE(fixture.tokens->Revoke("vera", 1).ok());
  CHECK(gate.Handle({.method = "GET", .target = "/api/jobs", .host = host,
                     .authorization = "Bearer " + secret})
            .status == 401);
}

}  // namespace
}  // namespace tune::dashboard
