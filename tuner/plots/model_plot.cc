// The GP's slices, one panel per hyperparameter, most important first: the
// posterior mean and its +-2 sd band along the slice through the best
// trial, with the trials drawn on it, coloured by where they came from.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tuner/plots/internal/chart.h"
#include "tuner/plots/internal/parameter_axis.h"
#include "tuner/plots/plots.h"

namespace tune::plots {
namespace {

using internal::Num;

constexpr double kTop = 70;  // under the title and the legend
constexpr double kMargin = 10;  // the legend's left edge, as the panels'
constexpr double kLegendCharWidth = 6;  // px per character at the font size

struct Source {
  const char* word;
  const char* label;
  const char* color;
};
// The last is the fallback for every other source.
constexpr Source kSources[] = {{"initial_design", "initial design", "#8c8c8c"},
                               {"gp", "GP", "#1f77b4"},
                               {"restart", "restart", "#2ca02c"},
                               {"", "other", "#ff7f0e"}};

const Source& SourceOf(const PlotTrial& trial) {
  for (const Source& source : kSources) {
    if (trial.source == source.word) return source;
  }
  return kSources[std::size(kSources) - 1];
}

// Where the slice's k-th x sits on the axis; nullopt when it does not fit.
std::optional<double> SlicePosition(const internal::Scale& x,
                                    const PlotValue& value) {
  if (const auto* number = std::get_if<double>(&value)) {
    return std::isfinite(*number) ? std::optional(x.Map(*number)) : std::nullopt;
  }
  return x.MapCategory(std::get<std::string>(value));
}

}  // namespace

std::string ModelSvg(const PlotInput& input) {
  if (input.model.empty()) {
    return internal::NoDataSvg(
        input, PlotKind::kModel,
        input.model_note.empty() ? "no model yet" : input.model_note);
  }
  std::vector<const PlotTrial*> scored;
  for (const PlotTrial& trial : input.trials) {
    if (internal::FiniteObjective(trial)) scored.push_back(&trial);
  }
  std::vector<size_t> order(input.model.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return input.model[a].importance > input.model[b].importance;
  });

  const int count = static_cast<int>(input.model.size());
  const internal::PanelGrid grid(count, kTop);
  const std::string objective_label = internal::ObjectiveLabel(input);

  internal::SvgBuilder svg(grid.width, grid.height);
  internal::DrawTitle(
      svg, grid.width, internal::PlotTitle(input, PlotKind::kModel),
      absl::StrCat("GP mean and +-2 sd along each hyperparameter, the others "
                   "at the best trial's values; ",
                   input.minimize ? "lower" : "higher", " is better"));
  double legend_x = kMargin + 75;
  for (const Source& source : kSources) {
    svg.Leaf("circle", {{"class", "legend-source"},
                        {"cx", Num(legend_x)},
                        {"cy", Num(kTop - 14)},
                        {"r", "4"},
                        {"fill", source.color}});
    svg.Text(legend_x + 8, kTop - 10, "start", source.label);
    // As wide as its label, so the legend fits one narrow panel.
    legend_x += 14 + kLegendCharWidth * std::strlen(source.label);
  }

  for (int rank = 0; rank < count; ++rank) {
    const ModelPanel& panel = input.model[order[rank]];
    const auto parameter = std::find_if(
        input.parameters.begin(), input.parameters.end(),
        [&](const PlotParameter& p) { return p.name == panel.param; });
    if (parameter == input.parameters.end()) continue;
    const internal::Frame frame = grid.FrameAt(rank);
    const auto x = internal::MakeParameterScale(*parameter, scored, frame.left,
                                                frame.right);
    std::vector<double> ys;
    for (size_t k = 0; k < panel.mean.size(); ++k) {
      for (double v : {panel.mean[k], panel.lower[k], panel.upper[k]}) {
        if (std::isfinite(v)) ys.push_back(v);
      }
    }
    for (const PlotTrial* trial : scored) ys.push_back(*trial->objective);
    const auto y = internal::Scale::Linear(ys, frame.bottom, frame.top);
    const bool categorical = x.kind() == internal::Scale::Kind::kCategorical;

    svg.Begin("g", {{"class", "panel"},
                    {"data-param", panel.param},
                    {"data-importance", Num(panel.importance)},
                    {"data-scale", x.kind_name()}});
    internal::DrawAxis(
        svg, x, internal::AxisSide::kBottom, frame,
        absl::StrCat("#", rank + 1, " ", panel.param, " (importance ",
                     static_cast<int>(std::lround(100 * panel.importance)),
                     "%)"),
        !categorical);
    internal::DrawAxis(svg, y, internal::AxisSide::kLeft, frame,
                       objective_label, true);
    // The band: the upper edge left to right, the lower one back.
    std::vector<std::string> upper, lower, mean;
    for (size_t k = 0; k < panel.x.size() && k < panel.mean.size(); ++k) {
      const auto px = SlicePosition(x, panel.x[k]);
      if (!px || !std::isfinite(panel.mean[k]) ||
          !std::isfinite(panel.lower[k]) || !std::isfinite(panel.upper[k])) {
        continue;
      }
      upper.push_back(absl::StrCat(Num(*px), ",", Num(y.Map(panel.upper[k]))));
      lower.insert(lower.begin(),
                   absl::StrCat(Num(*px), ",", Num(y.Map(panel.lower[k]))));
      mean.push_back(absl::StrCat(Num(*px), ",", Num(y.Map(panel.mean[k]))));
    }
    upper.insert(upper.end(), lower.begin(), lower.end());
    svg.Leaf("polygon", {{"class", "model-band"},
                         {"points", absl::StrJoin(upper, " ")},
                         {"fill", "#1f77b4"},
                         {"fill-opacity", "0.15"},
                         {"stroke", "none"}});
    svg.Leaf("polyline", {{"class", "model-mean"},
                          {"points", absl::StrJoin(mean, " ")},
                          {"fill", "none"},
                          {"stroke", "#1f77b4"},
                          {"stroke-width", "2"}});
    svg.Begin("g", {{"class", "marks"}});
    for (const PlotTrial* trial : scored) {
      auto position = internal::ValuePosition(x, *parameter, *trial);
      if (!position) continue;
      const double cx =
          categorical ? *position + internal::Jitter(trial->id) * x.band() * 0.3
                      : *position;
      const Source& source = SourceOf(*trial);
      svg.Begin("circle", {{"class", "mark model-point"},
                           {"data-trial", trial->id},
                           {"data-param", panel.param},
                           {"data-source", trial->source.empty()
                                               ? std::string("unknown")
                                               : trial->source},
                           {"cx", Num(cx)},
                           {"cy", Num(y.Map(*trial->objective))},
                           {"r", "4"},
                           {"fill", source.color},
                           {"fill-opacity", "0.85"},
                           {"stroke", "white"}});
      svg.Leaf("title", {},
               absl::StrCat(internal::Tooltip(*trial, input.objective_name),
                            " (", source.label, ")"));
      svg.End();
    }
    svg.End();
    svg.End();
  }
  return std::move(svg).Finish();
}

}  // namespace tune::plots
