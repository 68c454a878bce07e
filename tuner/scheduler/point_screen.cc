#include "tuner/scheduler/point_screen.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace tune::scheduler {
namespace {

void Warn(ScreenedPoints& out, std::string warning) {
  if (std::find(out.warnings.begin(), out.warnings.end(), warning) ==
      out.warnings.end()) {
    out.warnings.push_back(std::move(warning));
  }
}

bool IsJobMetric(const spec::JobSpec& spec, const std::string& name) {
  return std::any_of(spec.metric_definitions.begin(),
                     spec.metric_definitions.end(),
                     [&](const auto& metric) { return metric.name == name; });
}

}  // namespace

ScreenedPoints ScreenWorkerPoints(
    const google::protobuf::RepeatedPtrField<tune::v1::MetricPoint>& points,
    const spec::JobSpec& spec, int max_points) {
  ScreenedPoints out;
  int seen = 0;
  for (const auto& point : points) {
    if (++seen > max_points) {
      Warn(out, absl::StrCat("metric points refused: more than ", max_points,
                             " in one message from the worker"));
      break;
    }
    if (!IsJobMetric(spec, point.metric())) {
      // Not echoed: the name itself may be what is wrong with it.
      Warn(out, "metric points refused: a metric that is not in the job's "
                "metric_definitions");
      continue;
    }
    if (!std::isfinite(point.value())) {
      Warn(out, absl::StrCat("metric points of ", point.metric(),
                             " refused: values that are not finite"));
      continue;
    }
    if (point.step() < 1 || point.step() > kMaxStep) {
      Warn(out, absl::StrCat("metric points of ", point.metric(),
                             " refused: steps below 1 or above 2^53"));
      continue;
    }
    out.accepted.push_back(
        {point.metric(), point.step(), point.value(), point.wall_time()});
  }
  return out;
}

}  // namespace tune::scheduler
