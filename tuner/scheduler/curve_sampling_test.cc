#include "tuner/scheduler/curve_sampling.h"

#include <catch2/catch.hpp>

namespace tune::scheduler {
namespace {

std::vector<storage::MetricPointRecord> Curve(const std::string& metric,
                                              int64_t count) {
  std::vector<storage::MetricPointRecord> points;
  for (int64_t step = 1; step <= count; ++step) {
    points.push_back({"t1", 1, metric, step, static_cast<double>(step) / 2, 0});
  }
  return points;
}

TEST_CASE("short curves are kept whole", "[curve_sampling]") {
  auto sampled = SampleCurves(Curve("loss", 5), 10);
  REQUIRE(sampled.points.size() == 5);
  CHECK(sampled.points[4].step == 5);
  CHECK(sampled.total_points.at("loss") == 5);
}

TEST_CASE("a long curve keeps its first and last point, evenly spaced",
          "[curve_sampling]") {
  auto sampled = SampleCurves(Curve("acc", 1'000'001), 101);
  REQUIRE(sampled.points.size() == 101);
  CHECK(sampled.points.front().step == 1);
  CHECK(sampled.points.back().step == 1'000'001);
  CHECK(sampled.points.back().value == 500'000.5);
  for (size_t i = 1; i < sampled.points.size(); ++i) {
    CHECK(sampled.points[i].step - sampled.points[i - 1].step == 10'000);
  }
  CHECK(sampled.total_points.at("acc") == 1'000'001);
}

TEST_CASE("each metric is thinned on its own", "[curve_sampling]") {
  auto points = Curve("acc", 3);
  auto loss = Curve("loss", 50);
  points.insert(points.end(), loss.begin(), loss.end());
  auto sampled = SampleCurves(std::move(points), 4);
  REQUIRE(sampled.points.size() == 3 + 4);
  CHECK(sampled.points[2].metric == "acc");
  CHECK(sampled.points[3].metric == "loss");
  CHECK(sampled.points[3].step == 1);
  CHECK(sampled.points[6].step == 50);
  CHECK(sampled.total_points.at("loss") == 50);
}

TEST_CASE("steps never repeat when a curve is just over the cap",
          "[curve_sampling]") {
  auto sampled = SampleCurves(Curve("loss", 11), 10);
  REQUIRE(sampled.points.size() == 10);
  for (size_t i = 1; i < sampled.points.size(); ++i) {
    CHECK(sampled.points[i].step > sampled.points[i - 1].step);
  }
  CHECK(sampled.points.back().step == 11);
}

}  // namespace
}  // namespace tune::scheduler
