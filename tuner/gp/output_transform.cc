#include "tuner/gp/output_transform.h"

#include <algorithm>
#include <cmath>

namespace tune::gp {
namespace {

// Quantile q of sorted values by linear interpolation.
double Quantile(const std::vector<double>& sorted, double q) {
  const double position = q * static_cast<double>(sorted.size() - 1);
  const size_t below = static_cast<size_t>(std::floor(position));
  const size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + fraction * (sorted[above] - sorted[below]);
}

// Beyond this |z| the logarithm is taken of the bound (z itself could be
// infinite when values span more than the double range).
constexpr double kMaxAbsZ = 1e300;

double Compress(double z) {
  constexpr double bad = OutputWarp::kBadKnee;
  constexpr double good = OutputWarp::kGoodKnee;
  z = std::clamp(z, -kMaxAbsZ, kMaxAbsZ);
  if (z > bad) return bad + std::log(z / bad);
  if (z < -good) return -good - std::log(-z / good);
  return z;
}

double Expand(double c) {
  constexpr double bad = OutputWarp::kBadKnee;
  constexpr double good = OutputWarp::kGoodKnee;
  // exp(709) is about the largest double.
  if (c > bad) return bad * std::exp(std::min(c - bad, 700.0));
  if (c < -good) return -good * std::exp(std::min(-c - good, 700.0));
  return c;
}

}  // namespace

OutputWarp OutputWarp::Fit(const std::vector<double>& values) {
  std::vector<double> sorted;
  for (double v : values) {
    if (std::isfinite(v)) sorted.push_back(v);
  }
  OutputWarp warp;
  if (sorted.empty()) return warp;
  warp.compress_ = true;
  std::sort(sorted.begin(), sorted.end());
  const double n = static_cast<double>(sorted.size());

  warp.centre_ = Quantile(sorted, 0.5);
  // Median absolute deviation, scaled to a normal's standard deviation.
  std::vector<double> deviations;
  deviations.reserve(sorted.size());
  for (double v : sorted) deviations.push_back(std::abs(v - warp.centre_));
  std::sort(deviations.begin(), deviations.end());
  double scale = 1.4826 * Quantile(deviations, 0.5);
  if (!(scale > 0) || !std::isfinite(scale)) {
    // Mean absolute deviation, scaled to a normal's standard deviation.
    double sum = 0;
    for (double v : sorted) sum += std::abs(v / n - warp.centre_ / n);
    scale = 1.2533141373155003 * sum;
  }
  warp.scale_ = scale > 0 && std::isfinite(scale) ? scale : 1.0;

  double mean = 0;
  for (double v : sorted) mean += Compress((v - warp.centre_) / warp.scale_);
  mean /= n;
  double sum_squares = 0;
  for (double v : sorted) {
    const double c = Compress((v - warp.centre_) / warp.scale_) - mean;
    sum_squares += c * c;
  }
  const double stddev = std::sqrt(sum_squares / n);
  warp.mean_ = mean;
  warp.stddev_ = stddev > 0 && std::isfinite(stddev) ? stddev : 1.0;
  return warp;
}

double OutputWarp::Forward(double value) const {
  if (!compress_) return value;
  return (Compress((value - centre_) / scale_) - mean_) / stddev_;
}

double OutputWarp::Inverse(double target) const {
  if (!compress_) return target;
  return centre_ + scale_ * Expand(target * stddev_ + mean_);
}

}  // namespace tune::gp
