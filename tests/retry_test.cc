// retry_strategy through real tunerd, workerd and tunectl: failures of the
// infrastructure (a signal nobody ordered, a lost worker) are retried on
// another worker and the attempts are kept; a trial's own failure is not.
#include <catch2/catch.hpp>

#include <csignal>
#include <string>

#include "tests/support/cluster.h"
#include "tests/support/eventually.h"
#include "tests/support/fake_job.h"
#include "tests/support/trials.h"

namespace tune::testing {
namespace {

using std::chrono::seconds;

FakeJob LongTrial(const std::string& name, int retries) {
  FakeJob job{.name = name, .max_jobs = "1"};
  job.statics = "  epochs: 12\n  sleep: 0.25\n";
  job.extra = "retry_strategy:\n  maximum_retry_attempts: " +
              std::to_string(retries) + "\n";
  return job;
}

// Waits until the trial's first attempt has printed a metric, then returns
// the pid its trainer wrote.
pid_t WaitForTrainer(Cluster& cluster, const std::string& trial_id) {
  pid_t pid = 0;
  REQUIRE(Eventually(
      [&] {
        if (StoredPoints(DescribeTrial(cluster.stub(), trial_id)).empty()) {
          return false;
        }
        pid = std::atoi(cluster.ReadTrialFile(trial_id, "pid").c_str());
        return pid > 0;
      },
      seconds(60)));
  return pid;
}

void Create(Cluster& cluster, const FakeJob& job) {
  auto [rc, out] = CreateFakeJob(cluster, job);
  INFO(out);
  REQUIRE(rc == 0);
}

TEST_CASE("a trainer killed by a signal nobody ordered is retried on another worker") {
  Cluster cluster;
  cluster.StartTuner();
  cluster.StartWorker("w1", 1);
  cluster.StartWorker("w2", 1);
  Create(cluster, LongTrial("oom", 2));
  const pid_t pid = WaitForTrainer(cluster, "oom-1");
  const auto first = DescribeTrial(cluster.stub(), "oom-1").trial();
  REQUIRE(::kill(pid, SIGKILL) == 0);  // as the OOM killer would
  REQUIRE(cluster.Tunectl({"watch", "oom"}).first == 0);

  const auto trial = DescribeTrial(cluster.stub(), "oom-1");
  INFO(trial.DebugString());
  CHECK(trial.trial().state() == tune::v1::TRIAL_COMPLETED);
  CHECK(trial.trial().attempt() == 2);
  REQUIRE(trial.trial().earlier_attempts_size() == 1);
  const auto& earlier = trial.trial().earlier_attempts(0);
  CHECK(earlier.attempt() == 1);
  CHECK(earlier.reason() == "killed by signal 9");
  CHECK(earlier.exit_code() == 128 + SIGKILL);
  CHECK(earlier.worker_id() == first.worker_id());
  CHECK(trial.trial().worker_id() != first.worker_id());  // another worker
  // The second attempt's curve is whole, from step 1.
  int score_points = 0;
  for (const auto& [key, value] : StoredPoints(trial)) {
    score_points += key.first == "score";
  }
  CHECK(score_points == 12);
  auto [rc, out] = cluster.Tunectl({"describe-trial", "oom-1"});
  CHECK(rc == 0);
  CHECK(out.find("Attempt 1:") != std::string::npos);
  CHECK(DescribeJob(cluster.stub(), "oom").state() == tune::v1::JOB_COMPLETED);
}

TEST_CASE("a trial that fails by itself is not retried") {
  Cluster cluster;
  cluster.StartTuner();
  cluster.StartWorker("w1", 1);
  FakeJob job{.name = "broken", .max_jobs = "1"};
  job.statics = "  epochs: 1\n  exit_code: 3\n";
  job.extra = "retry_strategy:\n  maximum_retry_attempts: 2\n";
  Create(cluster, job);
  REQUIRE(cluster.Tunectl({"watch", "broken"}).first == 1);  // job failed
  const auto trial = DescribeTrial(cluster.stub(), "broken-1").trial();
  CHECK(trial.state() == tune::v1::TRIAL_FAILED);
  CHECK(trial.reason() == "exited with code 3");
  CHECK(trial.attempt() == 1);
  CHECK(trial.earlier_attempts_size() == 0);
}

TEST_CASE("a trial on a lost worker is retried on another one") {
  Cluster cluster("2");  // 2 s leases
  cluster.StartTuner();
  ChildProcess& doomed = cluster.StartWorker("w1", 1);
  Create(cluster, LongTrial("lost", 1));
  WaitForTrainer(cluster, "lost-1");
  REQUIRE(DescribeTrial(cluster.stub(), "lost-1").trial().worker_id() == "w1");
  doomed.Signal(SIGKILL);
  cluster.StartWorker("w2", 1);
  REQUIRE(cluster.Tunectl({"watch", "lost"}).first == 0);
  const auto trial = DescribeTrial(cluster.stub(), "lost-1").trial();
  CHECK(trial.state() == tune::v1::TRIAL_COMPLETED);
  CHECK(trial.worker_id() == "w2");
  REQUIRE(trial.earlier_attempts_size() == 1);
  CHECK(trial.earlier_attempts(0).reason().rfind("worker lost: w1", 0) == 0);
}

TEST_CASE("without retries left an infrastructure failure fails the trial") {
  Cluster cluster;
  cluster.StartTuner();
  cluster.StartWorker("w1", 1);
  Create(cluster, LongTrial("once", 0));
  const pid_t pid = WaitForTrainer(cluster, "once-1");
  REQUIRE(::kill(pid, SIGKILL) == 0);
  REQUIRE(cluster.Tunectl({"watch", "once"}).first == 1);
  const auto trial = DescribeTrial(cluster.stub(), "once-1").trial();
  CHECK(trial.state() == tune::v1::TRIAL_FAILED);
  CHECK(trial.reason() == "killed by signal 9");
  CHECK(trial.attempt() == 1);
}

}  // namespace
}  // namespace tune::testing
