#include "tuner/plots/plots.h"

namespace tune::plots {

std::optional<PlotKind> ParsePlotKind(std::string_view name) {
  for (PlotKind kind : {PlotKind::kTimeline, PlotKind::kObjective,
                        PlotKind::kCurves, PlotKind::kParallel,
                        PlotKind::kModel}) {
    if (name == ToString(kind)) return kind;
  }
  return std::nullopt;
}

const char* ToString(PlotKind kind) {
  switch (kind) {
    case PlotKind::kTimeline:
      return "timeline";
    case PlotKind::kObjective:
      return "objective";
    case PlotKind::kCurves:
      return "curves";
    case PlotKind::kParallel:
      return "parallel";
    case PlotKind::kModel:
      return "model";
  }
  return "timeline";
}

const char* ToString(TrialStatus status) {
  switch (status) {
    case TrialStatus::kPending:
      return "Pending";
    case TrialStatus::kRunning:
      return "InProgress";
    case TrialStatus::kCompleted:
      return "Completed";
    case TrialStatus::kFailed:
      return "Failed";
    case TrialStatus::kStopped:
      return "Stopped";
  }
  return "Unknown";
}

std::string RenderPlot(PlotKind kind, const PlotInput& input) {
  switch (kind) {
    case PlotKind::kTimeline:
      return TimelineSvg(input);
    case PlotKind::kObjective:
      return ObjectiveSvg(input);
    case PlotKind::kCurves:
      return CurvesSvg(input);
    case PlotKind::kParallel:
      return ParallelSvg(input);
    case PlotKind::kModel:
      return ModelSvg(input);
  }
  return TimelineSvg(input);
}

}  // namespace tune::plots
