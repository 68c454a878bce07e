#include "tuner/gp/search_epochs.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tune::gp {

int StallLength(int dims) { return std::max(10, 2 * dims); }

int RestartDesignSize(int dims) { return std::max(dims + 1, 3); }

SearchEpoch CurrentEpoch(const std::vector<double>& values, int dims,
                         int first_design) {
  const int stall = StallLength(dims);
  SearchEpoch epoch;
  int design = first_design;
  double best = std::numeric_limits<double>::infinity();
  int last_improvement = 0;
  const int n = static_cast<int>(values.size());
  for (int i = 0; i < n; ++i) {
    const double v = values[i];
    if (!std::isfinite(v)) continue;
    const double tolerance =
        std::isfinite(best) ? kRelativeTolerance * std::abs(best) : 0.0;
    if (!std::isfinite(best) || v < best - tolerance) {
      last_improvement = i;
    }
    best = std::min(best, v);
    if (i - last_improvement >= stall && i + 1 - epoch.start >= design + stall) {
      epoch.number += 1;
      epoch.start = i + 1;
      design = RestartDesignSize(dims);
      best = std::numeric_limits<double>::infinity();
      last_improvement = i + 1;
    }
  }
  return epoch;
}

}  // namespace tune::gp
