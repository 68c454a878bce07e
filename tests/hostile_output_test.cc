// A trainer's output is untrusted bytes: whatever it prints, its trial ends
// as it should and its worker stays connected (issue 13's triggers).
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "absl/strings/str_join.h"
#include "tests/support/cluster.h"
#include "tests/support/fake_job.h"
#include "tests/support/trials.h"

namespace tune::testing {
namespace {

TEST_CASE("a log ending in bytes that are not UTF-8 loses nothing") {
  Cluster cluster;
  cluster.StartTuner();
  auto& worker = cluster.StartWorker("w1", 1);
  // 1: Latin-1 "caf\xe9" in the tail, then a progress bar cut mid-character;
  // 2: a 24 KB progress bar alone, so the 16 KiB tail starts inside it.
  for (const char* kind : {"1", "2"}) {
    FakeJob job{.name = std::string("tail") + kind, .max_jobs = "1"};
    job.statics = std::string("  epochs: 2\n  latin1_tail: ") + kind + "\n";
    const JobRun run = CreateAndWatch(cluster, job);
    INFO(run.output << worker.output());
    REQUIRE(run.watched == 0);
    auto trials = ListTrials(cluster.stub(), job.name);
    REQUIRE(trials.size() == 1);
    CHECK(trials[0].state() == tune::v1::TRIAL_COMPLETED);
    CHECK(trials[0].attempt() == 1);
    CHECK_FALSE(trials[0].log_tail().empty());
  }
  auto [code, described] = cluster.Tunectl({"describe-trial", "tail1-1", "-o", "json"});
  REQUIRE(code == 0);
  // U+FFFD where the Latin-1 byte was, raw or escaped by the JSON printer.
  CHECK((described.find("caf\xEF\xBF\xBD") != std::string::npos ||
         described.find("caf\\ufffd") != std::string::npos));
  // One stream all along: never reconnected.
  CHECK(worker.output().find("reconnecting") == std::string::npos);
}

TEST_CASE("output.log stops at its cap with a marker; every metric is still read") {
  Cluster cluster;
  cluster.StartTuner();
  std::vector<std::string> argv = cluster.WorkerArgv("w1");
  argv.insert(argv.end(), {"--slots", "1", "--max-log-bytes", "2000"});
  ChildProcess worker(argv);
  REQUIRE(worker.WaitForLine(
      [](const std::string& l) { return l.find(": registered") != std::string::npos; },
      std::chrono::seconds(30)));
  FakeJob job{.name = "chatty", .max_jobs = "1"};
  job.statics = "  epochs: 60\n";  // about 6 KB of output
  const JobRun run = CreateAndWatch(cluster, job);
  INFO(run.output << worker.output());
  REQUIRE(run.watched == 0);

  std::ifstream file(cluster.WorkDir("w1") + "/chatty-1/output.log");
  std::stringstream log;
  log << file.rdbuf();
  CHECK(log.str().size() < 2000 + 200);
  CHECK(log.str().find("stopped at its cap of 2000 bytes") != std::string::npos);
  const auto detail = DescribeTrial(cluster.stub(), "chatty-1");
  int score_points = 0;
  for (const auto& series : detail.metrics()) {
    if (series.metric() == "score") score_points = series.points_size();
  }
  CHECK(score_points == 60);
  CHECK(detail.trial().state() == tune::v1::TRIAL_COMPLETED);
}

TEST_CASE("a captured value that is no number is a warning on its trial") {
  Cluster cluster;
  cluster.StartTuner();
  auto& worker = cluster.StartWorker("w1", 1);
  FakeJob job{.name = "nan", .max_jobs = "1"};
  job.statics = "  epochs: 2\n  bad_value: 1\n";
  const JobRun run = CreateAndWatch(cluster, job);
  INFO(run.output << worker.output());
  REQUIRE(run.watched == 0);
  const auto detail = DescribeTrial(cluster.stub(), "nan-1");
  CHECK(detail.trial().state() == tune::v1::TRIAL_COMPLETED);
  CHECK(absl::StrJoin(detail.trial().warnings(), "\n").find(
            "1 value(s) a metric regex captured were not finite numbers") !=
        std::string::npos);
}

TEST_CASE("a trial that prints 240000 points keeps 100000 and replies stay small") {
  Cluster cluster;
  cluster.StartTuner();
  auto& worker = cluster.StartWorker("w1", 1);
  FakeJob job{.name = "giant", .max_jobs = "1"};
  job.statics = "  epochs: 1\n  flood: 120000\n";  // loss and score each
  const JobRun run = CreateAndWatch(cluster, job);
  INFO(run.output << worker.output());
  REQUIRE(run.watched == 0);

  tune::v1::DescribeTrialRequest request;
  request.set_trial_id("giant-1");
  tune::v1::DescribeTrialResponse detail;
  grpc::ClientContext context;
  REQUIRE(cluster.stub().DescribeTrial(&context, request, &detail).ok());
  CHECK(detail.trial().state() == tune::v1::TRIAL_COMPLETED);
  // The objective is the last score printed, though its point is not stored.
  CHECK(detail.trial().objective() ==
        std::stod(cluster.ReadTrialFile("giant-1", "last_score")));
  CHECK(absl::StrJoin(detail.trial().warnings(), "\n").find(
            "points past 100000 per attempt are not stored") != std::string::npos);
  int64_t stored = 0;
  for (const auto& series : detail.metrics()) {
    CHECK(series.points_size() <= 2000);
    CHECK(series.total_points() >= series.points_size());
    stored += series.total_points();
  }
  CHECK(stored == 100000);
  CHECK(detail.ByteSizeLong() < 1'000'000);

  // tunectl shows the sample and says so.
  auto [code, text] = cluster.Tunectl({"describe-trial", "giant-1"});
  REQUIRE(code == 0);
  CHECK(text.find("points shown, evenly spaced") != std::string::npos);
  CHECK(text.size() < 200'000);
}

}  // namespace
}  // namespace tune::testing
