#include "tuner/space/parameter_value.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>

namespace tune::space {
namespace {

TEST_CASE("FormatValue writes values as a trainer reads them") {
  struct Case {
    ParameterValue value;
    std::string text;
  };
  const Case cases[] = {
      {0.1, "0.1"},
      {1.0, "1"},
      {-2.5, "-2.5"},
      {1e-5, "1e-05"},
      {0.3, "0.3"},
      {0.1 + 0.2, "0.30000000000000004"},  // needs all 17 digits
      {1.0 / 3.0, "0.3333333333333333"},   // 16 digits suffice
      {0.65, "0.65"},
      {1e300, "1e+300"},
      {int64_t{0}, "0"},
      {int64_t{-42}, "-42"},
      {std::numeric_limits<int64_t>::max(), "9223372036854775807"},
      {std::string("sgd"), "sgd"},
      {std::string(""), ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(FormatValue(c.value) == c.text);
  }
}

std::string Printf(int precision, double x) {
  char buffer[400];  // %g of any double fits
  std::snprintf(buffer, sizeof(buffer), "%.*g", precision, x);
  return buffer;
}

TEST_CASE("FormatValue's doubles read back exactly and are shortest") {
  // A spread of doubles, including ones that need 15, 16 and 17 digits.
  double x = 1e-7;
  for (int i = 0; i < 2000; ++i) {
    x = x * 1.0137 + 1e-9;
    const std::string text = FormatValue(x);
    CAPTURE(x, text);
    REQUIRE(std::strtod(text.c_str(), nullptr) == x);
    // The text is %.15g, %.16g or %.17g, whichever is the first to read back.
    int used = 0;
    for (int precision = 17; precision >= 15; --precision) {
      if (Printf(precision, x) == text) used = precision;
    }
    REQUIRE(used != 0);
    if (used > 15)
      CHECK(std::strtod(Printf(used - 1, x).c_str(), nullptr) != x);
  }
}

}  // namespace
}  // namespace tune::space
