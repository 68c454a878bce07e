#include "trainer/optim/one_cycle_schedule.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace tune::trainer {

OneCycleSchedule::OneCycleSchedule(double peak_lr, int64_t total_steps,
                                   double warmup_fraction, DecayShape shape)
    : peak_lr_(peak_lr),
      total_steps_(std::max<int64_t>(total_steps, 1)),
      warmup_steps_(static_cast<int64_t>(std::llround(
          std::clamp(warmup_fraction, 0.0, 1.0) *
          static_cast<double>(std::max<int64_t>(total_steps, 1))))),
      shape_(shape) {
  // Leave at least one step for the decay so the run ends at a low rate.
  warmup_steps_ = std::min(warmup_steps_, total_steps_ - 1);
}

double OneCycleSchedule::LearningRate(int64_t step) const {
  step = std::clamp<int64_t>(step, 0, total_steps_ - 1);
  if (step < warmup_steps_) {
    // Step 0 gets peak / warmup_steps rather than 0: a zero-rate step would
    // be wasted work.
    return peak_lr_ * static_cast<double>(step + 1) /
           static_cast<double>(warmup_steps_);
  }
  // Progress through the decay: 0 at its first step, 1 one step past the
  // last, so the final step's rate is small but not zero.
  const double decay_steps = static_cast<double>(total_steps_ - warmup_steps_);
  const double progress =
      static_cast<double>(step - warmup_steps_) / decay_steps;
  const double remaining = 1.0 - progress;
  if (shape_ == DecayShape::kCosine) {
    return peak_lr_ * 0.5 * (1.0 + std::cos(std::numbers::pi * progress));
  }
  return peak_lr_ * remaining;
}

}  // namespace tune::trainer
