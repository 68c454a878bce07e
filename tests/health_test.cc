// The question every engine asks (issue 15): tunectl health and workerd
// --check answer with exit codes, for a serving tunerd, a gone one, and a
// bad configuration, which must stop a daemon naming the file and the key.
#include <catch2/catch.hpp>
#include <fstream>

#include "tests/support/child_process.h"
#include "tests/support/cluster.h"

namespace tune::testing {
namespace {

TEST_CASE("tunectl health and workerd --check tell a serving tunerd from a gone one") {
  Cluster cluster;
  cluster.StartTuner();
  auto [healthy, said] = cluster.Tunectl({"health"});
  CHECK(healthy == 0);
  CHECK(said == "SERVING\n");

  std::vector<std::string> check = cluster.WorkerArgv("w1");
  check.insert(check.end(), {"--slots", "1", "--check"});
  auto [ready, report] = RunToEnd(check);
  INFO(report);
  CHECK(ready == 0);
  CHECK(report.find("writable") != std::string::npos);
  CHECK(report.find("SERVING") != std::string::npos);

  cluster.KillTuner();
  auto [gone, gone_said] = cluster.Tunectl({"health", "--timeout", "1"});
  CHECK(gone == 1);
  CHECK(gone_said.find("did not answer the health check") != std::string::npos);
  auto [not_ready, not_ready_report] = RunToEnd(check);
  CHECK(not_ready == 1);
}

TEST_CASE("a misspelt setting or a missing database directory stops a daemon, exit 2") {
  Cluster cluster;
  const std::string conf = cluster.dir() + "/bad.conf";
  std::ofstream(conf) << "listen = \"127.0.0.1:0\"\nleas-seconds = 3\n";
  auto [tunerd_code, tunerd_said] =
      RunToEnd({TunerdPath(), "--config", conf, "--db", cluster.dir() + "/t.db"});
  CHECK(tunerd_code == 2);
  CHECK(tunerd_said.find(conf) != std::string::npos);
  CHECK(tunerd_said.find("leas-seconds") != std::string::npos);

  auto [no_dir, no_dir_said] = RunToEnd(
      {TunerdPath(), "--db", cluster.dir() + "/missing/t.db", "--dashboard", "off"});
  CHECK(no_dir == 2);
  CHECK(no_dir_said.find("does not exist") != std::string::npos);

  std::ofstream(conf, std::ios::trunc) << "tuner = \"127.0.0.1:1\"\nslot = 2\n";
  auto [workerd_code, workerd_said] =
      RunToEnd({WorkerdPath(), "--config", conf, "--check"});
  CHECK(workerd_code == 2);
  CHECK(workerd_said.find("slot") != std::string::npos);
}

}  // namespace
}  // namespace tune::testing
