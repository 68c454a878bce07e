#include "tuner/plots/internal/colors.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "absl/strings/str_format.h"

namespace tune::plots::internal {

const char* StatusColor(TrialStatus status) {
  switch (status) {
    case TrialStatus::kPending:
      return "#bcbd22";
    case TrialStatus::kRunning:
      return "#1f77b4";
    case TrialStatus::kCompleted:
      return "#2ca02c";
    case TrialStatus::kFailed:
      return "#d62728";
    case TrialStatus::kStopped:
      return "#7f7f7f";
  }
  return kMissingColor;
}

std::string ColorMap(double t) {
  // Five stops of viridis.
  static constexpr std::array<std::array<double, 3>, 5> kStops = {{
      {68, 1, 84},
      {59, 82, 139},
      {33, 145, 140},
      {94, 201, 98},
      {253, 231, 37},
  }};
  if (!std::isfinite(t)) t = 0;
  t = std::clamp(t, 0.0, 1.0) * (kStops.size() - 1);
  const size_t i = std::min(static_cast<size_t>(t), kStops.size() - 2);
  const double f = t - static_cast<double>(i);
  int rgb[3];
  for (int c = 0; c < 3; ++c) {
    rgb[c] = static_cast<int>(
        std::lround(kStops[i][c] + f * (kStops[i + 1][c] - kStops[i][c])));
  }
  return absl::StrFormat("#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}

ObjectiveColors::ObjectiveColors(const std::vector<double>& objectives,
                                 bool minimize)
    : minimize_(minimize) {
  for (double value : objectives) {
    if (!std::isfinite(value)) continue;
    if (!has_values_) {
      lo_ = hi_ = value;
      has_values_ = true;
    } else {
      lo_ = std::min(lo_, value);
      hi_ = std::max(hi_, value);
    }
  }
}

double ObjectiveColors::Fraction(double objective) const {
  if (!has_values_ || !std::isfinite(objective)) return 0;
  if (!(hi_ - lo_ > 0) || !std::isfinite(hi_ - lo_)) return 1;
  const double t = std::clamp((objective - lo_) / (hi_ - lo_), 0.0, 1.0);
  return minimize_ ? 1 - t : t;
}

std::string ObjectiveColors::Color(std::optional<double> objective) const {
  if (!objective || !std::isfinite(*objective) || !has_values_) {
    return kMissingColor;
  }
  return ColorMap(Fraction(*objective));
}

}  // namespace tune::plots::internal
