// The quasi-random design that opens a job before the GP takes over.
//
// A GP fitted to a handful of points is mostly prior, so the first
// InitialDesignSize(d, max_jobs) trials of a job with d ranges (completed
// and active together) follow a scrambled Sobol sequence (sobol.h)
// instead: trial number i gets the design's point i, so the first trials of
// a job spread evenly over the unit cube and never cluster the way
// independent random points do. The scrambling depends only on the job's
// seed, so the design is the same whatever the history, and a restarted
// tunerd continues it where it stopped.
//
// The size is max(2 d + 1, 5), and at most a fifth of max_jobs (but never
// below 5) when the job has a budget: Ax's rule for small budgets, so that
// a 10-trial job spends 5 trials on the design, not 9. The model copes
// with so few points because its acquisition stays in a trust region
// around them (trust_region.h).
//
// Example:
//   InitialDesign design(transform.dims(), seed);
//   if (history_size < InitialDesignSize(dims, spec.max_jobs))
//   use(design.Point(history_size));
//
// Immutable once made: safe to share between threads.
#pragma once

#include <cstdint>
#include <vector>

#include "tuner/gp/sobol.h"

namespace tune::gp {

inline constexpr int kMinDesign = 5;
inline constexpr int kBudgetShare = 5;  // at most 1/kBudgetShare of max_jobs

// max_jobs <= 0: no budget.
int InitialDesignSize(int dims, int max_jobs = 0);

class InitialDesign {
 public:
  InitialDesign(int dims, uint64_t seed);

  // The design's point number `index`, in the unit cube (not canonical).
  std::vector<double> Point(uint64_t index) const {
    return sobol_.Point(index);
  }

 private:
  ScrambledSobol sobol_;
};

}  // namespace tune::gp
