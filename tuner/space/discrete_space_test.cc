#include "tuner/space/discrete_space.h"

#include <catch2/catch.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace tune::space {
namespace {

using spec::ParameterRange;
using spec::ParameterType;

ParameterRange Integer(std::string name, double min, double max) {
  return {.name = std::move(name),
          .type = ParameterType::kInteger,
          .min = min,
          .max = max,
          .values = {}};
}
ParameterRange Categorical(std::string name, std::vector<std::string> values) {
  return {.name = std::move(name),
          .type = ParameterType::kCategorical,
          .values = std::move(values)};
}
ParameterRange Continuous(std::string name) {
  return {.name = std::move(name),
          .type = ParameterType::kContinuous,
          .min = 0,
          .max = 1,
          .values = {}};
}

TEST_CASE("CountDiscretePoints multiplies the sizes of discrete ranges") {
  struct Case {
    const char* label;
    std::vector<ParameterRange> ranges;
    std::optional<uint64_t> count;
  };
  const Case cases[] = {
      {"none", {}, 1},
      {"one integer", {Integer("n", -2, 2)}, 5},
      {"integer x categorical",
       {Integer("n", 28, 35), Categorical("opt", {"sgd", "nag"})},
       16},
      {"with a continuous range",
       {Integer("n", 1, 3), Continuous("lr")},
       std::nullopt},
      {"empty categorical", {Categorical("c", {})}, std::nullopt},
      {"too many",
       {Integer("a", 0, 1e9), Integer("b", 0, 1e9), Integer("c", 0, 1e9)},
       std::nullopt},
  };
  for (const Case& c : cases) {
    CAPTURE(c.label);
    CHECK(CountDiscretePoints(c.ranges) == c.count);
  }
}

TEST_CASE("DiscretePoint and DiscreteIndex number every point once") {
  const std::vector<ParameterRange> ranges = {
      Integer("n", -1, 2), Categorical("opt", {"sgd", "nag", "adam"}),
      Integer("k", 7, 8)};
  const std::optional<uint64_t> count = CountDiscretePoints(ranges);
  REQUIRE(count == 24u);
  std::set<Parameters> seen;
  for (uint64_t i = 0; i < *count; ++i) {
    const Parameters point = DiscretePoint(ranges, i);
    REQUIRE(point.size() == 3);
    REQUIRE(std::holds_alternative<int64_t>(point.at("n")));
    REQUIRE(std::holds_alternative<std::string>(point.at("opt")));
    CHECK(DiscreteIndex(ranges, point) == i);
    seen.insert(point);
  }
  CHECK(seen.size() == 24);
  // The first range is the most significant digit.
  CHECK(DiscretePoint(ranges, 0) == Parameters{{"n", int64_t{-1}},
                                               {"opt", std::string("sgd")},
                                               {"k", int64_t{7}}});
  CHECK(DiscretePoint(ranges, 1).at("k") == ParameterValue(int64_t{8}));
}

TEST_CASE("DiscreteIndex refuses points outside the space") {
  const std::vector<ParameterRange> ranges = {
      Integer("n", 1, 3), Categorical("opt", {"sgd", "0.5"})};
  struct Case {
    const char* label;
    Parameters point;
    std::optional<uint64_t> index;
  };
  const Case cases[] = {
      {"inside", {{"n", int64_t{2}}, {"opt", std::string("0.5")}}, 3},
      {"integral double", {{"n", 3.0}, {"opt", std::string("sgd")}}, 4},
      {"number as category", {{"n", int64_t{1}}, {"opt", 0.5}}, 1},
      {"extra parameter ignored",
       {{"n", int64_t{1}}, {"opt", std::string("sgd")}, {"x", 1.0}},
       0},
      {"integer too large",
       {{"n", int64_t{4}}, {"opt", std::string("sgd")}},
       std::nullopt},
      {"fraction", {{"n", 1.5}, {"opt", std::string("sgd")}}, std::nullopt},
      {"unknown category",
       {{"n", int64_t{1}}, {"opt", std::string("adam")}},
       std::nullopt},
      {"missing", {{"n", int64_t{1}}}, std::nullopt},
      {"string for integer",
       {{"n", std::string("1")}, {"opt", std::string("sgd")}},
       std::nullopt},
  };
  for (const Case& c : cases) {
    CAPTURE(c.label);
    CHECK(DiscreteIndex(ranges, c.point) == c.index);
  }
}

}  // namespace
}  // namespace tune::space
