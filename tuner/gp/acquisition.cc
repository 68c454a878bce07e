#include "tuner/gp/acquisition.h"

#include <cmath>
#include <limits>
#include <numbers>

namespace tune::gp {
namespace {

constexpr double kInvSqrt2 = 0.70710678118654752440;
// log(2 pi) / 2 and log(pi / 2) / 2.
constexpr double kC1 = 0.91893853320467274178;
constexpr double kC2 = 0.22579135264472743236;

// log(1 - exp(x)) for x < 0 (Maechler, "Accurately computing log(1 -
// exp(-|a|))", 2012).
double Log1mExp(double x) {
  return x > -std::numbers::ln2 ? std::log(-std::expm1(x))
                                : std::log1p(-std::exp(x));
}

double NormalCdf(double z) { return 0.5 * std::erfc(-z * kInvSqrt2); }

double NormalPdf(double z) { return std::exp(-0.5 * z * z - kC1); }

}  // namespace

double Erfcx(double x) {
  if (x < 26.0) {
    if (x < -26.6) return std::numeric_limits<double>::infinity();
    return std::exp(x * x) * std::erfc(x);
  }
  // Asymptotic series 1/(x sqrt(pi)) sum_k (-1)^k (2k-1)!! / (2x^2)^k; at
  // x >= 26 the terms after k = 5 are below 1e-16 of the sum.
  const double t = 1.0 / (2.0 * x * x);
  double term = 1.0;
  double sum = 1.0;
  for (int k = 1; k <= 6; ++k) {
    term *= -(2.0 * k - 1.0) * t;
    sum += term;
  }
  return sum / (x * std::sqrt(std::numbers::pi));
}

double LogH(double z) {
  if (z > -1.0) return std::log(NormalPdf(z) + z * NormalCdf(z));
  static const double kThreshold =
      -1.0 / std::sqrt(std::numeric_limits<double>::epsilon());
  if (z > kThreshold) {
    return -0.5 * z * z - kC1 +
           Log1mExp(std::log(Erfcx(-z * kInvSqrt2) * -z) + kC2);
  }
  return -0.5 * z * z - kC1 - 2.0 * std::log(-z);
}

double LogHDerivative(double z) {
  if (z > -1.0) return NormalCdf(z) / (NormalPdf(z) + z * NormalCdf(z));
  // log NormalCdf(z) = log(erfcx(-z/sqrt 2) / 2) - z^2/2.
  const double log_phi_cdf =
      std::log(0.5 * Erfcx(-z * kInvSqrt2)) - 0.5 * z * z;
  return std::exp(log_phi_cdf - LogH(z));
}

LogEi LogExpectedImprovement(double mean, double stddev, double best) {
  const double z = (best - mean) / stddev;
  const double slope = LogHDerivative(z);
  LogEi out;
  out.value = LogH(z) + std::log(stddev);
  out.d_mean = -slope / stddev;
  out.d_stddev = (1.0 - slope * z) / stddev;
  return out;
}

}  // namespace tune::gp
