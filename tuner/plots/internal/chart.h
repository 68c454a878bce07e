// The parts every plot shares: title, axes with ticks and labels, legends,
// tooltips and the "no data" document. Pure; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tuner/plots/internal/colors.h"
#include "tuner/plots/internal/scale.h"
#include "tuner/plots/internal/svg_builder.h"
#include "tuner/plots/plots.h"

namespace tune::plots::internal {

// A plot area in pixels.
struct Frame {
  double left = 0;
  double top = 0;
  double right = 0;
  double bottom = 0;
};

// Panels of one plot per hyperparameter (objective, model): up to three
// columns of 320 x 260 under a band of `top` pixels for the title.
struct PanelGrid {
  PanelGrid(int count, double top);
  // The axes' frame of the panel at position `index`, row by row.
  Frame FrameAt(int index) const;

  int columns = 1;
  int rows = 1;
  double width = 0;
  double height = 0;
  double top = 0;
};

// The objective axis' label: the objective's name, or "objective".
std::string ObjectiveLabel(const PlotInput& input);

enum class AxisSide { kBottom, kLeft };

// <g class="axis x-axis" data-scale="..."> along the frame's bottom, or
// y-axis along its left: the line, ticks with labels, the axis label and,
// when `grid`, light lines across the frame at the ticks.
void DrawAxis(SvgBuilder& svg, const Scale& scale, AxisSide side,
              const Frame& frame, std::string_view label, bool grid);

// A vertical axis at x for parallel coordinates, labelled at its top:
// <g class="axis y-axis" data-scale="..." data-axis="NAME">.
void DrawVerticalAxis(SvgBuilder& svg, const Scale& scale, double x,
                      std::string_view label);

// The plot's title and a smaller line under it, centred.
void DrawTitle(SvgBuilder& svg, double width, std::string_view title,
               std::string_view subtitle);

// A vertical colour bar at (x, y), best at the top, with both ends
// labelled; nothing when `colors` is empty.
void DrawColorBar(SvgBuilder& svg, const ObjectiveColors& colors, double x,
                  double y, double height, std::string_view label);

// One swatch per status present among `trials`, with its count; returns
// the y of the line after the last.
double DrawStatusLegend(SvgBuilder& svg,
                        const std::vector<const PlotTrial*>& trials, double x,
                        double y);

// A whole document that says there is nothing to draw, and why.
std::string NoDataSvg(const PlotInput& input, PlotKind kind,
                      std::string_view why);

// "job: objective vs hyperparameters" and the like.
std::string PlotTitle(const PlotInput& input, PlotKind kind);

// "trial-3 (Completed): accuracy=0.91"
std::string Tooltip(const PlotTrial& trial, std::string_view objective_name);

// A deterministic offset in [-1, 1] from a trial id, to spread points that
// share a category column.
double Jitter(std::string_view id);

// The objective if present and finite.
std::optional<double> FiniteObjective(const PlotTrial& trial);

}  // namespace tune::plots::internal
