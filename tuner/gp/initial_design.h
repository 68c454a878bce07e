// The quasi-random design that opens a job before the GP takes over.
//
// A GP fitted to a handful of points is mostly prior, so the first
// InitialDesignSize(d) = max(2 d + 1, 5) trials of a job with d ranges
// (completed and active together) follow a scrambled Sobol sequence
// (sobol.h) instead: trial number i gets the design's point i, so the first
// trials of a job spread evenly over the unit cube and never cluster the
// way independent random points do. The scrambling depends only on the
// job's seed, so the design is the same whatever the history, and a
// restarted tunerd continues it where it stopped.
//
// Example:
//   InitialDesign design(transform.dims(), seed);
//   if (history_size < InitialDesignSize(dims))
//   use(design.Point(history_size));
//
// Immutable once made: safe to share between threads.
#pragma once

#include <cstdint>
#include <vector>

#include "tuner/gp/sobol.h"

namespace tune::gp {

int InitialDesignSize(int dims);

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
