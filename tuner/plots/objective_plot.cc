// The objective against each hyperparameter, one panel per hyperparameter.
#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "tuner/plots/internal/chart.h"
#include "tuner/plots/internal/parameter_axis.h"
#include "tuner/plots/plots.h"

namespace tune::plots {

namespace {

using internal::Num;

constexpr double kTop = 50;  // under the title

const char* ScaleNote(const internal::Scale& scale) {
  switch (scale.kind()) {
    case internal::Scale::Kind::kLog:
      return " (log)";
    case internal::Scale::Kind::kCategorical:
      return " (categories)";
    default:
      return "";
  }
}

}  // namespace

std::string ObjectiveSvg(const PlotInput& input) {
  if (input.parameters.empty()) {
    return internal::NoDataSvg(input, PlotKind::kObjective,
                               "the job has no tuned hyperparameters");
  }
  std::vector<const PlotTrial*> scored;
  std::vector<double> objectives;
  for (const PlotTrial& trial : input.trials) {
    if (auto objective = internal::FiniteObjective(trial)) {
      scored.push_back(&trial);
      objectives.push_back(*objective);
    }
  }
  if (scored.empty()) {
    return internal::NoDataSvg(input, PlotKind::kObjective,
                               "no trial has an objective yet");
  }

  const int count = static_cast<int>(input.parameters.size());
  const internal::PanelGrid grid(count, kTop);
  const std::string objective_label = internal::ObjectiveLabel(input);

  internal::SvgBuilder svg(grid.width, grid.height);
  internal::DrawTitle(
      svg, grid.width, internal::PlotTitle(input, PlotKind::kObjective),
      absl::StrCat(scored.size(), " trials with an objective; ",
                   input.minimize ? "lower" : "higher", " is better"));
  for (int i = 0; i < count; ++i) {
    const PlotParameter& parameter = input.parameters[i];
    const internal::Frame frame = grid.FrameAt(i);
    const auto x = internal::MakeParameterScale(parameter, scored, frame.left,
                                                frame.right);
    const auto y = internal::Scale::Linear(objectives, frame.bottom, frame.top);
    const bool categorical = x.kind() == internal::Scale::Kind::kCategorical;

    svg.Begin("g", {{"class", "panel"},
                    {"data-param", parameter.name},
                    {"data-scale", x.kind_name()}});
    if (categorical) {
      for (size_t c = 0; c < x.categories().size(); ++c) {
        const double centre = *x.MapCategory(x.categories()[c]);
        svg.Leaf("rect", {{"class", "category-column"},
                          {"data-category", x.categories()[c]},
                          {"x", Num(centre - x.band() / 2 + 1)},
                          {"y", Num(frame.top)},
                          {"width", Num(std::max(x.band() - 2, 1.0))},
                          {"height", Num(frame.bottom - frame.top)},
                          {"fill", c % 2 == 0 ? "#f2f2f2" : "#f9f9f9"}});
      }
    }
    internal::DrawAxis(svg, x, internal::AxisSide::kBottom, frame,
                       absl::StrCat(parameter.name, ScaleNote(x)),
                       !categorical);
    internal::DrawAxis(svg, y, internal::AxisSide::kLeft, frame,
                       objective_label, true);
    svg.Begin("g", {{"class", "marks"}});
    for (const PlotTrial* trial : scored) {
      auto position = internal::ValuePosition(x, parameter, *trial);
      if (!position) continue;
      const double cx =
          categorical ? *position + internal::Jitter(trial->id) * x.band() * 0.3
                      : *position;
      svg.Begin("circle", {{"class", "mark objective-point"},
                           {"data-trial", trial->id},
                           {"data-param", parameter.name},
                           {"cx", Num(cx)},
                           {"cy", Num(y.Map(*trial->objective))},
                           {"r", "4"},
                           {"fill", internal::StatusColor(trial->status)},
                           {"fill-opacity", "0.8"},
                           {"stroke", "white"}});
      svg.Leaf("title", {}, internal::Tooltip(*trial, input.objective_name));
      svg.End();
    }
    svg.End();
    svg.End();
  }
  return std::move(svg).Finish();
}

}  // namespace tune::plots
