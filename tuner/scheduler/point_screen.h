// Which metric points a worker reported are stored: a worker's message is
// untrusted, and one bad point must not cost the others (or the stream).
// Refused, each with a warning kept on the trial:
//   - a metric that is not one of the job's metric_definitions;
//   - a value that is not finite (NaN, infinity);
//   - a step below 1 or above kMaxStep;
//   - points past the cap of their message: kMaxPointsPerWorkerMessage for
//     a TrialMetrics, kMaxPointsPerWorkerReplay for the points a worker
//     sends again with a Register or a trial's end.
// The warnings name the rule, not the step, so a trial that keeps sending
// bad points keeps one warning per metric and rule.
// Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "tune/v1/worker.pb.h"
#include "tuner/scheduler/job.h"
#include "tuner/spec/job_spec.h"

namespace tune::scheduler {

inline constexpr int kMaxPointsPerWorkerMessage = 10000;
inline constexpr int kMaxPointsPerWorkerReplay = 100000;
// Points stored per trial attempt (the curves, memory and replies stay
// bounded); past it the objective still follows the last value reported.
inline constexpr int64_t kMaxPointsPerAttempt = 100000;
// The largest step: above it, JSON readers (the dashboard, tunectl -o json
// in other languages) would round the number.
inline constexpr int64_t kMaxStep = int64_t{1} << 53;

struct ScreenedPoints {
  std::vector<ReportedPoint> accepted;
  std::vector<std::string> warnings;  // distinct, in order of first cause
};

ScreenedPoints ScreenWorkerPoints(
    const google::protobuf::RepeatedPtrField<tune::v1::MetricPoint>& points,
    const spec::JobSpec& spec, int max_points = kMaxPointsPerWorkerMessage);

}  // namespace tune::scheduler
