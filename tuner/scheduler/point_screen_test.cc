#include "tuner/scheduler/point_screen.h"

#include <catch2/catch.hpp>
#include <limits>

namespace tune::scheduler {
namespace {

spec::JobSpec JobWithMetrics() {
  spec::JobSpec spec;
  spec.metric_definitions = {{"acc", "acc=(.*)"}, {"loss", "loss=(.*)"}};
  return spec;
}

void Add(tune::v1::TrialMetrics& metrics, const std::string& name, int64_t step,
         double value) {
  auto* point = metrics.add_points();
  point->set_metric(name);
  point->set_step(step);
  point->set_value(value);
}

TEST_CASE("bad points are refused one by one, each rule warned once") {
  tune::v1::TrialMetrics metrics;
  Add(metrics, "acc", 1, 0.5);
  Add(metrics, "acc", 2, std::numeric_limits<double>::quiet_NaN());
  Add(metrics, "acc", 3, std::numeric_limits<double>::infinity());
  Add(metrics, "loss", 0, 1.0);
  Add(metrics, "loss", 4, 0.25);
  Add(metrics, "loss", std::numeric_limits<int64_t>::max(), 0.25);
  Add(metrics, "intruder\x01", 1, 1.0);
  Add(metrics, "", 1, 1.0);
  const ScreenedPoints screened = ScreenWorkerPoints(metrics.points(), JobWithMetrics());
  REQUIRE(screened.accepted.size() == 2);
  CHECK(screened.accepted[0].metric == "acc");
  CHECK(screened.accepted[0].value == 0.5);
  CHECK(screened.accepted[1].metric == "loss");
  CHECK(screened.accepted[1].step == 4);
  CHECK(screened.warnings == std::vector<std::string>{
      "metric points of acc refused: values that are not finite",
      "metric points of loss refused: steps below 1 or above 2^53",
      "metric points refused: a metric that is not in the job's "
      "metric_definitions"});
}

TEST_CASE("a message is cut at the points cap") {
  tune::v1::TrialMetrics metrics;
  for (int i = 1; i <= kMaxPointsPerWorkerMessage + 5; ++i) Add(metrics, "acc", i, 1);
  const ScreenedPoints screened = ScreenWorkerPoints(metrics.points(), JobWithMetrics());
  CHECK(screened.accepted.size() == static_cast<size_t>(kMaxPointsPerWorkerMessage));
  REQUIRE(screened.warnings.size() == 1);
  CHECK(screened.warnings[0].find("more than 10000") != std::string::npos);
}

}  // namespace
}  // namespace tune::scheduler
