// The map from objective values (to be minimized) to the GP's targets.
//
// The GP assumes targets of mean 0 and variance about 1 with no wild
// outliers, which objective values rarely are: a diverged training run can
// report a loss a thousand times the typical one. OutputWarp therefore
//   1. centres on the median and divides by a robust scale (the median
//      absolute deviation * 1.4826, which ignores up to half the values
//      being wild; when that is 0, the mean absolute deviation * 1.2533;
//      when that is 0 too, 1): z = (y - median) / scale;
//   2. compresses the tails logarithmically (continuous with a continuous
//      slope, and rank-preserving): the bad tail early, past
//      z = kBadKnee, to kBadKnee + log(z / kBadKnee); the good tail, which
//      expected improvement cares about, only past z = -kGoodKnee, so that a
//      single extreme value cannot squash all the others;
//   3. standardizes the result to mean 0 and standard deviation 1 over the
//      fitted values.
// Inverse undoes the three steps, so the GP's predictions can be reported
// in objective units. Every finite value gives a finite target.
//
// Example:
//   OutputWarp warp = OutputWarp::Fit(values);
//   double target = warp.Forward(values[0]);
//   double value = warp.Inverse(target);  // == values[0] up to rounding
//
// Immutable once made: safe to share between threads.
#pragma once

#include <vector>

namespace tune::gp {

class OutputWarp {
 public:
  // Where the tails start, in robust standard deviations.
  static constexpr double kBadKnee = 1.0;
  static constexpr double kGoodKnee = 20.0;

  // The identity: Forward and Inverse return their argument.
  OutputWarp() = default;

  // Fitted to `values`; non-finite values are ignored, and an empty list
  // gives the identity.
  static OutputWarp Fit(const std::vector<double>& values);

  double Forward(double value) const;
  // The inverse of Forward; saturates instead of overflowing far out in
  // the compressed tail.
  double Inverse(double target) const;

 private:
  bool compress_ = false;  // false for the identity
  double centre_ = 0;
  double scale_ = 1;
  double mean_ = 0;
  double stddev_ = 1;
};

}  // namespace tune::gp
