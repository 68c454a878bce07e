// Keeps replies about curves small whatever a trial reported: a curve of a
// million points becomes at most `max_points` of them, evenly spaced by
// index, the first and the last always kept (the last is what the objective
// is). Each metric is thinned on its own. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "storage/store.h"

namespace tune::scheduler {

// The default for one metric of one trial in a reply: describe-trial shows
// every point of a curve up to here.
inline constexpr int kMaxPointsPerCurve = 2000;
// All curves of one reply together: about 3 MB as protobuf.
inline constexpr int kMaxPointsPerReply = 100000;

struct SampledCurves {
  std::vector<storage::MetricPointRecord> points;  // input order kept
  // How many points each metric has in the input, for "N of M shown".
  std::map<std::string, int64_t> total_points;
};

// `points` ordered by metric then step (as the store lists an attempt's);
// max_points >= 2.
SampledCurves SampleCurves(std::vector<storage::MetricPointRecord> points,
                           int max_points);

}  // namespace tune::scheduler
