// Parallel coordinates: an axis per hyperparameter and one for the
// objective; one line per trial, coloured by its objective.
#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tuner/plots/internal/chart.h"
#include "tuner/plots/internal/parameter_axis.h"
#include "tuner/plots/plots.h"

namespace tune::plots {

namespace {

using internal::Num;

constexpr double kAxisGap = 150;
constexpr double kHeight = 500;
constexpr double kLeft = 90;
constexpr double kLegendWidth = 190;

}  // namespace

std::string ParallelSvg(const PlotInput& input) {
  if (input.trials.empty()) {
    return internal::NoDataSvg(input, PlotKind::kParallel,
                               "the job has no trials yet");
  }
  std::vector<const PlotTrial*> trials;
  std::vector<double> objectives;
  for (const PlotTrial& trial : input.trials) {
    trials.push_back(&trial);
    if (auto objective = internal::FiniteObjective(trial)) {
      objectives.push_back(*objective);
    }
  }
  const bool objective_axis = !objectives.empty();
  const size_t axes = input.parameters.size() + (objective_axis ? 1 : 0);
  if (axes == 0) {
    return internal::NoDataSvg(input, PlotKind::kParallel,
                               "no hyperparameters and no objective to show");
  }
  const double width = std::max(
      640.0, kLeft + kAxisGap * static_cast<double>(axes - 1) + kLegendWidth);
  const double top = 90;
  const double bottom = kHeight - 40;
  const double right = width - kLegendWidth;
  const auto axis_x = [&](size_t i) {
    return axes == 1 ? (kLeft + right) / 2
                     : kLeft + (right - kLeft) * static_cast<double>(i) /
                                   static_cast<double>(axes - 1);
  };

  std::vector<internal::Scale> scales;
  for (const PlotParameter& parameter : input.parameters) {
    scales.push_back(
        internal::MakeParameterScale(parameter, trials, bottom, top));
  }
  const auto objective_scale = internal::Scale::Linear(objectives, bottom, top);
  const internal::ObjectiveColors colors(objectives, input.minimize);
  std::stable_sort(trials.begin(), trials.end(),
                   [&](const PlotTrial* a, const PlotTrial* b) {
                     auto oa = internal::FiniteObjective(*a);
                     auto ob = internal::FiniteObjective(*b);
                     if (!oa || !ob) return !oa && ob.has_value();
                     return colors.Fraction(*oa) < colors.Fraction(*ob);
                   });

  internal::SvgBuilder svg(width, kHeight);
  internal::DrawTitle(svg, width,
                      internal::PlotTitle(input, PlotKind::kParallel),
                      absl::StrCat(trials.size(), " trials, ",
                                   objectives.size(), " with an objective"));
  svg.Begin("g", {{"class", "marks"}});
  for (const PlotTrial* trial : trials) {
    std::vector<std::string> coordinates;
    for (size_t i = 0; i < input.parameters.size(); ++i) {
      auto position =
          internal::ValuePosition(scales[i], input.parameters[i], *trial);
      if (position)
        coordinates.push_back(
            absl::StrCat(Num(axis_x(i)), ",", Num(*position)));
    }
    if (auto objective = internal::FiniteObjective(*trial)) {
      coordinates.push_back(absl::StrCat(Num(axis_x(axes - 1)), ",",
                                         Num(objective_scale.Map(*objective))));
    }
    svg.Begin("polyline", {{"class", "mark parallel-line"},
                           {"data-trial", trial->id},
                           {"data-status", ToString(trial->status)},
                           {"points", absl::StrJoin(coordinates, " ")},
                           {"fill", "none"},
                           {"stroke", colors.Color(trial->objective)},
                           {"stroke-width", "1.6"},
                           {"stroke-opacity", "0.8"}});
    svg.Leaf("title", {}, internal::Tooltip(*trial, input.objective_name));
    svg.End();
  }
  svg.End();

  for (size_t i = 0; i < input.parameters.size(); ++i) {
    const char* note =
        scales[i].kind() == internal::Scale::Kind::kLog ? " (log)" : "";
    internal::DrawVerticalAxis(svg, scales[i], axis_x(i),
                               absl::StrCat(input.parameters[i].name, note));
  }
  const std::string objective_label =
      input.objective_name.empty() ? "objective" : input.objective_name;
  if (objective_axis) {
    internal::DrawVerticalAxis(svg, objective_scale, axis_x(axes - 1),
                               objective_label);
  }
  internal::DrawColorBar(svg, colors, right + 50, top + 20, 160,
                         objective_label);
  if (objectives.size() < trials.size()) {
    const double ly = top + 220;
    svg.Leaf("line", {{"x1", Num(right + 50)},
                      {"y1", Num(ly - 4)},
                      {"x2", Num(right + 64)},
                      {"y2", Num(ly - 4)},
                      {"stroke", internal::kMissingColor},
                      {"stroke-width", "2"}});
    svg.Text(right + 70, ly, "start", "no objective",
             {{"class", "legend-label"}});
  }
  return std::move(svg).Finish();
}

}  // namespace tune::plots
