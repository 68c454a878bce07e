// A worker that dies loses its trials when its lease expires; when it comes
// back it kills what its previous life left running.
#include <catch2/catch.hpp>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>

#include "tests/support/cluster.h"
#include "tests/support/eventually.h"
#include "tests/support/fake_job.h"
#include "tests/support/trials.h"

extern char** environ;

namespace tune::testing {
namespace {

TEST_CASE("a killed worker's trials fail as worker lost, and its leftovers die on restart") {
  // Short, but not so short that a loaded machine (a parallel build, the
  // sanitizer build's slower daemons) misses heartbeats of a live worker.
  Cluster cluster(/*lease_seconds=*/"3");
  cluster.StartTuner();
  auto& worker = cluster.StartWorker("w1", 1);
  const std::string spec = R"(name: lost
strategy: Random
objective_metric_name: score
metric_definitions:
  - {Name: score, Regex: 'score=([0-9\.]+)'}
  - {Name: loss, Regex: 'loss=([0-9\.]+)'}
max_jobs: 1
hyperparameter_ranges:
  x: {type: Continuous, min: 0, max: 1}
static_hyperparameters:
  sleep: 600
training:
  command: [python3, )" + FakeTrainerPath() + "]\n";
  REQUIRE(cluster.Tunectl({"create-job", cluster.WriteSpec("s.yaml", spec)}).first == 0);
  REQUIRE(Eventually(
      [&] {
        auto trials = ListTrials(cluster.stub(), "lost");
        return trials.size() == 1 &&
               !StoredPoints(DescribeTrial(cluster.stub(), trials[0].id())).empty();
      },
      std::chrono::seconds(60)));
  const pid_t trainer = std::stoi(cluster.ReadTrialFile("lost-1", "pid"));

  worker.Signal(SIGKILL);
  worker.Wait(std::chrono::seconds(10));
  auto [watched, out] = cluster.Tunectl({"watch", "lost"});
  INFO(out);
  const auto trials = ListTrials(cluster.stub(), "lost");
  REQUIRE(trials.size() == 1);
  CHECK(trials[0].state() == tune::v1::TRIAL_FAILED);
  CHECK(trials[0].reason().find("worker lost: w1") != std::string::npos);
  CHECK(DescribeJob(cluster.stub(), "lost").state() == tune::v1::JOB_FAILED);

  // The orphaned trainer still runs until the worker comes back.
  CHECK_FALSE(ProcessIsGone(trainer));
  cluster.StartWorker("w1", 1);
  CHECK(Eventually([&] { return ProcessIsGone(trainer); }, std::chrono::seconds(10)));
}

TEST_CASE("a trial's end outlives both daemons: a restarted workerd reports it from disk") {
  Cluster cluster;
  cluster.StartTuner();
  auto& worker = cluster.StartWorker("w1", 1);
  FakeJob job{.name = "ends", .max_jobs = "1"};
  job.statics = "  epochs: 2\n  sleep: 1\n";
  REQUIRE(CreateFakeJob(cluster, job).first == 0);
  REQUIRE(Eventually([&] { return !cluster.ReadTrialFile("ends-1", "pid").empty(); },
                     std::chrono::seconds(30)));
  cluster.KillTuner();
  // The trial ends while tunerd is down: nobody acknowledges its end.
  REQUIRE(worker.WaitForLine(
      [](const std::string& l) { return l.find("ends-1 ended with exit code 0") !=
                                        std::string::npos; },
      std::chrono::seconds(60)));
  worker.Signal(SIGKILL);
  worker.Wait(std::chrono::seconds(10));
  CHECK(std::filesystem::exists(cluster.WorkDir("w1") + "/ends-1/.workerd-ended"));

  cluster.StartTuner(cluster.port());
  auto& back = cluster.StartWorker("w1", 1);
  auto [watched, output] = cluster.Tunectl({"watch", "ends"});
  INFO(output << back.output());
  CHECK(watched == 0);
  const auto trials = ListTrials(cluster.stub(), "ends");
  REQUIRE(trials.size() == 1);
  CHECK(trials[0].state() == tune::v1::TRIAL_COMPLETED);
  CHECK(trials[0].attempt() == 1);
  CHECK(trials[0].earlier_attempts_size() == 0);
  int score_points = 0;
  const auto detail = DescribeTrial(cluster.stub(), "ends-1");
  for (const auto& series : detail.metrics()) {
    if (series.metric() == "score") score_points = series.points_size();
  }
  CHECK(score_points == 2);
  CHECK(Eventually(
      [&] { return !std::filesystem::exists(cluster.WorkDir("w1") + "/ends-1/.workerd-ended"); },
      std::chrono::seconds(10)));
}

TEST_CASE("a stale marker whose pid is now an unrelated process kills nothing") {
  Cluster cluster;
  cluster.StartTuner();
  // An unrelated process that leads its own group, as a trial's would.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  char* argv[] = {const_cast<char*>("sleep"), const_cast<char*>("600"), nullptr};
  pid_t stranger = 0;
  REQUIRE(posix_spawnp(&stranger, "sleep", nullptr, &attributes, argv, environ) == 0);
  posix_spawnattr_destroy(&attributes);

  // Markers a previous workerd left: one with this pid but another start
  // time (the pid was reused), one in the old bare-pid format.
  std::ifstream boot_file("/proc/sys/kernel/random/boot_id");
  std::string boot_id;
  boot_file >> boot_id;
  for (const auto& [dir, line] :
       {std::pair{"reused-1", std::to_string(stranger) + " 1 " + boot_id},
        {"old-1", std::to_string(stranger)}}) {
    std::filesystem::create_directories(cluster.WorkDir("w1") + "/" + dir);
    std::ofstream(cluster.WorkDir("w1") + "/" + dir + "/.workerd-pgid") << line << "\n";
  }
  auto& worker = cluster.StartWorker("w1", 1);  // cleans up before it registers
  CHECK_FALSE(ProcessIsGone(stranger));
  CHECK(worker.output().find("left process group") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(cluster.WorkDir("w1") + "/reused-1/.workerd-pgid"));
  ::kill(stranger, SIGKILL);
  ::waitpid(stranger, nullptr, 0);
}

}  // namespace
}  // namespace tune::testing
