// A leftover group is recognised by pid, boot and start time together, so
// a reused pid is never killed.
#include "worker/process_stamp.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

extern char** environ;

namespace tune::worker {
namespace {

// A `sleep` leading its own process group, killed at scope exit.
struct GroupLeader {
  GroupLeader() {
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    char* argv[] = {const_cast<char*>("sleep"), const_cast<char*>("600"), nullptr};
    REQUIRE(posix_spawnp(&pid, "sleep", nullptr, &attributes, argv, environ) == 0);
    posix_spawnattr_destroy(&attributes);
  }
  ~GroupLeader() {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
  pid_t pid = 0;
};

TEST_CASE("a group is killed only when its stamp matches") {
  GroupLeader leader;
  auto stamp = StampOf(leader.pid);
  REQUIRE(stamp.ok());
  CHECK(stamp->start_ticks > 0);
  CHECK_FALSE(stamp->boot_id.empty());
  CHECK(SafeToKillGroup(*stamp));

  ProcessStamp reused = *stamp;  // the same pid, started at another time
  reused.start_ticks += 1;
  CHECK_FALSE(SafeToKillGroup(reused));
  ProcessStamp other_boot = *stamp;
  other_boot.boot_id = "00000000-0000-0000-0000-000000000000";
  CHECK_FALSE(SafeToKillGroup(other_boot));
}

TEST_CASE("stamps round-trip through the marker line; bare pids are refused") {
  const ProcessStamp stamp{1234, 987654, "abcd-ef"};
  auto parsed = ParseStamp(FormatStamp(stamp) + "\n");
  REQUIRE(parsed.has_value());
  CHECK(parsed->pid == 1234);
  CHECK(parsed->start_ticks == 987654);
  CHECK(parsed->boot_id == "abcd-ef");
  CHECK_FALSE(ParseStamp("1234").has_value());  // the old marker format
  CHECK_FALSE(ParseStamp("1 5 boot").has_value());
  CHECK_FALSE(ParseStamp("x y z").has_value());
  CHECK(absl::IsNotFound(StampOf(-5).status()));
}

}  // namespace
}  // namespace tune::worker
