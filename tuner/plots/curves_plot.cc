// Learning curves: each trial's metric by step, coloured by its objective.
#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tuner/plots/internal/chart.h"
#include "tuner/plots/plots.h"

namespace tune::plots {

namespace {

using internal::Num;

constexpr double kWidth = 900;
constexpr double kHeight = 500;

}  // namespace

std::string CurvesSvg(const PlotInput& input) {
  const std::string metric =
      input.curve_metric.empty() ? input.objective_name : input.curve_metric;
  std::vector<const PlotTrial*> drawn;
  std::vector<double> steps;
  std::vector<double> values;
  std::vector<double> objectives;
  for (const PlotTrial& trial : input.trials) {
    bool any = false;
    for (const CurvePoint& point : trial.curve) {
      if (!std::isfinite(point.value)) continue;
      steps.push_back(static_cast<double>(point.step));
      values.push_back(point.value);
      any = true;
    }
    if (!any) continue;
    drawn.push_back(&trial);
    if (auto objective = internal::FiniteObjective(trial)) {
      objectives.push_back(*objective);
    }
  }
  if (drawn.empty()) {
    return internal::NoDataSvg(
        input, PlotKind::kCurves,
        absl::StrCat("no trial has reported ",
                     metric.empty() ? "the metric" : metric, " yet"));
  }
  const internal::ObjectiveColors colors(objectives, input.minimize);
  // The worst first and the best last, so the best are drawn on top.
  std::stable_sort(drawn.begin(), drawn.end(),
                   [&](const PlotTrial* a, const PlotTrial* b) {
                     auto oa = internal::FiniteObjective(*a);
                     auto ob = internal::FiniteObjective(*b);
                     if (!oa || !ob) return !oa && ob.has_value();
                     return colors.Fraction(*oa) < colors.Fraction(*ob);
                   });

  const internal::Frame frame{80, 60, kWidth - 200, kHeight - 70};
  const auto x = internal::Scale::Linear(steps, frame.left, frame.right, 0.02);
  const auto y = internal::Scale::Linear(values, frame.bottom, frame.top);

  internal::SvgBuilder svg(kWidth, kHeight);
  internal::DrawTitle(svg, kWidth,
                      internal::PlotTitle(input, PlotKind::kCurves),
                      absl::StrCat(drawn.size(), " trials reported ", metric));
  internal::DrawAxis(svg, x, internal::AxisSide::kBottom, frame, "step", true);
  internal::DrawAxis(svg, y, internal::AxisSide::kLeft, frame,
                     metric.empty() ? "value" : metric, true);

  svg.Begin("g", {{"class", "marks"}});
  for (const PlotTrial* trial : drawn) {
    std::vector<CurvePoint> points;
    for (const CurvePoint& point : trial->curve) {
      if (std::isfinite(point.value)) points.push_back(point);
    }
    std::stable_sort(points.begin(), points.end(),
                     [](const CurvePoint& a, const CurvePoint& b) {
                       return a.step < b.step;
                     });
    std::vector<std::string> coordinates;
    for (const CurvePoint& point : points) {
      coordinates.push_back(
          absl::StrCat(Num(x.Map(static_cast<double>(point.step))), ",",
                       Num(y.Map(point.value))));
    }
    const std::string color = colors.Color(trial->objective);
    const bool scored = internal::FiniteObjective(*trial).has_value();
    svg.Begin("polyline", {{"class", "mark curve"},
                           {"data-trial", trial->id},
                           {"data-points", absl::StrCat(points.size())},
                           {"points", absl::StrJoin(coordinates, " ")},
                           {"fill", "none"},
                           {"stroke", color},
                           {"stroke-width", "1.6"},
                           {"stroke-opacity", "0.85"},
                           {"stroke-dasharray", scored ? "none" : "4 3"}});
    svg.Leaf("title", {}, internal::Tooltip(*trial, input.objective_name));
    svg.End();
    if (points.size() == 1) {
      svg.Leaf("circle",
               {{"class", "curve-dot"},
                {"data-trial", trial->id},
                {"cx", Num(x.Map(static_cast<double>(points[0].step)))},
                {"cy", Num(y.Map(points[0].value))},
                {"r", "3"},
                {"fill", color}});
    }
  }
  svg.End();

  internal::DrawColorBar(
      svg, colors, frame.right + 25, frame.top + 20, 160,
      input.objective_name.empty() ? "objective" : input.objective_name);
  if (objectives.size() < drawn.size()) {
    const double ly = frame.top + 220;
    svg.Leaf("line", {{"x1", Num(frame.right + 25)},
                      {"y1", Num(ly - 4)},
                      {"x2", Num(frame.right + 39)},
                      {"y2", Num(ly - 4)},
                      {"stroke", internal::kMissingColor},
                      {"stroke-width", "2"},
                      {"stroke-dasharray", "4 3"}});
    svg.Text(frame.right + 45, ly, "start", "no objective",
             {{"class", "legend-label"}});
  }
  return std::move(svg).Finish();
}

}  // namespace tune::plots
