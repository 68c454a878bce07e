// Nothing lost, whatever dies: a 40-trial job on 3 workerd processes while
// tunerd is SIGKILLed 10 times and a workerd 3 times, at moments drawn from
// a printed seed (TUNE_CHAOS_SEED=N replays one). Then, exactly: every
// trial completed; no attempt ran twice; every point the final attempt
// printed is stored; every objective is the last value printed; and SQLite
// finds the database intact.
#include <signal.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "tests/support/cluster.h"
#include "tests/support/eventually.h"
#include "tests/support/fake_job.h"
#include "tests/support/trials.h"

namespace tune::testing {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
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
  const auto trials = ListTrials(cluster.stub(), "chaos");
  REQUIRE(trials.size() == 40);

  // No attempt of any trial started twice.
  std::map<std::string, int> starts;
  std::istringstream log(ReadAll(attempts_log));
  for (std::string word, dir; log >> word >> dir;) ++starts[dir];
  for (const auto& [dir, count] : starts) {
    CAPTURE(dir);
    CHECK(count == 1);
  }

  for (const auto& trial : trials) {
    CAPTURE(trial.id(), trial.attempt(), trial.worker_id(), trial.reason());
    REQUIRE(trial.state() == tune::v1::TRIAL_COMPLETED);
    const auto printed = ExpectedPoints(
        cluster.ReadTrialFile(trial.id(), "expected.json", trial.attempt()));
    REQUIRE(printed.size() == 60);  // loss, score, throughput x 20 epochs
    const auto detail = DescribeTrial(cluster.stub(), trial.id());
    std::map<std::pair<std::string, int64_t>, double> stored;
    for (const auto& series : detail.metrics()) {
      for (const auto& point : series.points()) {
        if (point.attempt() == trial.attempt()) {
          stored[{point.metric(), point.step()}] = point.value();
        }
      }
    }
    CHECK(stored == printed);
    CHECK(trial.objective() == printed.at({"score", 20}));
  }

  cluster.tuner().Signal(SIGTERM);
  cluster.tuner().Wait(std::chrono::seconds(30));
  auto [code, integrity] =
      RunToEnd({"sqlite3", cluster.dir() + "/tune.db", "PRAGMA integrity_check"});
  CHECK(code == 0);
  CHECK(integrity == "ok\n");
}

}  // namespace
}  // namespace tune::testing
