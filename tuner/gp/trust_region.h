// Where the acquisition may look while the model knows little: the union
// of L-infinity balls around the points the model has seen.
//
// With a handful of points a GP is mostly prior, and its variance is
// largest at the corners of the cube, as far from every point as possible;
// expected improvement then sends the first model trials there, where a
// real objective (a learning rate at its largest, weight decay at its
// largest) is usually bad. Following Google Vizier's GP bandit (Golovin et
// al. 2017; the `TrustRegion` of its open-source designer), the acquisition
// only considers points within `radius` (L-infinity, in the unit cube) of a
// point the model has seen, and the radius grows with the observations:
//   radius = 0.2 + 0.3 n / (5 (d + 1)),
// d counting the numeric coordinates (categorical ones are never limited).
// The region covers the whole cube once the radius reaches 1, or once
// there are no numeric coordinates. Two differences from Vizier, which
// counts every parameter in d and drops the region once the radius reaches
// 0.5: here it stays until 1 (dropping it at 0.5 measured worse on
// rosenbrock4, BENCHMARKS.md), so in 6 dimensions it is on until about 93
// observations rather than 35.
//
// Example:
//   TrustRegion region(seen_points, observed, transform);
//   if (!region.Covers(x)) ...;
//   Box box = region.BoxAround(x);  // bounds for a local search from x
//
// Immutable once made: safe to share between threads.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "tuner/gp/input_transform.h"

namespace tune::gp {

class TrustRegion {
 public:
  static constexpr double kMinRadius = 0.2;
  static constexpr double kMaxGrowth = 0.3;
  static constexpr double kPointsPerDimension = 5.0;

  // The radius after `observed` values in a space with `numeric_dims`
  // numeric coordinates.
  static double RadiusFor(int observed, int numeric_dims);

  // The whole cube.
  TrustRegion() = default;
  // Balls around the columns of `centres` (canonical, dims x m); the radius
  // from `observed`. No centres means the whole cube.
  TrustRegion(Eigen::MatrixXd centres, int observed,
              const InputTransform& transform);

  bool unlimited() const { return numeric_.empty() || radius_ >= 1.0; }
  double radius() const { return radius_; }

  // The L-infinity distance from x to the nearest centre over the numeric
  // coordinates; 0 when unlimited.
  double Distance(const Eigen::Ref<const Eigen::VectorXd>& x) const;
  bool Covers(const Eigen::Ref<const Eigen::VectorXd>& x) const {
    return Distance(x) <= radius_;
  }
  bool Covers(const std::vector<double>& x) const {
    return Covers(Eigen::Map<const Eigen::VectorXd>(
        x.data(), static_cast<Eigen::Index>(x.size())));
  }

  // Bounds for a local search that starts at x: the cube intersected with
  // the ball of the centre nearest x (the whole cube when unlimited).
  struct Box {
    Eigen::VectorXd lower;
    Eigen::VectorXd upper;
  };
  Box BoxAround(const Eigen::Ref<const Eigen::VectorXd>& x) const;

 private:
  // The index of the centre nearest x, or -1 when unlimited.
  int Nearest(const Eigen::Ref<const Eigen::VectorXd>& x, double* distance) const;

  Eigen::MatrixXd centres_;
  std::vector<int> numeric_;  // coordinates the region limits
  int dims_ = 0;
  double radius_ = 1.0;
};

}  // namespace tune::gp
