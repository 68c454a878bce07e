// tunectl's connection settings: flags over environment over the config
// file's context over defaults, and clear errors for a bad file.
#include "tuner/cli/client_config.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <unistd.h>

#include <fstream>

namespace tune::cli {
namespace {

constexpr char kConfig[] = R"(
current-context: dev
contexts:
  - name: dev
    tuner: dev.example:1
  - name: prod
    tuner: prod.example:2
    ca: /etc/tune/ca.pem
    token: tune_prod
)";

TEST_CASE("the current context gives the address; --context picks another") {
  auto dev = ResolveConnection({}, {}, kConfig, "cfg");
  REQUIRE(dev.ok());
  CHECK(dev->address == "dev.example:1");
  CHECK(dev->ca.empty());
  CHECK(dev->token.empty());

  auto prod = ResolveConnection({.context = "prod"}, {}, kConfig, "cfg");
  REQUIRE(prod.ok());
  CHECK(prod->address == "prod.example:2");
  CHECK(prod->ca == "/etc/tune/ca.pem");
  CHECK(prod->token == "tune_prod");

  auto by_env = ResolveConnection({}, {.context = "prod"}, kConfig, "cfg");
  REQUIRE(by_env.ok());
  CHECK(by_env->address == "prod.example:2");
}

TEST_CASE("flags beat the environment, which beats the file") {
  auto resolved = ResolveConnection(
      {.tuner = "flag:3", .context = "prod"},
      {.addr = "env:4", .ca = "/env/ca.pem", .token = "tune_env"}, kConfig, "cfg");
  REQUIRE(resolved.ok());
  CHECK(resolved->address == "flag:3");
  CHECK(resolved->ca == "/env/ca.pem");
  CHECK(resolved->token == "tune_env");
  auto env_only = ResolveConnection({}, {.addr = "env:4"}, std::nullopt, "cfg");
  REQUIRE(env_only.ok());
  CHECK(env_only->address == "env:4");
  auto defaults = ResolveConnection({}, {}, std::nullopt, "cfg");
  REQUIRE(defaults.ok());
  CHECK(defaults->address == "127.0.0.1:50051");
}

TEST_CASE("a token file is read and trimmed") {
  char path[] = "/tmp/tune-token-XXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  ::close(fd);
  std::ofstream(path) << "tune_fromfile\n";
  const std::string config = std::string("current-context: c\ncontexts:\n") +
                             "  - {name: c, tuner: 'h:1', token-file: " + path + "}\n";
  auto resolved = ResolveConnection({}, {}, config, "cfg");
  std::remove(path);
  REQUIRE(resolved.ok());
  CHECK(resolved->token == "tune_fromfile");
}

TEST_CASE("bad files and unknown contexts are named") {
  auto unknown = ResolveConnection({.context = "nope"}, {}, kConfig, "my.yaml");
  REQUIRE(absl::IsInvalidArgument(unknown.status()));
  CHECK(unknown.status().message().find("my.yaml") != std::string::npos);
  CHECK(unknown.status().message().find("nope") != std::string::npos);
  CHECK(absl::IsInvalidArgument(
      ResolveConnection({}, {}, "contexts: {a: 1}\ncurrent-context: a\n", "f")
          .status()));
  CHECK(absl::IsInvalidArgument(
      ResolveConnection({}, {}, "[unclosed", "f").status()));
  CHECK(absl::IsInvalidArgument(
      ResolveConnection({.context = "x"}, {}, std::nullopt, "f").status()));
}

}  // namespace
}  // namespace tune::cli
