#include "tuner/gp/input_transform.h"

#include <catch2/catch.hpp>
#include <variant>

#include "tuner/space/scaling.h"

namespace tune::gp {
namespace {

using spec::ParameterRange;
using spec::ParameterType;
using spec::Scaling;

std::vector<ParameterRange> Ranges() {
  return {
      {.name = "lr",
       .min = 1e-4,
       .max = 1,
       .scaling = Scaling::kLogarithmic,
       .values = {}},
      {.name = "layers",
       .type = ParameterType::kInteger,
       .min = 1,
       .max = 4,
       .values = {}},
      {.name = "width",
       .type = ParameterType::kInteger,
       .min = 8,
       .max = 512,
       .scaling = Scaling::kLogarithmic,
       .values = {}},
      {.name = "opt",
       .type = ParameterType::kCategorical,
       .values = {"sgd", "adam", "nag"}},
  };
}

TEST_CASE(
    "Canonical points put discrete coordinates at the centre of their bin") {
  const InputTransform transform(Ranges());
  CHECK(transform.kinds() ==
        std::vector<InputKind>{InputKind::kNumeric, InputKind::kNumeric,
                               InputKind::kNumeric, InputKind::kCategorical});
  const std::vector<double> x = transform.Canonical({0.3, 0.3, 0.61, 0.9});
  CHECK(x[0] == 0.3);                // continuous: unchanged
  CHECK(x[1] == 0.375);              // integer 2 of 1..4: bin [0.25, 0.5)
  CHECK(x[3] == Approx(5.0 / 6.0));  // category 2 of 3
  // Every u in a bin gives the same input, and the map is idempotent.
  CHECK(transform.Canonical({0.3, 0.26, 0.61, 0.7}) == x);
  CHECK(transform.Canonical(x) == x);
  // The log-scaled integer goes to the centre of its log bin.
  const ParameterRange& width = transform.ranges()[2];
  CHECK(x[2] == space::ToUnit(width, space::FromUnit(width, 0.61)));
  CHECK(std::get<int64_t>(space::FromUnit(width, x[2])) ==
        std::get<int64_t>(space::FromUnit(width, 0.61)));
}

TEST_CASE("Discrete neighbours cover the other values") {
  const InputTransform transform(Ranges());
  CHECK(transform.DiscreteNeighbours(0, 0.3).empty());
  // Small integer range: every other integer.
  CHECK(transform.DiscreteNeighbours(1, 0.375) ==
        std::vector<double>{0.125, 0.625, 0.875});
  // Categories: the two others.
  const double nag = transform.CanonicalCoordinate(3, 0.9);
  const std::vector<double> other = transform.DiscreteNeighbours(3, nag);
  REQUIRE(other.size() == 2u);
  CHECK(other[0] == Approx(1.0 / 6.0));
  CHECK(other[1] == Approx(0.5));
  // Large integer range: k +- 1, 2, 4, ... within the range.
  const ParameterRange& width = transform.ranges()[2];
  const double at_100 =
      space::ToUnit(width, space::ParameterValue(int64_t{100}));
  std::vector<int64_t> values;
  for (double u : transform.DiscreteNeighbours(2, at_100)) {
    values.push_back(std::get<int64_t>(space::FromUnit(width, u)));
  }
  const std::vector<int64_t> expected = {99, 101, 98, 102, 96, 104, 92,  108,
                                         84, 116, 68, 132, 36, 164, 228, 356};
  CHECK(values == expected);
}

TEST_CASE("Small fully discrete spaces are enumerated") {
  const InputTransform mixed(Ranges());
  CHECK_FALSE(mixed.AllDiscretePoints().has_value());
  const std::vector<ParameterRange> all = Ranges();
  // layers x opt: 4 x 3 points.
  const InputTransform small({all[1], all[3]});
  CHECK(small.IsFullyDiscrete());
  REQUIRE(small.AllDiscretePoints().has_value());
  const auto& points = *small.AllDiscretePoints();
  REQUIRE(points.size() == 12u);
  CHECK(points[0] == std::vector<double>{0.125, 1.0 / 6.0});
  for (const std::vector<double>& p : points) CHECK(small.Canonical(p) == p);
  // layers x width x opt: 4 x 505 x 3 > kEnumerationLimit.
  const InputTransform large({all[1], all[2], all[3]});
  CHECK(large.IsFullyDiscrete());
  CHECK_FALSE(large.AllDiscretePoints().has_value());
}

}  // namespace
}  // namespace tune::gp
