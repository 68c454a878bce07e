// A whole tuning job through real processes: tunerd on loopback with a
// SQLite file, two workerd, tunectl, and the fake trainer script.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "tests/support/cluster.h"
#include "tests/support/eventually.h"
#include "tests/support/trials.h"

namespace tune::testing {
namespace {

std::string Spec(const std::string& name, int max_jobs, int parallel,
                 const std::string& statics) {
  return "name: " + name + R"(
strategy: Random
objective_metric_name: score
objective_type: Maximize
metric_definitions:
  - Name: loss
    Regex: 'loss=([0-9\.]+)'
  - Name: score
    Regex: 'score=(-?[0-9\.]+)'
  - Name: throughput
    Regex: 'throughput=([0-9]+) img/s'
max_jobs: )" + std::to_string(max_jobs) +
         "\nmax_parallel_jobs: " + std::to_string(parallel) + R"(
hyperparameter_ranges:
  x:    {type: Continuous, min: 0.0, max: 1.0}
  y:    {type: Integer, min: 1, max: 9}
  kind: {type: Categorical, values: [a, b, c]}
static_hyperparameters:
)" + statics + R"(
training:
  command: [python3, )" + FakeTrainerPath() + R"(]
random_seed: 3
)";
}

std::string ReadFile(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST_CASE("a job of 12 trials runs to the end on two workers, 3 at a time") {
  Cluster cluster;
  cluster.StartTuner();
  const std::string events = cluster.dir() + "/trainer-events.log";
  cluster.StartWorker("w1", 2, {"FAKE_TRAINER_LOG=" + events});
  cluster.StartWorker("w2", 2, {"FAKE_TRAINER_LOG=" + events});

  const auto spec = cluster.WriteSpec(
      "spec.yaml", Spec("e2e", 12, 3, "  epochs: 3\n  sleep: 0.15"));
  auto [created, created_out] = cluster.Tunectl({"create-job", spec});
  INFO(created_out);
  REQUIRE(created == 0);

  auto [watched, watch_out] = cluster.Tunectl({"watch", "e2e"});
  INFO(watch_out);
  REQUIRE(watched == 0);
  CHECK(watch_out.find("job_completed") != std::string::npos);

  const auto job = DescribeJob(cluster.stub(), "e2e");
  CHECK(job.state() == tune::v1::JOB_COMPLETED);
  CHECK(job.counts().completed() == 12);
  CHECK(job.counts().failed() == 0);

  const auto trials = ListTrials(cluster.stub(), "e2e");
  REQUIRE(trials.size() == 12);
  std::string best_id;
  double best = -1e300;
  for (const auto& trial : trials) {
    INFO(trial.id());
    CHECK(trial.state() == tune::v1::TRIAL_COMPLETED);
    CHECK(trial.exit_code() == 0);
    const auto detail = DescribeTrial(cluster.stub(), trial.id());
    const auto stored = StoredPoints(detail);
    const auto expected =
        ExpectedPoints(cluster.ReadTrialFile(trial.id(), "expected.json"));
    CHECK(expected.size() == 9);  // 3 metrics x 3 epochs
    CHECK(stored == expected);
    // The objective is the last value of the objective metric.
    REQUIRE(trial.has_objective());
    CHECK(trial.objective() == expected.at({"score", 3}));
    if (trial.objective() > best) {
      best = trial.objective();
      best_id = trial.id();
    }
    // The trainer got every hyperparameter on its command line and in
    // hyperparameters.json.
    const auto hyperparameters =
        cluster.ReadTrialFile(trial.id(), "hyperparameters.json");
    for (const char* name : {"\"x\"", "\"y\"", "\"kind\"", "\"epochs\"", "\"sleep\""}) {
      CHECK(hyperparameters.find(name) != std::string::npos);
    }
  }
  REQUIRE(job.has_best_trial());
  CHECK(job.best_trial().id() == best_id);

  const auto [most, started] = MaxConcurrency(ReadFile(events));
  CHECK(started == 12);
  CHECK(most <= 3);
  CHECK(most >= 2);  // the trials did run in parallel

  // tunectl's table lists the best trial first.
  auto [listed, list_out] = cluster.Tunectl({"list-trials", "e2e"});
  REQUIRE(listed == 0);
  std::istringstream rows(list_out);
  std::string header, first;
  std::getline(rows, header);
  std::getline(rows, first);
  CHECK(first.rfind(best_id + " ", 0) == 0);
  auto [best_rc, best_out] = cluster.Tunectl({"best-trial", "e2e"});
  CHECK(best_rc == 0);
  CHECK(best_out.find(best_id) != std::string::npos);
}

TEST_CASE("stop-job kills the running trials' processes and the job ends Stopped") {
  Cluster cluster;
  cluster.StartTuner();
  cluster.StartWorker("w1", 3);
  const auto spec = cluster.WriteSpec(
      "spec.yaml",
      Spec("stopme", 6, 3, "  epochs: 3\n  sleep: 600\n  spawn_child: 1"));
  REQUIRE(cluster.Tunectl({"create-job", spec}).first == 0);

  // Wait until each of the 3 trials has printed its first epoch, by which
  // time it has written its pid and started its child.
  std::vector<tune::v1::Trial> trials;
  REQUIRE(Eventually(
      [&] {
        trials = ListTrials(cluster.stub(), "stopme");
        if (trials.size() != 3) return false;
        for (const auto& trial : trials) {
          if (StoredPoints(DescribeTrial(cluster.stub(), trial.id())).empty()) {
            return false;
          }
        }
        return true;
      },
      std::chrono::seconds(60)));
  std::vector<pid_t> pids;
  for (const auto& trial : trials) {
    pids.push_back(std::stoi(cluster.ReadTrialFile(trial.id(), "pid")));
    pids.push_back(std::stoi(cluster.ReadTrialFile(trial.id(), "child_pid")));
  }
  for (pid_t pid : pids) CHECK_FALSE(ProcessIsGone(pid));

  auto [stopped, stop_out] = cluster.Tunectl({"stop-job", "stopme"});
  INFO(stop_out);
  REQUIRE(stopped == 0);
  auto [watched, watch_out] = cluster.Tunectl({"watch", "stopme"});
  INFO(watch_out);
  CHECK(watched == 0);
  const auto job = DescribeJob(cluster.stub(), "stopme");
  CHECK(job.state() == tune::v1::JOB_STOPPED);
  for (const auto& trial : ListTrials(cluster.stub(), "stopme")) {
    CHECK(trial.state() == tune::v1::TRIAL_STOPPED);
  }
  for (pid_t pid : pids) {
    INFO("pid " << pid);
    CHECK(Eventually([&] { return ProcessIsGone(pid); }, std::chrono::seconds(10)));
  }
}

TEST_CASE("a job survives tunerd being killed with SIGKILL and restarted") {
  Cluster cluster;
  cluster.StartTuner();
  cluster.StartWorker("w1", 2);
  cluster.StartWorker("w2", 2);
  const auto spec = cluster.WriteSpec(
      "spec.yaml", Spec("survivor", 8, 3, "  epochs: 4\n  sleep: 0.3"));
  REQUIRE(cluster.Tunectl({"create-job", spec}).first == 0);
  REQUIRE(Eventually(
      [&] {
        const auto job = DescribeJob(cluster.stub(), "survivor");
        return job.counts().completed() >= 2 && job.counts().in_progress() >= 1;
      },
      std::chrono::seconds(60)));

  const std::string port = cluster.port();
  cluster.KillTuner();
  cluster.StartTuner(port);

  auto [watched, watch_out] = cluster.Tunectl({"watch", "survivor"});
  INFO(watch_out);
  REQUIRE(watched == 0);
  const auto job = DescribeJob(cluster.stub(), "survivor");
  CHECK(job.state() == tune::v1::JOB_COMPLETED);
  const auto trials = ListTrials(cluster.stub(), "survivor");
  REQUIRE(trials.size() == 8);
  for (const auto& trial : trials) {
    INFO(trial.id() << " " << trial.reason());
    CHECK(trial.state() == tune::v1::TRIAL_COMPLETED);
    // A kill between a dispatch and its delivery runs the trial again.
    const auto expected = ExpectedPoints(
        cluster.ReadTrialFile(trial.id(), "expected.json", trial.attempt()));
    CHECK(expected.size() == 12);
    CHECK(StoredPoints(DescribeTrial(cluster.stub(), trial.id())) == expected);
  }
}

TEST_CASE("a trial that never reports its objective fails, with a warning, and the job goes on") {
  Cluster cluster;
  cluster.StartTuner();
  cluster.StartWorker("w1", 2);
  const auto spec = cluster.WriteSpec(
      "spec.yaml", Spec("silent", 2, 2, "  epochs: 1\n  print_objective: 0"));
  REQUIRE(cluster.Tunectl({"create-job", spec}).first == 0);
  auto [watched, watch_out] = cluster.Tunectl({"watch", "silent"});
  INFO(watch_out);
  CHECK(watched == 1);  // the job failed: no trial completed
  CHECK(watch_out.find("no log line matched the metric(s) score") !=
        std::string::npos);
  const auto job = DescribeJob(cluster.stub(), "silent");
  CHECK(job.state() == tune::v1::JOB_FAILED);
  for (const auto& trial : ListTrials(cluster.stub(), "silent")) {
    CHECK(trial.state() == tune::v1::TRIAL_FAILED);
    CHECK(trial.reason() == "objective metric score was never reported");
    // What it did print is kept.
    CHECK(StoredPoints(DescribeTrial(cluster.stub(), trial.id())).size() == 2);
  }
}

TEST_CASE("a trial that exits non-zero or cannot start is Failed with the reason") {
  Cluster cluster;
  cluster.StartTuner();
  cluster.StartWorker("w1", 1);
  REQUIRE(cluster.Tunectl({"create-job", cluster.WriteSpec("a.yaml",
          Spec("crash", 1, 1, "  epochs: 1\n  exit_code: 3"))}).first == 0);
  cluster.Tunectl({"watch", "crash"});
  auto trials = ListTrials(cluster.stub(), "crash");
  REQUIRE(trials.size() == 1);
  CHECK(trials[0].state() == tune::v1::TRIAL_FAILED);
  CHECK(trials[0].exit_code() == 3);
  CHECK(trials[0].reason() == "exited with code 3");

  std::string missing = Spec("missing", 1, 1, "  epochs: 1");
  missing.replace(missing.find("python3"), 7, "no-such-trainer-program");
  REQUIRE(cluster.Tunectl({"create-job", cluster.WriteSpec("b.yaml", missing)}).first == 0);
  cluster.Tunectl({"watch", "missing"});
  trials = ListTrials(cluster.stub(), "missing");
  REQUIRE(trials.size() == 1);
  CHECK(trials[0].state() == tune::v1::TRIAL_FAILED);
  CHECK(trials[0].reason().find("could not start no-such-trainer-program") !=
        std::string::npos);
}

TEST_CASE("a bad spec is refused naming the field, and nothing is stored") {
  Cluster cluster;
  cluster.StartTuner();
  std::string spec = Spec("bad", 4, 9, "  epochs: 1");
  auto [rc, out] = cluster.Tunectl({"create-job", cluster.WriteSpec("bad.yaml", spec)});
  CHECK(rc == 1);
  CHECK(out.find("max_parallel_jobs") != std::string::npos);
  auto [listed, list_out] = cluster.Tunectl({"-o", "json", "list-jobs"});
  CHECK(listed == 0);
  CHECK(list_out.find("bad") == std::string::npos);

  // A good spec, then the same name again.
  REQUIRE(cluster.Tunectl({"create-job", cluster.WriteSpec("ok.yaml",
          Spec("taken", 1, 1, "  epochs: 1"))}).first == 0);
  auto [again, again_out] = cluster.Tunectl({"create-job", cluster.dir() + "/ok.yaml"});
  CHECK(again == 1);
  CHECK(again_out.find("already exists") != std::string::npos);
}

}  // namespace
}  // namespace tune::testing
