#include "tuner/policies/median_rule.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

namespace tune::policies {
namespace {

using spec::ObjectiveType;

// A series reporting `values` at steps 1, 2, ...
MetricSeries Steps(std::vector<double> values) {
  MetricSeries series;
  for (size_t i = 0; i < values.size(); ++i) {
    series.push_back({static_cast<int64_t>(i + 1), values[i]});
  }
  return series;
}

// `n` ended trials whose running average at every step is `value`.
std::vector<MetricSeries> Flat(int n, double value, int steps = 10) {
  return std::vector<MetricSeries>(n, Steps(std::vector<double>(steps, value)));
}

TEST_CASE("The median rule's decisions") {
  const std::vector<MetricSeries> five = {
      Steps({0.1, 0.2, 0.3, 0.4}), Steps({0.2, 0.3, 0.4, 0.5}),
      Steps({0.3, 0.4, 0.5, 0.6}), Steps({0.4, 0.5, 0.6, 0.7}),
      Steps({0.5, 0.6, 0.7, 0.8})};
  // Running averages at step 3: 0.2 0.3 0.4 0.5 0.6, median 0.4.
  struct Case {
    const char* label;
    ObjectiveType type;
    MetricSeries trial;
    std::vector<MetricSeries> ended;
    MedianRuleOptions options;
    bool stop;
    int compared;
    std::optional<double> median;
  };
  const Case cases[] = {
      {"worse than the median stops (maximize)",
       ObjectiveType::kMaximize,
       Steps({0.1, 0.3, 0.5}),
       five,
       {},
       true,
       5,
       0.4},  // average 0.3
      {"better than the median continues",
       ObjectiveType::kMaximize,
       Steps({0.4, 0.5, 0.6}),
       five,
       {},
       false,
       5,
       0.4},
      {"a tie with the median continues",
       ObjectiveType::kMaximize,
       Steps({0.3, 0.4, 0.5}),
       five,
       {},
       false,
       5,
       0.4},
      {"minimize reverses the direction",
       ObjectiveType::kMinimize,
       Steps({0.1, 0.3, 0.5}),
       five,
       {},
       false,
       5,
       0.4},
      {"minimize stops the larger average",
       ObjectiveType::kMinimize,
       Steps({0.4, 0.5, 0.6}),
       five,
       {},
       true,
       5,
       0.4},
      {"before min_step nothing stops",
       ObjectiveType::kMaximize,
       Steps({0.0, 0.0}),
       five,
       {},
       false,
       0,
       std::nullopt},
      {"a smaller min_step applies earlier",
       ObjectiveType::kMaximize,
       Steps({0.0, 0.0}),
       five,
       {.min_trials = 5, .min_step = 2},
       true,
       5,
       0.35},
      {"too few earlier trials",
       ObjectiveType::kMaximize,
       Steps({0.0, 0.0, 0.0}),
       {five[0], five[1], five[2], five[3]},
       {},
       false,
       4,
       std::nullopt},
      {"min_trials can be lowered",
       ObjectiveType::kMaximize,
       Steps({0.0, 0.0, 0.0}),
       {five[0], five[1], five[2], five[3]},
       {.min_trials = 4, .min_step = 3},
       true,
       4,
       0.35},
      {"trials that did not reach the step do not count",
       ObjectiveType::kMaximize,
       Steps({0.0, 0.0, 0.0, 0.0, 0.0}),
       five,
       {},
       false,
       0,
       std::nullopt},
      {"an even count takes the mean of the middle two",
       ObjectiveType::kMaximize,
       Steps({0.5, 0.5, 0.5}),
       {Flat(3, 0.4)[0], Flat(3, 0.4)[0], Flat(3, 0.6)[0], Flat(3, 0.6)[0],
        Flat(3, 0.0)[0], Flat(3, 1.0)[0]},
       {},
       false,
       6,
       0.5},
      {"a NaN average is worse than the median",
       ObjectiveType::kMaximize,
       Steps({0.9, std::nan(""), 0.9}),
       five,
       {},
       true,
       5,
       0.4},
  };
  for (const Case& c : cases) {
    CAPTURE(c.label);
    const MedianRuleDecision d =
        DecideMedianRule(c.type, c.trial, c.ended, c.options);
    CHECK(d.stop == c.stop);
    CHECK(d.compared_trials == c.compared);
    REQUIRE(d.median.has_value() == c.median.has_value());
    if (c.median) CHECK(*d.median == Approx(*c.median));
    CHECK(!d.reason.empty());
  }
}

TEST_CASE("The reason names the average, the step, the median and the count") {
  const MedianRuleDecision d = DecideMedianRule(
      ObjectiveType::kMaximize, Steps({0.41, 0.41, 0.41, 0.41}), Flat(6, 0.52));
  CHECK(d.stop);
  CHECK(d.step == 4);
  CHECK(d.reason ==
        "running average 0.41 at step 4 is worse than the median 0.52 of 6 "
        "earlier trials");
  const MedianRuleDecision early = DecideMedianRule(
      ObjectiveType::kMaximize, Steps({0.41, 0.41, 0.41, 0.41}), Flat(2, 0.52));
  CHECK(early.reason ==
        "only 2 earlier trials reached step 4 (the rule needs 5)");
}

TEST_CASE("Gaps in a series: averages over the points up to the step") {
  // The trial reports steps 1 and 5 only: at k = 5 its average is 0.3.
  const MetricSeries trial = {{1, 0.2}, {5, 0.4}};
  // Each earlier trial reports steps 2 and 8: it reached 5, and its running
  // average at 5 is its value at step 2.
  std::vector<MetricSeries> ended;
  for (double v : {0.1, 0.2, 0.5, 0.6, 0.7}) {
    ended.push_back({{2, v}, {8, 100.0}});
  }
  // One that reported only past the step has no average at 5: left out.
  ended.push_back({{9, 0.0}});
  // One that stopped at step 4 did not reach 5: left out.
  ended.push_back({{1, 0.0}, {4, 0.0}});
  const MedianRuleDecision d =
      DecideMedianRule(ObjectiveType::kMaximize, trial, ended);
  CHECK(d.step == 5);
  CHECK(*d.running_average == Approx(0.3));
  CHECK(d.compared_trials == 5);
  CHECK(*d.median == Approx(0.5));
  CHECK(d.stop);
}

TEST_CASE("Points out of order and the empty series") {
  const MetricSeries shuffled = {{3, 0.5}, {1, 0.1}, {2, 0.3}};
  const MedianRuleDecision d =
      DecideMedianRule(ObjectiveType::kMaximize, shuffled, Flat(5, 0.2));
  CHECK(d.step == 3);
  CHECK(*d.running_average == Approx(0.3));
  CHECK_FALSE(d.stop);

  const MedianRuleDecision none =
      DecideMedianRule(ObjectiveType::kMaximize, {}, Flat(5, 0.2));
  CHECK_FALSE(none.stop);
  CHECK_FALSE(none.running_average.has_value());
}

}  // namespace
}  // namespace tune::policies
