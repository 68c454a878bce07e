#include "tuner/space/scaling.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace tune::space {
namespace {

using spec::ParameterRange;
using spec::ParameterType;
using spec::Scaling;

ParameterRange Continuous(double min, double max, Scaling scaling) {
  return {.name = "x",
          .type = ParameterType::kContinuous,
          .min = min,
          .max = max,
          .scaling = scaling,
          .values = {}};
}
ParameterRange Integer(double min, double max, Scaling scaling) {
  return {.name = "n",
          .type = ParameterType::kInteger,
          .min = min,
          .max = max,
          .scaling = scaling,
          .values = {}};
}
ParameterRange Categorical(std::vector<std::string> values) {
  return {.name = "c",
          .type = ParameterType::kCategorical,
          .values = std::move(values)};
}

// Uniform doubles in [0, 1) from a generator whose output the standard fixes.
class UnitSampler {
 public:
  explicit UnitSampler(uint64_t seed) : engine_(seed) {}
  double Next() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

 private:
  std::mt19937_64 engine_;
};

double AsDouble(const ParameterValue& v) { return std::get<double>(v); }
int64_t AsInt(const ParameterValue& v) { return std::get<int64_t>(v); }

TEST_CASE("FromUnit maps 0 and 1 to the ends of every kind of range") {
  struct Case {
    const char* label;
    ParameterRange range;
    ParameterValue at_zero;
    ParameterValue at_one;
  };
  const Case cases[] = {
      {"linear", Continuous(0.2, 0.65, Scaling::kLinear), 0.2, 0.65},
      {"auto", Continuous(-3, 7.5, Scaling::kAuto), -3.0, 7.5},
      {"log", Continuous(1e-4, 0.3, Scaling::kLogarithmic), 1e-4, 0.3},
      {"reverse log", Continuous(0.9, 0.9999, Scaling::kReverseLogarithmic),
       0.9, 0.9999},
      {"integer linear", Integer(28, 35, Scaling::kLinear), int64_t{28},
       int64_t{35}},
      {"integer log", Integer(1, 1000, Scaling::kLogarithmic), int64_t{1},
       int64_t{1000}},
      {"categorical", Categorical({"sgd", "nag", "adam"}), std::string("sgd"),
       std::string("adam")},
  };
  for (const Case& c : cases) {
    CAPTURE(c.label);
    CHECK(FromUnit(c.range, 0.0) == c.at_zero);
    CHECK(FromUnit(c.range, 1.0) == c.at_one);
    CHECK(FromUnit(c.range, -0.5) == c.at_zero);  // clamped
    CHECK(FromUnit(c.range, 7.0) == c.at_one);
    CHECK(FromUnit(c.range, std::nan("")) == c.at_zero);
    CHECK(ToUnit(c.range, c.at_zero) < 0.5);
    CHECK(ToUnit(c.range, c.at_one) > 0.5);
  }
}

TEST_CASE("ToUnit inverts FromUnit on continuous ranges") {
  const ParameterRange ranges[] = {
      Continuous(0.2, 0.65, Scaling::kLinear),
      Continuous(1e-6, 10, Scaling::kLogarithmic),
      Continuous(0, 0.999, Scaling::kReverseLogarithmic),
      Continuous(0.5, 0.99999, Scaling::kReverseLogarithmic),
  };
  for (const ParameterRange& range : ranges) {
    CAPTURE(range.min, range.max, static_cast<int>(range.scaling));
    CHECK(ToUnit(range, range.min) == 0.0);
    CHECK(ToUnit(range, range.max) == 1.0);
    double previous = -1;
    for (int i = 0; i <= 100; ++i) {
      const double u = i / 100.0;
      const ParameterValue v = FromUnit(range, u);
      REQUIRE(std::holds_alternative<double>(v));
      CHECK(AsDouble(v) >= range.min);
      CHECK(AsDouble(v) <= range.max);
      CHECK(AsDouble(v) > previous);  // strictly increasing
      previous = AsDouble(v);
      CHECK(ToUnit(range, v) == Approx(u).margin(1e-9));
    }
  }
}

TEST_CASE("Log scaling puts the median at the geometric mean") {
  const ParameterRange log_range = Continuous(1e-4, 1, Scaling::kLogarithmic);
  const ParameterRange linear_range = Continuous(1e-4, 1, Scaling::kLinear);
  UnitSampler sampler(1);
  std::vector<double> log_values, linear_values;
  for (int i = 0; i < 20001; ++i) {
    const double u = sampler.Next();
    log_values.push_back(AsDouble(FromUnit(log_range, u)));
    linear_values.push_back(AsDouble(FromUnit(linear_range, u)));
  }
  auto median = [](std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
  };
  // Geometric mean sqrt(1e-4 * 1) = 1e-2; within 10% in ratio. A linear
  // range's median is near the arithmetic mean, 0.5, instead.
  CHECK(median(log_values) == Approx(1e-2).epsilon(0.1));
  CHECK(median(linear_values) == Approx(0.5).epsilon(0.05));
}

TEST_CASE("Reverse-log scaling is dense near 1") {
  // Uniform in log(1 - v) over [0, 0.999]: P(v > 0.9) = log(0.1)/log(0.001)
  // = 2/3 and P(v > 0.99) = 1/3, where a linear range gives 0.1 and 0.009.
  const ParameterRange range =
      Continuous(0, 0.999, Scaling::kReverseLogarithmic);
  UnitSampler sampler(2);
  const int n = 30000;
  int above_09 = 0, above_099 = 0;
  for (int i = 0; i < n; ++i) {
    const double v = AsDouble(FromUnit(range, sampler.Next()));
    REQUIRE(v >= 0);
    REQUIRE(v <= 0.999);
    above_09 += v > 0.9;
    above_099 += v > 0.99;
  }
  CHECK(above_09 / double(n) == Approx(2.0 / 3).margin(0.02));
  CHECK(above_099 / double(n) == Approx(1.0 / 3).margin(0.02));
}

TEST_CASE("Linear integers are all reachable and equally likely") {
  struct Case {
    double min, max;
  };
  const Case cases[] = {{1, 5}, {-3, 3}, {28, 35}, {0, 1}};
  for (const Case& c : cases) {
    CAPTURE(c.min, c.max);
    const ParameterRange range = Integer(c.min, c.max, Scaling::kLinear);
    const int k = static_cast<int>(c.max - c.min) + 1;
    const int n = 10000 * k;
    std::map<int64_t, int> counts;
    UnitSampler sampler(3);
    for (int i = 0; i < n; ++i) {
      const ParameterValue v = FromUnit(range, sampler.Next());
      REQUIRE(std::holds_alternative<int64_t>(v));
      REQUIRE(AsInt(v) >= c.min);
      REQUIRE(AsInt(v) <= c.max);
      ++counts[AsInt(v)];
    }
    REQUIRE(counts.size() == static_cast<size_t>(k));
    // Expected 10000 each; the standard deviation is under 100.
    for (const auto& [value, count] : counts) {
      CAPTURE(value);
      CHECK(std::abs(count - 10000) < 500);
    }
  }
}

TEST_CASE("Integer bins: FromUnit(ToUnit(k)) == k and ToUnit increases") {
  const ParameterRange ranges[] = {
      Integer(-3, 7, Scaling::kLinear),
      Integer(1, 1000, Scaling::kLogarithmic),
      Integer(5, 6, Scaling::kLogarithmic),
      Integer(-5000, 5000, Scaling::kAuto),
  };
  for (const ParameterRange& range : ranges) {
    CAPTURE(range.min, range.max, static_cast<int>(range.scaling));
    double previous = -1;
    for (int64_t k = static_cast<int64_t>(range.min);
         k <= static_cast<int64_t>(range.max); ++k) {
      const double u = ToUnit(range, k);
      CAPTURE(k, u);
      REQUIRE(u > previous);
      REQUIRE(u < 1);
      previous = u;
      REQUIRE(FromUnit(range, u) == ParameterValue(k));
      // A double that rounds to k is treated as k.
      REQUIRE(ToUnit(range, static_cast<double>(k) + 0.2) == u);
    }
  }
}

TEST_CASE("Log integers favour small values as a log scale does") {
  // Bins are equal in log space over [0.5, 1000.5]: P(k <= 10) =
  // log(10.5 / 0.5) / log(1000.5 / 0.5).
  const ParameterRange range = Integer(1, 1000, Scaling::kLogarithmic);
  UnitSampler sampler(4);
  const int n = 30000;
  int small = 0;
  for (int i = 0; i < n; ++i) {
    const ParameterValue v = FromUnit(range, sampler.Next());
    REQUIRE(std::holds_alternative<int64_t>(v));
    REQUIRE(AsInt(v) >= 1);
    REQUIRE(AsInt(v) <= 1000);
    small += AsInt(v) <= 10;
  }
  const double expected = std::log(10.5 / 0.5) / std::log(1000.5 / 0.5);
  CHECK(small / double(n) == Approx(expected).margin(0.02));
}

TEST_CASE("Categorical values split the unit interval evenly") {
  const ParameterRange range = Categorical({"sgd", "nag", "adam"});
  struct Case {
    double u;
    const char* value;
  };
  const Case cases[] = {{0.0, "sgd"},  {0.33, "sgd"},  {0.34, "nag"},
                        {0.66, "nag"}, {0.67, "adam"}, {1.0, "adam"}};
  for (const Case& c : cases) {
    CAPTURE(c.u);
    CHECK(FromUnit(range, c.u) == ParameterValue(std::string(c.value)));
  }
  for (const std::string& value : range.values) {
    CAPTURE(value);
    CHECK(FromUnit(range, ToUnit(range, value)) == ParameterValue(value));
  }
  CHECK(ToUnit(range, std::string("nag")) == Approx(0.5));
}

TEST_CASE("ToUnit clamps out-of-range numbers and rejects foreign values") {
  const ParameterRange lin = Continuous(0, 10, Scaling::kLinear);
  CHECK(ToUnit(lin, -5.0) == 0.0);
  CHECK(ToUnit(lin, 50.0) == 1.0);
  CHECK(ToUnit(lin, int64_t{5}) == Approx(0.5));
  CHECK(std::isnan(ToUnit(lin, std::string("5"))));
  CHECK(std::isnan(ToUnit(lin, std::nan(""))));
  const ParameterRange ints = Integer(1, 4, Scaling::kLinear);
  CHECK(ToUnit(ints, int64_t{-7}) == Approx(0.125));
  CHECK(ToUnit(ints, int64_t{99}) == Approx(0.875));
  CHECK(std::isnan(ToUnit(ints, std::string("2"))));
  const ParameterRange numbers = Categorical({"0.5", "1", "x"});
  CHECK(ToUnit(numbers, 0.5) == Approx(0.5 / 3));  // matched as text "0.5"
  CHECK(ToUnit(numbers, int64_t{1}) == Approx(1.5 / 3));
  CHECK(std::isnan(ToUnit(numbers, std::string("y"))));
}

TEST_CASE("FromUnitPoint and ToUnitPoint work on whole points") {
  const std::vector<ParameterRange> ranges = {
      Continuous(1e-3, 1, Scaling::kLogarithmic),
      Integer(28, 35, Scaling::kLinear), Categorical({"sgd", "nag"})};
  // The names of the example spec.
  std::vector<ParameterRange> named = ranges;
  named[0].name = "lr";
  named[1].name = "epochs";
  named[2].name = "opt";
  const Parameters point = FromUnitPoint(named, {0.5, 0.99, 0.2});
  REQUIRE(point.size() == 3);
  CHECK(std::get<double>(point.at("lr")) == Approx(std::sqrt(1e-3)));
  CHECK(point.at("epochs") == ParameterValue(int64_t{35}));
  CHECK(point.at("opt") == ParameterValue(std::string("sgd")));

  const absl::StatusOr<std::vector<double>> unit = ToUnitPoint(named, point);
  REQUIRE(unit.ok());
  REQUIRE(unit->size() == 3);
  CHECK((*unit)[0] == Approx(0.5));
  CHECK((*unit)[1] == Approx(7.5 / 8));
  CHECK((*unit)[2] == Approx(0.25));

  // A short unit point reads the missing coordinate as 0.5.
  CHECK(FromUnitPoint(named, {0.0}).at("opt") ==
        ParameterValue(std::string("nag")));

  Parameters missing = point;
  missing.erase("epochs");
  const auto missing_result = ToUnitPoint(named, missing);
  REQUIRE_FALSE(missing_result.ok());
  CHECK(missing_result.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(std::string(missing_result.status().message()).rfind("epochs:", 0) ==
        0);

  Parameters foreign = point;
  foreign["opt"] = std::string("adam");
  const auto foreign_result = ToUnitPoint(named, foreign);
  REQUIRE_FALSE(foreign_result.ok());
  CHECK(std::string(foreign_result.status().message()).rfind("opt:", 0) == 0);
}

}  // namespace
}  // namespace tune::space
