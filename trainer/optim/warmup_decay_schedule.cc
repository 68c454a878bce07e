#include "trainer/optim/warmup_decay_schedule.h"

#include <algorithm>
#include <cmath>

namespace tune::trainer {

WarmupDecaySchedule::WarmupDecaySchedule(int64_t total_steps,
                                         ScheduleShape shape)
    : shape_(shape),
      total_steps_(std::max<int64_t>(total_steps, 1)),
      // airbench truncates: int(total * 0.23).
      warmup_steps_(static_cast<int64_t>(
          std::clamp(shape.warmup_fraction, 0.0, 1.0) *
          static_cast<double>(std::max<int64_t>(total_steps, 1)))) {
  // At least one step at the peak or after it.
  warmup_steps_ = std::min(warmup_steps_, total_steps_ - 1);
}

double WarmupDecaySchedule::Factor(int64_t step) const {
  step = std::clamp<int64_t>(step, 0, total_steps_ - 1);
  if (step < warmup_steps_) {
    const double done =
        static_cast<double>(step) / static_cast<double>(warmup_steps_);
    return shape_.start_factor * (1 - done) + done;
  }
  // As airbench: 0 at the first decay step, 1 one step past the last.
  const double done = static_cast<double>(step - warmup_steps_) /
                      static_cast<double>(total_steps_ - warmup_steps_);
  return (1 - done) + shape_.end_factor * done;
}

double LookaheadDecay(int64_t step, int64_t total_steps) {
  const double progress = std::clamp(
      static_cast<double>(step) /
          static_cast<double>(std::max<int64_t>(total_steps, 1)),
      0.0, 1.0);
  return std::pow(0.95, 5) * progress * progress * progress;
}

}  // namespace tune::trainer
