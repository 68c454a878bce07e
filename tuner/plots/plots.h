// Charts of a tuning job as SVG documents, for tunectl plot: data structs
// in, a standalone SVG string out. No I/O, no clock, no randomness: the same
// input always gives the same bytes.
//
// Four kinds:
//   timeline   each ended trial's objective against the time it ended,
//              coloured by status; trials without an objective sit in a
//              "no objective" strip under the axis; a step line shows the
//              best objective so far.
//   objective  one panel per hyperparameter: the objective against its
//              value; a log axis for kLog parameters, one column per
//              category for kCategorical ones.
//   curves     each trial's learning curve (PlotTrial::curve) by step,
//              coloured by the trial's objective.
//   parallel   parallel coordinates: one axis per hyperparameter plus the
//              objective, one line per trial, coloured by objective.
//   model      one panel per hyperparameter, most important first: the
//              GP's posterior mean along a slice through the best trial
//              (PlotInput::model) and its +-2 sd band, with the trials
//              drawn on it, coloured by where they came from
//              (PlotTrial::source: initial design, GP, other).
//
// Every mark carries class="mark KIND-..." and data-trial="ID" so tests
// (and browser scripts) can count and find them:
//   timeline   circle   class="mark timeline-point"  (one per ended trial)
//   objective  circle   class="mark objective-point" data-param="NAME"
//                       (one per trial with an objective and a value, per
//                       panel); panels are <g class="panel" data-param=...>
//   curves     polyline class="mark curve"           (one per trial with a
//                       point; a one-point curve also gets a
//                       class="curve-dot" circle, as a lone point draws
//                       nothing)
//   parallel   polyline class="mark parallel-line"   (one per trial)
//   model      circle   class="mark model-point" data-param="NAME"
//                       data-source=SOURCE (one per trial with an objective
//                       and a value, per panel); per panel one
//                       polygon class="model-band" and one polyline
//                       class="model-mean"; panels are <g class="panel"
//                       data-param=... data-importance=...>
// Axes are <g class="axis x-axis|y-axis" data-scale="linear|log|
// categorical">; categories are <rect class="category-column"
// data-category=...> (objective) and tick labels. With nothing to draw the
// document holds <text class="no-data">no data</text>.
//
// Text from the input (ids, names, categories) is escaped and invalid UTF-8
// or control characters are replaced, so the document is always well-formed
// XML; coordinates are always finite.
//
// Pure functions; safe from any thread.
//
// Usage:
//   tune::plots::PlotInput input;
//   input.title = "cifar10";
//   input.objective_name = "accuracy";
//   input.parameters.push_back({"lr", ParameterScale::kLog, 1e-4, 1e-1, {}});
//   input.trials.push_back({.id = "cifar10-1", .status =
//   TrialStatus::kCompleted,
//                           .objective = 0.91, .ended_at = 1.7e9,
//                           .hyperparameters = {{"lr", 0.003}}});
//   std::string svg = tune::plots::RenderPlot(PlotKind::kObjective, input);
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace tune::plots {

enum class PlotKind { kTimeline, kObjective, kCurves, kParallel, kModel };

// "timeline", "objective", "curves", "parallel", "model"; nullopt for
// anything else.
std::optional<PlotKind> ParsePlotKind(std::string_view name);
const char* ToString(PlotKind kind);

enum class ParameterScale { kLinear, kLog, kCategorical };

struct PlotParameter {
  std::string name;
  ParameterScale scale = ParameterScale::kLinear;
  // kLinear and kLog: the declared range (the spec's min and max); the axis
  // covers it and the data. Ignored when min >= max. A kLog axis with a
  // value <= 0 falls back to linear.
  double min = 0;
  double max = 0;
  // kCategorical: the columns, in this order; values not listed get
  // columns of their own after these.
  std::vector<std::string> categories;
};

enum class TrialStatus { kPending, kRunning, kCompleted, kFailed, kStopped };
const char* ToString(TrialStatus status);  // "Completed", ...

// A number for kLinear and kLog parameters, text for kCategorical ones.
using PlotValue = std::variant<double, std::string>;

struct CurvePoint {
  int64_t step = 0;
  double value = 0;
};

struct PlotTrial {
  std::string id;
  TrialStatus status = TrialStatus::kCompleted;
  std::optional<double> objective;  // non-finite values count as missing
  double ended_at = 0;  // seconds since the Unix epoch; 0 while not ended
  std::map<std::string, PlotValue> hyperparameters;
  std::vector<CurvePoint> curve;  // for kCurves, any order
  // Where the trial's point came from: "initial_design", "gp", or another
  // designer's word ("" when unknown); kModel colours by it.
  std::string source;
};

// One hyperparameter's slice of the model (designers/model_slices.h).
struct ModelPanel {
  std::string param;
  std::vector<PlotValue> x;  // numbers, or categories for kCategorical
  std::vector<double> mean;  // objective units, one per x
  std::vector<double> lower;
  std::vector<double> upper;
  double importance = 0;  // in [0, 1]
};

struct PlotInput {
  std::string title;           // shown at the top, e.g. the job's name
  std::string objective_name;  // the objective axis' label
  bool minimize = false;       // which objective is best (colours, best line)
  std::string curve_metric;    // the curves' y label; objective_name if empty
  double start_time = 0;       // the timeline's zero; 0: the first ended_at
  std::vector<PlotParameter> parameters;  // panels and axes, in this order
  std::vector<PlotTrial> trials;
  std::vector<ModelPanel> model;  // kModel; empty: "no model yet"
  std::string model_note;         // kModel: why there is no model
};

std::string RenderPlot(PlotKind kind, const PlotInput& input);

std::string TimelineSvg(const PlotInput& input);
std::string ObjectiveSvg(const PlotInput& input);
std::string CurvesSvg(const PlotInput& input);
std::string ParallelSvg(const PlotInput& input);
std::string ModelSvg(const PlotInput& input);

}  // namespace tune::plots
