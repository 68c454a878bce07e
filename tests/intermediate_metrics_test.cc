// Intermediate metrics through real tunerd, workerd and tunectl: every
// point is served with its step and time, and a metric no line matched is
// a warning on the trial.
#include <catch2/catch.hpp>

#include <string>

#include "tests/support/cluster.h"
#include "tests/support/fake_job.h"
#include "tests/support/trials.h"

namespace tune::testing {
namespace {

TEST_CASE("every point is served with its step and time, and an unmatched metric warns on the trial") {
  Cluster cluster;
  cluster.StartTuner();
  cluster.StartWorker("w1", 1);
  FakeJob job{.name = "curves", .max_jobs = "1"};
  job.statics = "  epochs: 4\n";
  job.extra_metrics = "  - Name: accuracy\n    Regex: 'accuracy=([0-9.]+)'\n";
  const JobRun run = CreateAndWatch(cluster, job);
  INFO(run.output);
  REQUIRE(run.watched == 0);

  const auto detail = DescribeTrial(cluster.stub(), "curves-1");
  CHECK(detail.trial().state() == tune::v1::TRIAL_COMPLETED);
  REQUIRE(detail.trial().warnings_size() == 1);
  CHECK(detail.trial().warnings(0) ==
        "no log line matched the metric(s) accuracy");
  int series = 0;
  for (const auto& metric : detail.metrics()) {
    ++series;
    INFO(metric.metric());
    REQUIRE(metric.points_size() == 4);
    for (int i = 0; i < metric.points_size(); ++i) {
      const auto& point = metric.points(i);
      CHECK(point.step() == i + 1);
      CHECK(point.attempt() == 1);
      CHECK(point.wall_time() >= detail.trial().started_at());
      CHECK(point.wall_time() <= detail.trial().ended_at());
    }
  }
  CHECK(series == 3);  // loss, score and throughput; accuracy never matched
  auto [rc, text] = cluster.Tunectl({"describe-trial", "curves-1"});
  CHECK(rc == 0);
  CHECK(text.find("Warning:    no log line matched the metric(s) accuracy") !=
        std::string::npos);
  // The end of its log came with it: the trainer's last lines.
  CHECK(detail.trial().log_tail().find("epoch 4: loss=") != std::string::npos);
  CHECK(detail.trial().log_tail().find("throughput=1004 img/s") !=
        std::string::npos);
  CHECK(text.find("Log (last lines):\n") != std::string::npos);
}

}  // namespace
}  // namespace tune::testing
