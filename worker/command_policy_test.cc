// The allowlist: programs and directories, names found through PATH,
// symlinks followed before the check; and the trial's clean environment.
#include "worker/command_policy.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "worker/trial_env.h"

namespace tune::worker {
namespace {
namespace fs = std::filesystem;

struct Sandbox {
  Sandbox() {
    char pattern[] = "/tmp/command-policy-XXXXXX";
    root = mkdtemp(pattern);
    fs::create_directories(root / "bin");
    fs::create_directories(root / "allowed");
    for (const fs::path& path : {root / "bin" / "train", root / "allowed" / "run"}) {
      std::ofstream(path) << "#!/bin/true\n";
      fs::permissions(path, fs::perms::owner_all);
    }
    fs::create_symlink(root / "bin" / "train", root / "allowed" / "link");
  }
  ~Sandbox() { fs::remove_all(root); }
  fs::path root;
};

TEST_CASE("only listed programs and programs in listed directories run") {
  Sandbox box;
  auto policy = CommandPolicy::Create({(box.root / "allowed").string(),
                                       (box.root / "bin" / "train").string()});
  REQUIRE(policy.ok());
  const std::string path = (box.root / "bin").string();
  auto by_name = policy->Resolve("train", path, "/");
  REQUIRE(by_name.ok());
  CHECK(*by_name == (box.root / "bin" / "train").string());
  CHECK(policy->Resolve((box.root / "allowed" / "run").string(), "", "/").ok());
  auto relative = policy->Resolve("allowed/run", "", box.root.string());
  REQUIRE(relative.ok());
  CHECK(*relative == (box.root / "allowed" / "run").string());

  auto shell = policy->Resolve("/bin/sh", "", "/");
  REQUIRE(absl::IsPermissionDenied(shell.status()));
  CHECK(shell.status().message().find("'/bin/sh'") != std::string::npos);
  CHECK(shell.status().message().find((box.root / "allowed").string()) !=
        std::string::npos);
  CHECK(absl::IsNotFound(policy->Resolve("no-such-program", path, "/").status()));
}

TEST_CASE("a symlink is judged by what it points to") {
  Sandbox box;
  // Only the directory: the link inside it points outside, to bin/train.
  auto policy = CommandPolicy::Create({(box.root / "allowed").string()});
  REQUIRE(policy.ok());
  CHECK(absl::IsPermissionDenied(
      policy->Resolve((box.root / "allowed" / "link").string(), "", "/").status()));
  CHECK(absl::IsPermissionDenied(
      CommandPolicy::AllowNone().Resolve((box.root / "allowed" / "run").string(),
                                         "", "/").status()));
  CHECK(CommandPolicy::AllowAny().Resolve("/bin/sh", "", "/").ok());
}

TEST_CASE("bad allowlist entries are refused by name") {
  CHECK(absl::IsInvalidArgument(CommandPolicy::Create({"relative/path"}).status()));
  auto missing = CommandPolicy::Create({"/no/such/dir"});
  REQUIRE(absl::IsInvalidArgument(missing.status()));
  CHECK(missing.status().message().find("/no/such/dir") != std::string::npos);
}

TEST_CASE("trials get PATH and the passed-on variables only") {
  const std::vector<std::string> workerd_env{
      "PATH=/opt/bin:/usr/bin", "AWS_SECRET_ACCESS_KEY=hunter2", "DATA_DIR=/data",
      "HOME=/root"};
  const auto env = TrialBaseEnvironment(workerd_env, {"DATA_DIR"});
  CHECK(env == std::vector<std::string>{"PATH=/opt/bin:/usr/bin", "DATA_DIR=/data"});
  CHECK(EnvValue(TrialBaseEnvironment({}, {}), "PATH") ==
        "/usr/local/bin:/usr/bin:/bin");
}

}  // namespace
}  // namespace tune::worker
