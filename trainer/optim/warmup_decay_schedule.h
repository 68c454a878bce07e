// airbench94's learning-rate schedule, stepped once per batch: a linear
// warm-up from start_factor x peak to the peak over the first
// warmup_fraction of the steps, then a linear decay towards end_factor x peak,
// reached one step past the last. Also the decay of its lookahead (the weights' EMA), which
// grows as training ends. Torch-free so that it is tested on its own.
// Immutable after construction; thread-safe.
//
//   WarmupDecaySchedule schedule(/*total_steps=*/500, {.warmup_fraction = 0.23});
//   double lr = peak_lr * schedule.Factor(step);
#pragma once

#include <cstdint>

namespace tune::trainer {

struct ScheduleShape {
  double warmup_fraction = 0.23;  // in [0, 1)
  double start_factor = 0.2;      // of the peak, at step 0
  double end_factor = 0.07;       // of the peak, one step past the last
};

class WarmupDecaySchedule {
 public:
  // `total_steps` >= 1 (smaller is taken as 1).
  WarmupDecaySchedule(int64_t total_steps, ScheduleShape shape = {});

  // The multiplier of the peak rate for the batch with index `step`
  // (0-based); steps outside [0, total_steps) get the nearest valid step's.
  double Factor(int64_t step) const;

  int64_t total_steps() const { return total_steps_; }
  int64_t warmup_steps() const { return warmup_steps_; }

 private:
  ScheduleShape shape_;
  int64_t total_steps_;
  int64_t warmup_steps_;
};

// How much of the EMA the weights keep at `step` (of `total_steps`):
// 0.95^5 x (step / total)^3, airbench's cubic ramp. Near 0 early (the
// weights move freely), 0.77 at the end.
double LookaheadDecay(int64_t step, int64_t total_steps);

}  // namespace tune::trainer
