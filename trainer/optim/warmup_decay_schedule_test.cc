#include "trainer/optim/warmup_decay_schedule.h"

#include <catch2/catch.hpp>

namespace tune::trainer {
namespace {

TEST_CASE("WarmupDecaySchedule warms up linearly from the start factor") {
  const WarmupDecaySchedule schedule(100, {.warmup_fraction = 0.2,
                                           .start_factor = 0.2,
                                           .end_factor = 0.07});
  REQUIRE(schedule.warmup_steps() == 20);
  CHECK(schedule.Factor(0) == Approx(0.2));
  CHECK(schedule.Factor(10) == Approx(0.6));
  CHECK(schedule.Factor(19) == Approx(0.2 + 0.8 * 19 / 20));
  CHECK(schedule.Factor(20) == Approx(1.0));  // the peak
}

TEST_CASE("WarmupDecaySchedule decays linearly towards the end factor") {
  const WarmupDecaySchedule schedule(100, {.warmup_fraction = 0.0,
                                           .start_factor = 0.2,
                                           .end_factor = 0.1});
  CHECK(schedule.Factor(0) == Approx(1.0));
  CHECK(schedule.Factor(50) == Approx(0.55));
  CHECK(schedule.Factor(99) == Approx(1 - 0.9 * 0.99));
  for (int64_t step = 1; step < 100; ++step) {
    CHECK(schedule.Factor(step) < schedule.Factor(step - 1));
  }
}

TEST_CASE("WarmupDecaySchedule truncates the warm-up like airbench") {
  // airbench: warmup_steps = int(total_steps * 0.23).
  CHECK(WarmupDecaySchedule(97).warmup_steps() == 22);
  CHECK(WarmupDecaySchedule(490).warmup_steps() == 112);
}

TEST_CASE("WarmupDecaySchedule handles tiny runs and out-of-range steps") {
  const WarmupDecaySchedule one(1);
  CHECK(one.warmup_steps() == 0);
  CHECK(one.Factor(0) == Approx(1.0));
  const WarmupDecaySchedule zero(0);
  CHECK(zero.total_steps() == 1);
  const WarmupDecaySchedule schedule(10, {.warmup_fraction = 0.5});
  CHECK(schedule.Factor(-5) == schedule.Factor(0));
  CHECK(schedule.Factor(50) == schedule.Factor(9));
  CHECK(schedule.Factor(9) == Approx(1 - 0.93 * 4 / 5));
}

TEST_CASE("LookaheadDecay ramps up cubically to 0.95^5") {
  CHECK(LookaheadDecay(0, 100) == 0.0);
  CHECK(LookaheadDecay(50, 100) == Approx(0.7737809375 * 0.125));
  CHECK(LookaheadDecay(100, 100) == Approx(0.7737809375));
  CHECK(LookaheadDecay(200, 100) == Approx(0.7737809375));
}

}  // namespace
}  // namespace tune::trainer
