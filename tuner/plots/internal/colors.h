// Colours of the plots: one per trial status, and a colour map from an
// objective value to a colour (dark purple for the worst through teal to
// yellow for the best, like viridis). Pure; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tuner/plots/plots.h"

namespace tune::plots::internal {

// "#2ca02c" for Completed, red for Failed, grey for Stopped, ...
const char* StatusColor(TrialStatus status);

// The colour for trials without an objective.
inline constexpr char kMissingColor[] = "#b0b0b0";

// Colours objective values between the worst and the best of a set.
class ObjectiveColors {
 public:
  // `objectives`: the values present (non-finite ones are ignored).
  ObjectiveColors(const std::vector<double>& objectives, bool minimize);

  // "#rrggbb"; kMissingColor for nullopt or a non-finite value.
  std::string Color(std::optional<double> objective) const;
  // 0 for the worst, 1 for the best.
  double Fraction(double objective) const;

  bool empty() const { return !has_values_; }
  double worst() const { return minimize_ ? hi_ : lo_; }
  double best() const { return minimize_ ? lo_ : hi_; }

 private:
  bool minimize_;
  bool has_values_ = false;
  double lo_ = 0;
  double hi_ = 0;
};

// The colour map at t in [0, 1] (clamped).
std::string ColorMap(double t);

}  // namespace tune::plots::internal
