#include "tuner/plots/internal/scale.h"

#include <catch2/catch.hpp>
#include <cmath>

namespace tune::plots::internal {
namespace {

std::vector<std::string> Labels(const Scale& scale) {
  std::vector<std::string> labels;
  for (const Tick& tick : scale.Ticks()) labels.push_back(tick.label);
  return labels;
}

TEST_CASE("nice ticks are 1, 2 or 5 times a power of ten") {
  struct Case {
    double lo, hi;
    std::vector<double> ticks;
  };
  const Case cases[] = {
      {0, 1, {0, 0.2, 0.4, 0.6, 0.8, 1}},
      {0, 10, {0, 2, 4, 6, 8, 10}},
      {-3, 3, {-3, -2, -1, 0, 1, 2, 3}},
      {0.13, 0.47, {0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45}},
      {1000, 5000, {1000, 2000, 3000, 4000, 5000}},
  };
  for (const Case& c : cases) {
    INFO(c.lo << ".." << c.hi);
    const auto ticks = NiceTicks(c.lo, c.hi);
    REQUIRE(ticks.size() == c.ticks.size());
    for (size_t i = 0; i < ticks.size(); ++i)
      CHECK(ticks[i] == Approx(c.ticks[i]));
  }
  CHECK(NiceTicks(2, 2) == std::vector<double>{2});
}

TEST_CASE("a linear scale maps its padded domain onto the pixels") {
  const auto scale = Scale::Linear({0, 10}, 100, 200, 0);
  CHECK(scale.Map(0) == Approx(100));
  CHECK(scale.Map(5) == Approx(150));
  CHECK(scale.Map(10) == Approx(200));
  CHECK(std::string(scale.kind_name()) == "linear");
  // Upside down, as y axes are.
  const auto y = Scale::Linear({0, 10}, 400, 100, 0);
  CHECK(y.Map(10) == Approx(100));
}

TEST_CASE("degenerate domains still give finite positions and ticks") {
  for (const std::vector<double>& values : {std::vector<double>{},
                                            {3},
                                            {0},
                                            {NAN},
                                            {INFINITY, 1},
                                            {-1e308, 1e308}}) {
    const auto scale = Scale::Linear(values, 0, 100);
    CHECK(std::isfinite(scale.Map(values.empty() ? 0 : values[0])));
    CHECK_FALSE(scale.Ticks().empty());
    for (const Tick& tick : scale.Ticks()) CHECK(std::isfinite(tick.position));
  }
  CHECK(std::isfinite(Scale::Linear({1}, 0, 100).Map(NAN)));
}

TEST_CASE("a log scale ticks at powers of ten, or 1-2-5 over a short range") {
  const auto wide = Scale::Log({1e-5, 1e-1}, 0, 100, 0);
  CHECK(std::string(wide.kind_name()) == "log");
  CHECK(Labels(wide) ==
        std::vector<std::string>{"1e-05", "0.0001", "0.001", "0.01", "0.1"});
  CHECK(wide.Map(1e-3) == Approx(50));
  const auto narrow = Scale::Log({1, 30}, 0, 100, 0);
  CHECK(Labels(narrow) == std::vector<std::string>{"1", "2", "5", "10", "20"});
  const auto tiny = Scale::Log({3, 3.5}, 0, 100);
  CHECK(Labels(tiny).size() >= 2);
  CHECK(std::isfinite(wide.Map(0)));
  CHECK(std::isfinite(wide.Map(-1)));
}

TEST_CASE("a log scale over values <= 0 is linear") {
  CHECK(Scale::Log({0, 1}, 0, 100).kind() == Scale::Kind::kLinear);
  CHECK(Scale::Log({-2, 1}, 0, 100).kind() == Scale::Kind::kLinear);
}

TEST_CASE("a categorical scale gives each category a column, in order") {
  const auto scale = Scale::Categorical({"a", "b", "c", "d"}, 0, 400);
  CHECK(scale.band() == Approx(100));
  CHECK(*scale.MapCategory("a") == Approx(50));
  CHECK(*scale.MapCategory("d") == Approx(350));
  CHECK_FALSE(scale.MapCategory("e").has_value());
  CHECK(Labels(scale) == std::vector<std::string>{"a", "b", "c", "d"});
  // Long names are cut for the label.
  const auto long_names = Scale::Categorical({std::string(40, 'x')}, 0, 100);
  CHECK(Labels(long_names)[0].size() < 40);
}

}  // namespace
}  // namespace tune::plots::internal
