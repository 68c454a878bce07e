#include "tuner/gp/restart_design.h"

#include <catch2/catch.hpp>
#include <vector>

namespace tune::gp {
namespace {

InputTransform Square() {
  return InputTransform({{.name = "x", .min = 0, .max = 1, .values = {}},
                         {.name = "y", .min = 0, .max = 1, .values = {}}});
}

const auto kNoneUsed = [](const std::vector<double>&) { return false; };

TEST_CASE("Points are the same within rounding, not beyond") {
  const std::vector<std::vector<double>> points = {{0.25, 0.5}, {0.75, 0.1}};
  CHECK(ContainsPoint(points, {0.75, 0.1 + 1e-12}));
  CHECK_FALSE(ContainsPoint(points, {0.75, 0.1 + 1e-6}));
  CHECK_FALSE(ContainsPoint(points, {0.75}));
  CHECK_FALSE(ContainsPoint({}, {0.25, 0.5}));
}

TEST_CASE("A restart's design is fixed by the seed and the epoch") {
  const InputTransform transform = Square();
  const auto first = RestartDesign(transform, 7, 1).FirstUnused(kNoneUsed);
  REQUIRE(first.has_value());
  CHECK(RestartDesign(transform, 7, 1).FirstUnused(kNoneUsed) == first);
  CHECK(RestartDesign(transform, 7, 2).FirstUnused(kNoneUsed) != first);
  CHECK(RestartDesign(transform, 8, 1).FirstUnused(kNoneUsed) != first);
  CHECK(RestartDesign(transform, 7, 1).Contains(*first));
  CHECK_FALSE(RestartDesign(transform, 7, 2).Contains(*first));
}

TEST_CASE("A restart's design skips used points and can run out") {
  const RestartDesign design(Square(), 3, 1);
  std::vector<std::vector<double>> used;
  for (int i = 0; i < RestartDesign::kMaxDraws; ++i) {
    const auto next = design.FirstUnused(
        [&](const std::vector<double>& x) { return ContainsPoint(used, x); });
    REQUIRE(next.has_value());
    CHECK_FALSE(ContainsPoint(used, *next));
    CHECK(design.Contains(*next));
    used.push_back(*next);
  }
  CHECK(design.FirstUnused(kNoneUsed).has_value());
  CHECK_FALSE(design
                  .FirstUnused([&](const std::vector<double>& x) {
                    return ContainsPoint(used, x);
                  })
                  .has_value());
  CHECK_FALSE(RestartDesign().FirstUnused(kNoneUsed).has_value());
}

}  // namespace
}  // namespace tune::gp
