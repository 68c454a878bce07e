// The map from the designers' unit cube to the GP's kernel input.
//
// Every range is a coordinate in [0, 1] (space/scaling.h: logarithmic
// scalings are already applied there). Before the kernel sees a point, its
// Integer and Categorical coordinates move to the centre of their value's
// bin (space::ToUnit(space::FromUnit(u))), so all u that give the same
// value give the same kernel input and the GP models a function that is
// constant on each bin, as in Garrido-Merchan and Hernandez-Lobato, "Dealing
// with categorical and integer-valued variables in Bayesian optimization
// with Gaussian processes" (2020); nothing is rounded after the fact. An
// Integer coordinate keeps its numeric distance to other bins; a
// Categorical one is compared by equality only (kernel.h gives it a Hamming
// distance, which equals a one-hot encoding with one lengthscale per
// parameter). Continuous coordinates pass unchanged (clamped to [0, 1]).
//
// Example:
//   InputTransform transform(spec.ranges);
//   std::vector<double> x = transform.Canonical(unit_point);
//
// Immutable once made: safe to share between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "tuner/spec/job_spec.h"

namespace tune::gp {

// How the kernel compares one coordinate.
enum class InputKind {
  kNumeric,      // by squared difference (Continuous and Integer)
  kCategorical,  // equal or not
};

class InputTransform {
 public:
  // Integer ranges with at most this many values move to every other value
  // in DiscreteNeighbours; larger ones move by 1, 2, 4, ... values.
  static constexpr int kAllBinsLimit = 16;
  // Fully discrete spaces with at most this many points are enumerated by
  // AllDiscretePoints.
  static constexpr uint64_t kEnumerationLimit = 2048;

  explicit InputTransform(std::vector<spec::ParameterRange> ranges);

  int dims() const { return static_cast<int>(ranges_.size()); }
  const std::vector<spec::ParameterRange>& ranges() const { return ranges_; }
  const std::vector<InputKind>& kinds() const { return kinds_; }

  // True for a Continuous range: the coordinate the acquisition optimizer
  // moves by gradient.
  bool IsContinuous(int dim) const;
  // True when no range is Continuous.
  bool IsFullyDiscrete() const;

  // The kernel input of a unit point: see the file comment. Requires
  // unit_point.size() == dims().
  std::vector<double> Canonical(const std::vector<double>& unit_point) const;
  double CanonicalCoordinate(int dim, double u) const;

  // The canonical coordinates `dim` can move to from canonical value `u`
  // other than u itself: every other category; every other integer when the
  // range has at most kAllBinsLimit values, else the integers k +- 1, 2, 4,
  // ... that exist. Empty for a Continuous range.
  std::vector<double> DiscreteNeighbours(int dim, double u) const;

  // Every point of a fully discrete space, canonical, in the numbering of
  // space/discrete_space.h; nullopt when the space has a Continuous range
  // or more than kEnumerationLimit points. Computed once, by the
  // constructor.
  const std::optional<std::vector<std::vector<double>>>& AllDiscretePoints()
      const {
    return all_discrete_points_;
  }

 private:
  std::optional<std::vector<std::vector<double>>> EnumerateDiscretePoints()
      const;

  std::vector<spec::ParameterRange> ranges_;
  std::vector<InputKind> kinds_;
  std::optional<std::vector<std::vector<double>>> all_discrete_points_;
};

}  // namespace tune::gp
