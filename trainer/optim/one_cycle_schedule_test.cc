#include "trainer/optim/one_cycle_schedule.h"

#include <catch2/catch.hpp>

namespace tune::trainer {
namespace {

TEST_CASE("OneCycleSchedule warms up linearly to the peak") {
  const OneCycleSchedule schedule(0.5, 100, 0.2);
  REQUIRE(schedule.warmup_steps() == 20);
  CHECK(schedule.LearningRate(0) == Approx(0.5 / 20));
  CHECK(schedule.LearningRate(9) == Approx(0.5 * 10 / 20));
  CHECK(schedule.LearningRate(19) == Approx(0.5));
  CHECK(schedule.LearningRate(20) == Approx(0.5));  // decay starts at peak
}

TEST_CASE("OneCycleSchedule decays linearly towards zero") {
  const OneCycleSchedule schedule(0.5, 100, 0.2);
  CHECK(schedule.LearningRate(60) == Approx(0.5 * 40 / 80));
  CHECK(schedule.LearningRate(99) == Approx(0.5 / 80));
  double previous = schedule.LearningRate(20);
  for (int64_t step = 21; step < 100; ++step) {
    const double lr = schedule.LearningRate(step);
    CHECK(lr < previous);
    CHECK(lr > 0);
    previous = lr;
  }
}

TEST_CASE("OneCycleSchedule cosine decay is half-way at mid-decay") {
  const OneCycleSchedule schedule(1.0, 120, 0.2, DecayShape::kCosine);
  CHECK(schedule.LearningRate(24) == Approx(1.0));
  CHECK(schedule.LearningRate(24 + 48) == Approx(0.5));
  CHECK(schedule.LearningRate(119) < 0.01);
  CHECK(schedule.LearningRate(119) > 0);
}

TEST_CASE("OneCycleSchedule handles tiny runs and out-of-range steps") {
  const OneCycleSchedule one(0.3, 1);
  CHECK(one.warmup_steps() == 0);
  CHECK(one.LearningRate(0) == Approx(0.3));
  const OneCycleSchedule schedule(0.3, 10, 0.2);
  CHECK(schedule.LearningRate(-5) == schedule.LearningRate(0));
  CHECK(schedule.LearningRate(1000) == schedule.LearningRate(9));
  const OneCycleSchedule no_warmup(0.3, 10, 0.0);
  CHECK(no_warmup.LearningRate(0) == Approx(0.3));
}

}  // namespace
}  // namespace tune::trainer
