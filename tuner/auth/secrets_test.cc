#include "tuner/auth/secrets.h"

#include <catch2/catch.hpp>

namespace tune::auth {
namespace {

TEST_CASE("secret-looking arguments are redacted, others kept") {
  const std::vector<std::string> argv{
      "python3", "train.py", "--api-key", "abc123", "--DB_PASSWORD=hunter2",
      "--lr", "0.1", "HF_TOKEN=xyz", "--keyless"};
  const auto shown = RedactArgv(argv);
  CHECK(shown == std::vector<std::string>{
                     "python3", "train.py", "--api-key", "<redacted>",
                     "--DB_PASSWORD=<redacted>", "--lr", "0.1",
                     "HF_TOKEN=<redacted>", "--keyless"});
  const auto values = SecretValues(argv, {{"secret_seed", "s33d"}, {"lr", "1"}});
  CHECK(values == std::vector<std::string>{"abc123", "hunter2", "xyz", "s33d"});
}

TEST_CASE("values are hidden wherever they appear in a text") {
  const std::string yaml =
      "command: [train, --api-key, abc123]\nstatic: {seed: s33d}\n";
  CHECK(RedactValues(yaml, {"abc123", "s33d", ""}) ==
        "command: [train, --api-key, <redacted>]\nstatic: {seed: <redacted>}\n");
  CHECK(IsSecretName("Api_Key"));
  CHECK(IsSecretName("token"));
  CHECK_FALSE(IsSecretName("learning_rate"));
}

}  // namespace
}  // namespace tune::auth
