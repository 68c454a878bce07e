#include "tuner/scheduler/curve_sampling.h"

#include <algorithm>
#include <utility>

namespace tune::scheduler {

SampledCurves SampleCurves(std::vector<storage::MetricPointRecord> points,
                           int max_points) {
  max_points = std::max(max_points, 2);
  SampledCurves out;
  size_t begin = 0;
  while (begin < points.size()) {
    size_t end = begin;
    while (end < points.size() && points[end].metric == points[begin].metric) {
      ++end;
    }
    const size_t count = end - begin;
    out.total_points[points[begin].metric] += static_cast<int64_t>(count);
    if (count <= static_cast<size_t>(max_points)) {
      for (size_t i = begin; i < end; ++i) {
        out.points.push_back(std::move(points[i]));
      }
    } else {
      // Index k of max_points spans [0, count - 1]; rounding down never
      // repeats an index because count > max_points.
      const size_t last = count - 1;
      for (size_t k = 0; k < static_cast<size_t>(max_points); ++k) {
        const size_t i = k * last / static_cast<size_t>(max_points - 1);
        out.points.push_back(std::move(points[begin + i]));
      }
    }
    begin = end;
  }
  return out;
}

}  // namespace tune::scheduler
