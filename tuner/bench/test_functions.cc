#include "tuner/bench/test_functions.h"

#include <cmath>
#include <numbers>

namespace tune::bench {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kTwoPi = 2 * std::numbers::pi;

constexpr double kHartmannAlpha[4] = {1.0, 1.2, 3.0, 3.2};
constexpr double kHartmannA[4][6] = {
    {10, 3, 17, 3.5, 1.7, 8},
    {0.05, 10, 17, 0.1, 8, 14},
    {3, 3.5, 1.7, 10, 17, 8},
    {17, 8, 0.05, 10, 0.1, 14},
};
// Multiplied by 1e-4 when used.
constexpr double kHartmannP[4][6] = {
    {1312, 1696, 5569, 124, 8283, 5886},
    {2329, 4135, 8307, 3736, 1004, 9991},
    {2348, 1451, 3522, 2883, 3047, 6650},
    {4047, 8828, 8732, 5743, 1091, 381},
};

}  // namespace

double Branin(const std::vector<double>& x) {
  const double b = 5.1 / (4 * kPi * kPi);
  const double c = 5 / kPi;
  const double t = 1 / (8 * kPi);
  const double inner = x[1] - b * x[0] * x[0] + c * x[0] - 6;
  return inner * inner + 10 * (1 - t) * std::cos(x[0]) + 10;
}

double Hartmann6(const std::vector<double>& x) {
  double total = 0;
  for (int i = 0; i < 4; ++i) {
    double exponent = 0;
    for (int j = 0; j < 6; ++j) {
      const double d = x[j] - kHartmannP[i][j] * 1e-4;
      exponent += kHartmannA[i][j] * d * d;
    }
    total += kHartmannAlpha[i] * std::exp(-exponent);
  }
  return -total;
}

double Ackley(const std::vector<double>& x) {
  double squares = 0;
  double cosines = 0;
  for (double v : x) {
    squares += v * v;
    cosines += std::cos(kTwoPi * v);
  }
  const double n = static_cast<double>(x.size());
  return -20 * std::exp(-0.2 * std::sqrt(squares / n)) -
         std::exp(cosines / n) + 20 + std::numbers::e;
}

double Rosenbrock(const std::vector<double>& x) {
  double total = 0;
  for (size_t i = 0; i + 1 < x.size(); ++i) {
    const double a = x[i + 1] - x[i] * x[i];
    const double b = 1 - x[i];
    total += 100 * a * a + b * b;
  }
  return total;
}

double TwoBasins(const std::vector<double>& x) {
  constexpr double kWide[] = {0.25, 0.3, 0.25};
  constexpr double kNarrow[] = {0.8, 0.75, 0.85};
  double wide = 0;
  double narrow = 0;
  for (int j = 0; j < 3; ++j) {
    const double dw = x[j] - kWide[j];
    const double dn = x[j] - kNarrow[j];
    wide += dw * dw;
    narrow += dn * dn;
  }
  return -(std::exp(-wide / (2 * 0.25 * 0.25)) +
           1.5 * std::exp(-narrow / (2 * 0.08 * 0.08)));
}

}  // namespace tune::bench
