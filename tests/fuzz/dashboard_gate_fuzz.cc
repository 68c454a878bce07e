// libFuzzer target: any bytes as a dashboard request's fields (method,
// target, Host, Cookie, body, split at '\n'), through the access gate and
// the URL decoding the routes use. Every answer is a real HTTP status with
// the security headers, and nothing gets past the gate without a token.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "tuner/auth/authenticator.h"
#include "tuner/dashboard/access_gate.h"
#include "tuner/dashboard/url_path.h"

namespace {

// No token is valid: every request that passes the gate is a bug.
class NoTokens final : public tune::storage::TokenStore {
 public:
  absl::Status Create(const tune::storage::TokenRecord&) override {
    return absl::OkStatus();
  }
  absl::StatusOr<tune::storage::TokenRecord> FindByHash(std::string_view) override {
    return absl::NotFoundError("none");
  }
  absl::StatusOr<std::vector<tune::storage::TokenRecord>> List() override {
    return std::vector<tune::storage::TokenRecord>{};
  }
  absl::Status Revoke(std::string_view, double) override {
    return absl::NotFoundError("none");
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static NoTokens tokens;
  static tune::auth::Authenticator authenticator(&tokens);
  static const tune::dashboard::AccessGate gate(
      {.allowed_hosts = {"localhost", "127.0.0.1"},
       .authenticator = &authenticator,
       .https = true},
      [](const tune::dashboard::HttpRequest& request, const tune::auth::Identity&) {
        std::abort();  // reached without a valid token
        return tune::dashboard::HttpResponse{};
      });
  std::vector<std::string> fields = absl::StrSplit(
      std::string(reinterpret_cast<const char*>(data), size), '\n');
  fields.resize(6);
  const tune::dashboard::HttpRequest request{
      .method = fields[0], .target = fields[1], .host = fields[2],
      .authorization = fields[3], .cookie = fields[4], .body = fields[5]};
  const tune::dashboard::HttpResponse response = gate.Handle(request);
  if (response.status < 200 || response.status > 599) std::abort();
  bool nosniff = false;
  for (const auto& [name, value] : response.headers) {
    nosniff |= name == "X-Content-Type-Options" && value == "nosniff";
  }
  if (!nosniff) std::abort();
  (void)tune::dashboard::DecodePath(request.target);
  return 0;
}
