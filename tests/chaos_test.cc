// Nothing lost, whatever dies. Then, exactly (CheckNothingLost): every
// trial completed; no attempt ran twice; every point the final attempt
// printed is stored; every objective is the last value printed; and SQLite
// finds the database intact.
//   - At random: a 40-trial job on 3 workerd processes while tunerd is
//     SIGKILLed 10 times and a workerd 3 times, at moments drawn from a
//     printed seed (TUNE_CHAOS_SEED=N replays one).
//   - Mid-burst: 24 trials end and report at once on 6 workerd processes
//     while tunerd, committing them in groups, is SIGKILLed 3 times.
#include <signal.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <iostream>
#include <random>
#include <thread>

#include "tests/support/cluster.h"
#include "tests/support/eventually.h"
#include "tests/support/fake_job.h"
#include "tests/support/nothing_lost.h"
#include "tests/support/trials.h"

namespace tune::testing {
namespace {

// What SQLite says of the database once tunerd has stopped cleanly.
std::string IntegrityCheck(Cluster& cluster) {
  cluster.tuner().Signal(SIGTERM);
  cluster.tuner().Wait(std::chrono::seconds(30));
  auto [code, integrity] =
      RunToEnd({"sqlite3", cluster.dir() + "/tune.db", "PRAGMA integrity_check"});
  return code == 0 ? integrity : "sqlite3 failed";
}

TEST_CASE("a job loses nothing while tunerd and workerd are killed at random") {
  const char* given = std::getenv("TUNE_CHAOS_SEED");
  const uint32_t seed = given != nullptr ? static_cast<uint32_t>(std::stoul(given))
                                         : std::random_device{}();
  std::cout << "chaos seed " << seed << " (replay: TUNE_CHAOS_SEED=" << seed << ")"
            << std::endl;
  INFO("chaos seed " << seed);
  std::mt19937 random(seed);

  Cluster cluster(/*lease_seconds=*/"2");
  cluster.StartTuner();
  const std::string attempts_log = cluster.dir() + "/attempts.log";
  const std::vector<std::string> env{"FAKE_TRAINER_ATTEMPT_LOG=" + attempts_log};
  const std::vector<std::string> ids{"w1", "w2", "w3"};
  std::map<std::string, ChildProcess*> workers;
  for (const auto& id : ids) workers[id] = &cluster.StartWorker(id, 2, env);

  FakeJob job{.name = "chaos", .max_jobs = "40", .max_parallel_jobs = 6};
  job.statics = "  epochs: 20\n  sleep: 0.1\n";
  job.extra = "retry_strategy:\n  maximum_retry_attempts: 20\n";
  REQUIRE(CreateFakeJob(cluster, job).first == 0);

  // 10 tunerd kills and 3 workerd kills, shuffled, 0.2 to 1 s apart (13 s
  // at most): all while the job runs, which needs at least 40 / 6 x 2 s
  // without any kill.
  std::vector<std::string> events(10, "tunerd");
  for (int i = 0; i < 3; ++i) events.push_back(ids[random() % ids.size()]);
  std::shuffle(events.begin(), events.end(), random);
  std::uniform_int_distribution<int> pause_ms(200, 1000);
  for (const std::string& victim : events) {
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(random)));
    std::cout << "chaos: SIGKILL " << victim << std::endl;
    if (victim == "tunerd") {
      cluster.KillTuner();
      cluster.StartTuner(cluster.port());
    } else {
      workers[victim]->Signal(SIGKILL);
      workers[victim]->Wait(std::chrono::seconds(10));
      workers[victim] = &cluster.StartWorker(victim, 2, env);
    }
  }

  CHECK(DescribeJob(cluster.stub(), "chaos").state() == tune::v1::JOB_IN_PROGRESS);
  REQUIRE(Eventually(
      [&] {
        const auto state = DescribeJob(cluster.stub(), "chaos").state();
        return state == tune::v1::JOB_COMPLETED || state == tune::v1::JOB_FAILED;
      },
      std::chrono::seconds(240)));
  CheckNothingLost(cluster, "chaos", 40, 20, attempts_log);
  CHECK(IntegrityCheck(cluster) == "ok\n");
}

TEST_CASE("trial ends from 24 slots at once survive SIGKILLs of tunerd mid-burst") {
  Cluster cluster(/*lease_seconds=*/"3");
  cluster.StartTuner();
  const std::string attempts_log = cluster.dir() + "/attempts.log";
  const std::vector<std::string> env{"FAKE_TRAINER_ATTEMPT_LOG=" + attempts_log};
  for (int i = 1; i <= 6; ++i) {
    cluster.StartWorker("b" + std::to_string(i), 4, env);
  }
  // Trials of a moment: ends, points and new assignments for 24 slots
  // arrive together, so tunerd commits them in groups.
  FakeJob job{.name = "burst", .max_jobs = "96", .max_parallel_jobs = 24};
  job.statics = "  epochs: 5\n";
  job.extra = "retry_strategy:\n  maximum_retry_attempts: 20\n";
  REQUIRE(CreateFakeJob(cluster, job).first == 0);
  for (int completed : {20, 45, 70}) {
    // Killed while the others are ending and reporting around it.
    REQUIRE(Eventually(
        [&] {
          return DescribeJob(cluster.stub(), "burst").counts().completed() >=
                 completed;
        },
        std::chrono::seconds(120)));
    std::cout << "burst: SIGKILL tunerd after " << completed
              << " trials completed" << std::endl;
    cluster.KillTuner();
    cluster.StartTuner(cluster.port());
  }
  REQUIRE(Eventually(
      [&] {
        const auto state = DescribeJob(cluster.stub(), "burst").state();
        return state == tune::v1::JOB_COMPLETED || state == tune::v1::JOB_FAILED;
      },
      std::chrono::seconds(240)));
  CheckNothingLost(cluster, "burst", 96, 5, attempts_log);
  CHECK(IntegrityCheck(cluster) == "ok\n");
}

}  // namespace
}  // namespace tune::testing
