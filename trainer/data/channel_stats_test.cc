#include "trainer/data/channel_stats.h"

#include <catch2/catch.hpp>

namespace tune::trainer {
namespace {

TEST_CASE("MeasureChannelStats measures each channel separately") {
  ImageDataset data;
  data.channels = 2;
  data.height = 1;
  data.width = 2;
  data.num_classes = 2;
  // Two images; channel 0 holds 0 and 100 everywhere (mean 50, std 50),
  // channel 1 is constant 7 (std floored at 1).
  data.images = {0, 100, 7, 7, /*image 2*/ 100, 0, 7, 7};
  data.labels = {0, 1};
  const ChannelStats stats = MeasureChannelStats(data);
  REQUIRE(stats.mean.size() == 2);
  REQUIRE(stats.stddev.size() == 2);
  CHECK(stats.mean[0] == Approx(50.0));
  CHECK(stats.stddev[0] == Approx(50.0));
  CHECK(stats.mean[1] == Approx(7.0));
  CHECK(stats.stddev[1] == Approx(1.0));
}

TEST_CASE("MeasureChannelStats of an empty set is safe to divide by") {
  ImageDataset data;
  data.channels = 3;
  data.height = 4;
  data.width = 4;
  const ChannelStats stats = MeasureChannelStats(data);
  REQUIRE(stats.stddev.size() == 3);
  for (double s : stats.stddev) CHECK(s >= 1.0);
}

}  // namespace
}  // namespace tune::trainer
