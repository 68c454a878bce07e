#include "tuner/designers/random_designer.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

namespace tune::designers {
namespace {

using space::Parameters;
using space::ParameterValue;
using spec::ParameterRange;
using spec::ParameterType;
using spec::Scaling;

std::vector<ParameterRange> MixedRanges() {
  return {
      {.name = "lr",
       .type = ParameterType::kContinuous,
       .min = 1e-4,
       .max = 1,
       .scaling = Scaling::kLogarithmic,
       .values = {}},
      {.name = "mom",
       .type = ParameterType::kContinuous,
       .min = 0.87,
       .max = 0.92,
       .values = {}},
      {.name = "beta",
       .type = ParameterType::kContinuous,
       .min = 0.9,
       .max = 0.999,
       .scaling = Scaling::kReverseLogarithmic,
       .values = {}},
      {.name = "epochs",
       .type = ParameterType::kInteger,
       .min = 28,
       .max = 35,
       .values = {}},
      {.name = "width",
       .type = ParameterType::kInteger,
       .min = 8,
       .max = 512,
       .scaling = Scaling::kLogarithmic,
       .values = {}},
      {.name = "opt",
       .type = ParameterType::kCategorical,
       .values = {"sgd", "nag", "adam"}},
  };
}

// 3 x 2 = 6 points.
std::vector<ParameterRange> SmallDiscreteRanges() {
  return {
      {.name = "n",
       .type = ParameterType::kInteger,
       .min = 1,
       .max = 3,
       .values = {}},
      {.name = "opt",
       .type = ParameterType::kCategorical,
       .values = {"sgd", "nag"}},
  };
}

Parameters Point(int64_t n, const std::string& opt) {
  return {{"n", n}, {"opt", opt}};
}

std::vector<Parameters> SuggestOrDie(const RandomDesigner& designer,
                                     int count) {
  absl::StatusOr<std::vector<Parameters>> points = designer.Suggest(count);
  REQUIRE(points.ok());
  return *points;
}

TEST_CASE("The same seed and history give the same suggestions") {
  RandomDesigner a(MixedRanges(), 7);
  RandomDesigner b(MixedRanges(), 7);
  const std::vector<CompletedTrial> completed = {
      {Parameters{{"lr", 0.1}}, 0.5}, {Parameters{{"lr", 0.2}}, std::nullopt}};
  a.Update(completed, {});
  b.Update(completed, {});
  const auto first = SuggestOrDie(a, 5);
  CHECK(SuggestOrDie(b, 5) == first);
  CHECK(SuggestOrDie(a, 5) == first);  // Suggest() changes nothing.
  // The first points of a larger batch are the same points.
  const auto larger = SuggestOrDie(a, 8);
  CHECK(std::vector<Parameters>(larger.begin(), larger.begin() + 5) == first);
}

TEST_CASE("Another seed or another history gives other suggestions") {
  RandomDesigner base(MixedRanges(), 7);
  RandomDesigner other_seed(MixedRanges(), 8);
  RandomDesigner more_history(MixedRanges(), 7);
  more_history.Update({}, {Parameters{{"lr", 0.5}}});
  const auto points = SuggestOrDie(base, 3);
  CHECK(SuggestOrDie(other_seed, 3) != points);
  CHECK(SuggestOrDie(more_history, 3) != points);
}

TEST_CASE("Suggestions lie inside the ranges with exact types") {
  const std::vector<ParameterRange> ranges = MixedRanges();
  RandomDesigner designer(ranges, 11);
  const auto points = SuggestOrDie(designer, 4000);
  REQUIRE(points.size() == 4000);
  int lr_below_geometric_mean = 0;
  std::set<int64_t> epochs_seen;
  std::set<std::string> opt_seen;
  for (const Parameters& p : points) {
    REQUIRE(p.size() == ranges.size());
    for (const ParameterRange& range : ranges) {
      CAPTURE(range.name);
      const ParameterValue& v = p.at(range.name);
      switch (range.type) {
        case ParameterType::kContinuous:
          REQUIRE(std::holds_alternative<double>(v));
          REQUIRE(std::get<double>(v) >= range.min);
          REQUIRE(std::get<double>(v) <= range.max);
          break;
        case ParameterType::kInteger:
          REQUIRE(std::holds_alternative<int64_t>(v));
          REQUIRE(std::get<int64_t>(v) >= range.min);
          REQUIRE(std::get<int64_t>(v) <= range.max);
          break;
        case ParameterType::kCategorical:
          REQUIRE(std::holds_alternative<std::string>(v));
          REQUIRE(std::count(range.values.begin(), range.values.end(),
                             std::get<std::string>(v)) == 1);
          break;
      }
    }
    lr_below_geometric_mean += std::get<double>(p.at("lr")) < 1e-2;
    epochs_seen.insert(std::get<int64_t>(p.at("epochs")));
    opt_seen.insert(std::get<std::string>(p.at("opt")));
  }
  // lr is log-uniform on [1e-4, 1]: half of it lies below 1e-2.
  CHECK(lr_below_geometric_mean / 4000.0 == Approx(0.5).margin(0.04));
  CHECK(epochs_seen.size() == 8);
  CHECK(opt_seen.size() == 3);
}

TEST_CASE("A small discrete space is covered without repeats") {
  RandomDesigner designer(SmallDiscreteRanges(), 3);
  const auto all = SuggestOrDie(designer, 6);
  CHECK(std::set<Parameters>(all.begin(), all.end()).size() == 6);
  // Asking for more than the space holds gives each point once.
  const auto more = SuggestOrDie(designer, 10);
  CHECK(more.size() == 6);
  CHECK(std::set<Parameters>(more.begin(), more.end()).size() == 6);
}

TEST_CASE("Points already tried are not suggested again") {
  RandomDesigner designer(SmallDiscreteRanges(), 5);
  const std::vector<CompletedTrial> completed = {
      {Point(1, "sgd"), 0.1}, {Point(2, "nag"), std::nullopt}};
  const std::vector<Parameters> active = {Point(3, "sgd"), Point(1, "nag")};
  designer.Update(completed, active);
  const auto points = SuggestOrDie(designer, 5);
  CHECK(std::set<Parameters>(points.begin(), points.end()) ==
        std::set<Parameters>{Point(2, "sgd"), Point(3, "nag")});
}

TEST_CASE("An exhausted discrete space gives no suggestions") {
  RandomDesigner designer(SmallDiscreteRanges(), 5);
  std::vector<CompletedTrial> completed;
  for (int64_t n = 1; n <= 3; ++n) {
    for (const char* opt : {"sgd", "nag"})
      completed.push_back({Point(n, opt), 1.0});
  }
  // Points outside the space (a stale trial) do not count as used ones.
  completed.push_back({Point(9, "sgd"), 1.0});
  designer.Update(completed, {});
  const absl::StatusOr<std::vector<Parameters>> points = designer.Suggest(3);
  REQUIRE(points.ok());
  CHECK(points->empty());

  completed.erase(completed.begin() + 2);  // frees Point(2, "sgd")
  designer.Update(completed, {});
  CHECK(SuggestOrDie(designer, 3) == std::vector<Parameters>{Point(2, "sgd")});
}

TEST_CASE("The last unused point of a log-scaled space is found") {
  // Random draws reach 1000 in [1, 1000] with log bins about once in 7600
  // draws, so this needs the fallback among the unused points.
  const std::vector<ParameterRange> ranges = {{.name = "n",
                                               .type = ParameterType::kInteger,
                                               .min = 1,
                                               .max = 1000,
                                               .scaling = Scaling::kLogarithmic,
                                               .values = {}}};
  std::vector<space::Parameters> active;
  for (int64_t n = 1; n < 1000; ++n) active.push_back({{"n", n}});
  RandomDesigner designer(ranges, 1);
  designer.Update({}, active);
  CHECK(SuggestOrDie(designer, 4) ==
        std::vector<Parameters>{Parameters{{"n", int64_t{1000}}}});
}

TEST_CASE("A continuous space avoids the points already tried") {
  const std::vector<ParameterRange> ranges = {
      {.name = "x",
       .type = ParameterType::kContinuous,
       .min = 0,
       .max = 1,
       .values = {}}};
  // Learn what a designer with one trial in its history suggests first...
  RandomDesigner probe(ranges, 9);
  probe.Update({{Parameters{{"x", 0.5}}, 1.0}}, {});
  const Parameters first = SuggestOrDie(probe, 1)[0];
  // ...then give a designer with the same seed and history size that very
  // point as its history.
  RandomDesigner designer(ranges, 9);
  designer.Update({{first, 1.0}}, {});
  const auto points = SuggestOrDie(designer, 100);
  CHECK(std::count(points.begin(), points.end(), first) == 0);
  CHECK(std::set<Parameters>(points.begin(), points.end()).size() == 100);
}

TEST_CASE("Suggest refuses counts out of bounds") {
  RandomDesigner designer(MixedRanges(), 1);
  for (int count : {0, -1, RandomDesigner::kMaxSuggestCount + 1}) {
    CAPTURE(count);
    const auto points = designer.Suggest(count);
    REQUIRE_FALSE(points.ok());
    CHECK(points.status().code() == absl::StatusCode::kInvalidArgument);
  }
  CHECK(designer.Suggest(RandomDesigner::kMaxSuggestCount).ok());
}

}  // namespace
}  // namespace tune::designers
