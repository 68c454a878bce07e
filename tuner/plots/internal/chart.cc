#include "tuner/plots/internal/chart.h"

#include <algorithm>

#include <cmath>
#include <cstdint>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace tune::plots::internal {

namespace {

constexpr char kAxisColor[] = "#333333";
constexpr char kGridColor[] = "#e6e6e6";
constexpr double kTickLength = 5;

}  // namespace

void DrawAxis(SvgBuilder& svg, const Scale& scale, AxisSide side,
              const Frame& frame, std::string_view label, bool grid) {
  const bool bottom = side == AxisSide::kBottom;
  svg.Begin("g", {{"class", bottom ? "axis x-axis" : "axis y-axis"},
                  {"data-scale", scale.kind_name()}});
  const std::vector<Tick> ticks = scale.Ticks();
  if (grid) {
    for (const Tick& tick : ticks) {
      if (bottom) {
        svg.Leaf("line", {{"class", "grid"},
                          {"x1", Num(tick.position)},
                          {"y1", Num(frame.top)},
                          {"x2", Num(tick.position)},
                          {"y2", Num(frame.bottom)},
                          {"stroke", kGridColor}});
      } else {
        svg.Leaf("line", {{"class", "grid"},
                          {"x1", Num(frame.left)},
                          {"y1", Num(tick.position)},
                          {"x2", Num(frame.right)},
                          {"y2", Num(tick.position)},
                          {"stroke", kGridColor}});
      }
    }
  }
  if (bottom) {
    svg.Leaf("line", {{"class", "axis-line"},
                      {"x1", Num(frame.left)},
                      {"y1", Num(frame.bottom)},
                      {"x2", Num(frame.right)},
                      {"y2", Num(frame.bottom)},
                      {"stroke", kAxisColor}});
  } else {
    svg.Leaf("line", {{"class", "axis-line"},
                      {"x1", Num(frame.left)},
                      {"y1", Num(frame.top)},
                      {"x2", Num(frame.left)},
                      {"y2", Num(frame.bottom)},
                      {"stroke", kAxisColor}});
  }
  for (const Tick& tick : ticks) {
    svg.Begin("g", {{"class", "tick"}});
    if (bottom) {
      svg.Leaf("line", {{"x1", Num(tick.position)},
                        {"y1", Num(frame.bottom)},
                        {"x2", Num(tick.position)},
                        {"y2", Num(frame.bottom + kTickLength)},
                        {"stroke", kAxisColor}});
      svg.Text(tick.position, frame.bottom + 18, "middle", tick.label,
               {{"class", "tick-label"}});
    } else {
      svg.Leaf("line", {{"x1", Num(frame.left - kTickLength)},
                        {"y1", Num(tick.position)},
                        {"x2", Num(frame.left)},
                        {"y2", Num(tick.position)},
                        {"stroke", kAxisColor}});
      svg.Text(frame.left - 8, tick.position + 4, "end", tick.label,
               {{"class", "tick-label"}});
    }
    svg.End();
  }
  if (bottom) {
    svg.Text((frame.left + frame.right) / 2, frame.bottom + 38, "middle", label,
             {{"class", "axis-label"}, {"font-weight", "bold"}});
  } else {
    const double x = frame.left - 52;
    const double y = (frame.top + frame.bottom) / 2;
    svg.Text(
        x, y, "middle", label,
        {{"class", "axis-label"},
         {"font-weight", "bold"},
         {"transform", absl::StrCat("rotate(-90 ", Num(x), " ", Num(y), ")")}});
  }
  svg.End();
}

void DrawVerticalAxis(SvgBuilder& svg, const Scale& scale, double x,
                      std::string_view label) {
  svg.Begin("g", {{"class", "axis y-axis"},
                  {"data-scale", scale.kind_name()},
                  {"data-axis", std::string(label)}});
  svg.Leaf("line", {{"class", "axis-line"},
                    {"x1", Num(x)},
                    {"y1", Num(scale.to())},
                    {"x2", Num(x)},
                    {"y2", Num(scale.from())},
                    {"stroke", kAxisColor}});
  for (const Tick& tick : scale.Ticks()) {
    svg.Begin("g", {{"class", "tick"}});
    svg.Leaf("line", {{"x1", Num(x - kTickLength)},
                      {"y1", Num(tick.position)},
                      {"x2", Num(x)},
                      {"y2", Num(tick.position)},
                      {"stroke", kAxisColor}});
    svg.Text(x - 7, tick.position + 4, "end", tick.label,
             {{"class", "tick-label"},
              {"font-size", "10"},
              {"stroke", "white"},
              {"stroke-width", "3"},
              {"paint-order", "stroke"}});
    svg.End();
  }
  svg.Text(x, scale.to() - 14, "middle", label,
           {{"class", "axis-label"}, {"font-weight", "bold"}});
  svg.End();
}

void DrawTitle(SvgBuilder& svg, double width, std::string_view title,
               std::string_view subtitle) {
  svg.Text(width / 2, 22, "middle", title,
           {{"class", "title"}, {"font-size", "16"}, {"font-weight", "bold"}});
  if (!subtitle.empty()) {
    svg.Text(width / 2, 40, "middle", subtitle,
             {{"class", "subtitle"}, {"fill", "#555555"}});
  }
}

void DrawColorBar(SvgBuilder& svg, const ObjectiveColors& colors, double x,
                  double y, double height, std::string_view label) {
  if (colors.empty()) return;
  svg.Begin("g", {{"class", "legend color-bar"}});
  svg.Begin("defs");
  svg.Begin("linearGradient", {{"id", "objective-gradient"},
                               {"x1", "0"},
                               {"y1", "0"},
                               {"x2", "0"},
                               {"y2", "1"}});
  for (int i = 0; i <= 4; ++i) {
    const double offset = i / 4.0;
    svg.Leaf("stop",
             {{"offset", Num(offset)}, {"stop-color", ColorMap(1 - offset)}});
  }
  svg.End();
  svg.End();
  svg.Text(x, y - 8, "start", label, {{"class", "legend-label"}});
  svg.Leaf("rect", {{"x", Num(x)},
                    {"y", Num(y)},
                    {"width", "14"},
                    {"height", Num(height)},
                    {"fill", "url(#objective-gradient)"},
                    {"stroke", "#999999"}});
  svg.Text(x + 20, y + 10, "start",
           absl::StrCat(FormatTickValue(colors.best()), " (best)"),
           {{"class", "legend-label"}});
  svg.Text(x + 20, y + height, "start", FormatTickValue(colors.worst()),
           {{"class", "legend-label"}});
  svg.End();
}

double DrawStatusLegend(SvgBuilder& svg,
                        const std::vector<const PlotTrial*>& trials, double x,
                        double y) {
  std::map<TrialStatus, int> counts;
  for (const PlotTrial* trial : trials) ++counts[trial->status];
  svg.Begin("g", {{"class", "legend status-legend"}});
  for (const auto& [status, count] : counts) {
    svg.Leaf("circle", {{"class", "legend-swatch"},
                        {"cx", Num(x + 5)},
                        {"cy", Num(y - 4)},
                        {"r", "5"},
                        {"fill", StatusColor(status)}});
    svg.Text(x + 15, y, "start",
             absl::StrCat(ToString(status), " (", count, ")"),
             {{"class", "legend-label"}});
    y += 18;
  }
  svg.End();
  return y;
}

namespace {
constexpr int kPanelColumns = 3;
constexpr double kPanelWidth = 320;
constexpr double kPanelHeight = 260;
constexpr double kPanelMargin = 10;
}  // namespace

PanelGrid::PanelGrid(int count, double top_band)
    : columns(std::max(1, std::min(kPanelColumns, count))),
      rows(std::max(1, (count + columns - 1) / columns)),
      width(2 * kPanelMargin + columns * kPanelWidth),
      height(top_band + rows * kPanelHeight + kPanelMargin),
      top(top_band) {}

Frame PanelGrid::FrameAt(int index) const {
  const double ox = kPanelMargin + (index % columns) * kPanelWidth;
  const double oy = top + (index / columns) * kPanelHeight;
  return Frame{ox + 75, oy + 15, ox + kPanelWidth - 15, oy + kPanelHeight - 50};
}

std::string ObjectiveLabel(const PlotInput& input) {
  return input.objective_name.empty() ? "objective" : input.objective_name;
}

std::string PlotTitle(const PlotInput& input, PlotKind kind) {
  std::string what;
  switch (kind) {
    case PlotKind::kTimeline:
      what = "objective over time";
      break;
    case PlotKind::kObjective:
      what = "objective vs hyperparameters";
      break;
    case PlotKind::kCurves:
      what = absl::StrCat("learning curves of ", input.curve_metric.empty()
                                                     ? input.objective_name
                                                     : input.curve_metric);
      break;
    case PlotKind::kParallel:
      what = "parallel coordinates";
      break;
    case PlotKind::kModel:
      what = "the GP's model";
      break;
  }
  return input.title.empty() ? what : absl::StrCat(input.title, ": ", what);
}

std::string NoDataSvg(const PlotInput& input, PlotKind kind,
                      std::string_view why) {
  constexpr double kWidth = 640;
  constexpr double kHeight = 240;
  SvgBuilder svg(kWidth, kHeight);
  DrawTitle(svg, kWidth, PlotTitle(input, kind), "");
  svg.Text(kWidth / 2, kHeight / 2, "middle", "no data",
           {{"class", "no-data"}, {"font-size", "20"}, {"fill", "#888888"}});
  svg.Text(kWidth / 2, kHeight / 2 + 26, "middle", why,
           {{"class", "no-data-reason"}, {"fill", "#888888"}});
  return std::move(svg).Finish();
}

std::string Tooltip(const PlotTrial& trial, std::string_view objective_name) {
  std::string text = absl::StrCat(trial.id, " (", ToString(trial.status), ")");
  if (auto objective = FiniteObjective(trial)) {
    const std::string name =
        objective_name.empty() ? "objective" : std::string(objective_name);
    text += absl::StrCat(": ", name, "=", absl::StrFormat("%.6g", *objective));
  }
  return text;
}

double Jitter(std::string_view id) {
  uint64_t hash = 1469598103934665603ull;  // FNV-1a
  for (char c : id) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return static_cast<double>(hash % 2001) / 1000.0 - 1.0;
}

std::optional<double> FiniteObjective(const PlotTrial& trial) {
  if (trial.objective && std::isfinite(*trial.objective))
    return trial.objective;
  return std::nullopt;
}

}  // namespace tune::plots::internal
