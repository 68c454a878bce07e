#include "tuner/gp/acquisition.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <numbers>

namespace tune::gp {
namespace {

double NaiveH(double z) {
  const double pdf = std::exp(-0.5 * z * z) / std::sqrt(2 * std::numbers::pi);
  const double cdf = 0.5 * std::erfc(-z / std::sqrt(2.0));
  return pdf + z * cdf;
}

TEST_CASE("LogH equals log h where h is moderate") {
  for (double z = -8.0; z <= 6.0; z += 0.25) {
    CAPTURE(z);
    CHECK(LogH(z) == Approx(std::log(NaiveH(z))).epsilon(1e-9));
  }
}

TEST_CASE("LogH is finite and increasing far below the incumbent") {
  double previous = -std::numeric_limits<double>::infinity();
  for (double z = -40.0; z <= 5.0; z += 0.01) {
    const double value = LogH(z);
    CAPTURE(z);
    REQUIRE(std::isfinite(value));
    CHECK(value > previous);
    previous = value;
  }
  // Where naive h underflows to 0, log h follows the asymptotic series
  // h(z) = phi(z) / z^2 (1 - 3/z^2 + 15/z^4 - 105/z^6 + ...).
  CHECK(NaiveH(-40) == 0.0);
  const double z2 = 1600.0;
  const double asymptote =
      -800.0 - 0.5 * std::log(2 * std::numbers::pi) - 2 * std::log(40.0) +
      std::log(1 - 3 / z2 + 15 / (z2 * z2) - 105 / (z2 * z2 * z2));
  CHECK(LogH(-40) == Approx(asymptote).epsilon(1e-10));
  CHECK(std::isfinite(LogH(-1e5)));
  CHECK(std::isfinite(LogH(-1e10)));
  CHECK(LogH(-1e10) < LogH(-1e5));
}

TEST_CASE("LogH's derivative matches finite differences") {
  for (double z : {-35.0, -12.0, -3.0, -1.0001, -0.9999, -0.5, 0.0, 1.5, 8.0}) {
    CAPTURE(z);
    const double step = 1e-5 * std::max(1.0, std::abs(z));
    const double numeric = (LogH(z + step) - LogH(z - step)) / (2 * step);
    CHECK(LogHDerivative(z) == Approx(numeric).epsilon(1e-6));
    CHECK(LogHDerivative(z) > 0);
  }
}

TEST_CASE("Erfcx agrees with SciPy on both sides of its change of method") {
  // scipy.special.erfcx (SciPy 1.10, Debian's python3-scipy).
  struct Case {
    double x;
    double expected;
  };
  const Case cases[] = {{0.0, 1.0},
                        {1.0, 0.427583576155807},
                        {5.0, 0.11070463773306861},
                        {25.5, 0.022108108052519827},
                        {26.0, 0.02168358485056291},
                        {30.0, 0.018795888861416754},
                        {100.0, 0.005641613782989433}};
  for (const Case& c : cases) {
    CAPTURE(c.x);
    CHECK(Erfcx(c.x) == Approx(c.expected).epsilon(1e-13));
  }
  // erfcx(x) ~ 1 / (x sqrt(pi)) far out.
  CHECK(Erfcx(1e6) * 1e6 * std::sqrt(std::numbers::pi) ==
        Approx(1.0).epsilon(1e-11));
}

TEST_CASE("Log EI and its gradient") {
  // EI of a minimization at mean 1, sd 0.5, best 0.8.
  const double z = (0.8 - 1.0) / 0.5;
  const LogEi ei = LogExpectedImprovement(1.0, 0.5, 0.8);
  CHECK(ei.value == Approx(std::log(0.5 * NaiveH(z))).epsilon(1e-12));
  constexpr double kStep = 1e-6;
  CHECK(ei.d_mean ==
        Approx((LogExpectedImprovement(1.0 + kStep, 0.5, 0.8).value -
                LogExpectedImprovement(1.0 - kStep, 0.5, 0.8).value) /
               (2 * kStep))
            .epsilon(1e-6));
  CHECK(ei.d_stddev ==
        Approx((LogExpectedImprovement(1.0, 0.5 + kStep, 0.8).value -
                LogExpectedImprovement(1.0, 0.5 - kStep, 0.8).value) /
               (2 * kStep))
            .epsilon(1e-6));
  CHECK(ei.d_mean < 0);    // a lower mean is better
  CHECK(ei.d_stddev > 0);  // more uncertainty is better
}

}  // namespace
}  // namespace tune::gp
