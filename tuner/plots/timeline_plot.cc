// The timeline: each ended trial's objective against when it ended.
#include <algorithm>
#include <cmath>
#include <ctime>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tuner/plots/internal/chart.h"
#include "tuner/plots/plots.h"

namespace tune::plots {

namespace {

using internal::Attr;
using internal::Num;

constexpr double kWidth = 900;
constexpr double kHeight = 500;
constexpr double kStripHeight = 40;  // the "no objective" strip

struct TimeUnit {
  double seconds;
  const char* name;
};

TimeUnit UnitFor(double span_seconds) {
  if (span_seconds <= 180) return {1, "s"};
  if (span_seconds <= 3 * 3600) return {60, "min"};
  return {3600, "h"};
}

std::string IsoTime(double seconds) {
  const std::time_t whole = static_cast<std::time_t>(std::floor(seconds));
  std::tm utc{};
  if (gmtime_r(&whole, &utc) == nullptr) return "?";
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace

std::string TimelineSvg(const PlotInput& input) {
  std::vector<const PlotTrial*> ended;
  for (const PlotTrial& trial : input.trials) {
    if (trial.ended_at > 0 && std::isfinite(trial.ended_at))
      ended.push_back(&trial);
  }
  if (ended.empty()) {
    return internal::NoDataSvg(input, PlotKind::kTimeline,
                               "no trial has ended yet");
  }
  std::stable_sort(ended.begin(), ended.end(),
                   [](const PlotTrial* a, const PlotTrial* b) {
                     return a->ended_at < b->ended_at;
                   });
  double start = ended.front()->ended_at;
  if (input.start_time > 0 && std::isfinite(input.start_time) &&
      input.start_time <= start) {
    start = input.start_time;
  }
  const TimeUnit unit = UnitFor(ended.back()->ended_at - start);

  std::vector<double> times;
  std::vector<double> objectives;
  bool any_missing = false;
  for (const PlotTrial* trial : ended) {
    times.push_back((trial->ended_at - start) / unit.seconds);
    if (auto objective = internal::FiniteObjective(*trial)) {
      objectives.push_back(*objective);
    } else {
      any_missing = true;
    }
  }
  if (input.start_time > 0 && start == input.start_time) times.push_back(0);

  const internal::Frame frame{80, 60, kWidth - 200, kHeight - 70};
  internal::Frame objective_frame = frame;
  if (any_missing) objective_frame.bottom -= kStripHeight;
  const double strip_y = frame.bottom - kStripHeight / 2;
  const auto x = internal::Scale::Linear(times, frame.left, frame.right, 0.03);
  const auto y = internal::Scale::Linear(objectives, objective_frame.bottom,
                                         objective_frame.top);

  internal::SvgBuilder svg(kWidth, kHeight);
  internal::DrawTitle(
      svg, kWidth, internal::PlotTitle(input, PlotKind::kTimeline),
      absl::StrCat(ended.size(), " trials ended; time 0 is ", IsoTime(start)));
  internal::DrawAxis(svg, x, internal::AxisSide::kBottom, frame,
                     absl::StrCat("time since start (", unit.name, ")"), true);
  internal::DrawAxis(
      svg, y, internal::AxisSide::kLeft, objective_frame,
      input.objective_name.empty() ? "objective" : input.objective_name, true);
  if (any_missing) {
    svg.Leaf("line", {{"class", "strip-separator"},
                      {"x1", Num(frame.left)},
                      {"y1", Num(objective_frame.bottom)},
                      {"x2", Num(frame.right)},
                      {"y2", Num(objective_frame.bottom)},
                      {"stroke", "#999999"},
                      {"stroke-dasharray", "4 3"}});
    svg.Text(frame.left - 8, strip_y + 4, "end", "no objective",
             {{"class", "strip-label"}, {"fill", "#555555"}});
  }

  // The best objective so far, as a step line.
  std::vector<std::string> best_points;
  std::optional<double> best;
  for (const PlotTrial* trial : ended) {
    auto objective = internal::FiniteObjective(*trial);
    if (!objective) continue;
    const double px = x.Map((trial->ended_at - start) / unit.seconds);
    if (!best || (input.minimize ? *objective < *best : *objective > *best)) {
      if (best)
        best_points.push_back(absl::StrCat(Num(px), ",", Num(y.Map(*best))));
      best = objective;
    }
    best_points.push_back(absl::StrCat(Num(px), ",", Num(y.Map(*best))));
  }
  if (best_points.size() >= 2) {
    svg.Leaf("polyline", {{"class", "best-so-far"},
                          {"points", absl::StrJoin(best_points, " ")},
                          {"fill", "none"},
                          {"stroke", "#444444"},
                          {"stroke-width", "1.5"},
                          {"stroke-dasharray", "6 3"}});
  }

  svg.Begin("g", {{"class", "marks"}});
  for (const PlotTrial* trial : ended) {
    auto objective = internal::FiniteObjective(*trial);
    const double cx = x.Map((trial->ended_at - start) / unit.seconds);
    const double cy = objective ? y.Map(*objective)
                                : strip_y + internal::Jitter(trial->id) * 8;
    svg.Begin("circle", {{"class", "mark timeline-point"},
                         {"data-trial", trial->id},
                         {"data-status", ToString(trial->status)},
                         {"cx", Num(cx)},
                         {"cy", Num(cy)},
                         {"r", "4.5"},
                         {"fill", internal::StatusColor(trial->status)},
                         {"fill-opacity", "0.85"},
                         {"stroke", "white"}});
    svg.Leaf("title", {}, internal::Tooltip(*trial, input.objective_name));
    svg.End();
  }
  svg.End();

  const double legend_x = frame.right + 25;
  const double ly =
      internal::DrawStatusLegend(svg, ended, legend_x, frame.top + 10) + 8;
  if (best_points.size() >= 2) {
    svg.Leaf("line", {{"x1", Num(legend_x)},
                      {"y1", Num(ly - 4)},
                      {"x2", Num(legend_x + 12)},
                      {"y2", Num(ly - 4)},
                      {"stroke", "#444444"},
                      {"stroke-dasharray", "4 2"}});
    svg.Text(legend_x + 15, ly, "start", "best so far",
             {{"class", "legend-label"}});
  }
  return std::move(svg).Finish();
}

}  // namespace tune::plots
