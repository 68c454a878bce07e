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

double Compress(double z) {
  return z <= OutputWarp::kKnee ? z
                                : OutputWarp::kKnee + std::log(z / OutputWarp::kKnee);
}

double Expand(double c) {
  // exp(709) is about the largest double.
  return c <= OutputWarp::kKnee
             ? c
             : OutputWarp::kKnee * std::exp(std::min(c - OutputWarp::kKnee, 700.0));
}

}  // namespace

OutputWarp OutputWarp::Fit(const std::vector<double>& values) {
  std::vector<double> sorted;
  for (double v : values) {
    if (std::isfinite(v)) sorted.push_back(v);
  }
  OutputWarp warp;
  if (sorted.empty()) return warp;
  std::sort(sorted.begin(), sorted.end());
  const double n = static_cast<double>(sorted.size());

  warp.centre_ = Quantile(sorted, 0.5);
  double scale = (Quantile(sorted, 0.75) - Quantile(sorted, 0.25)) / 1.349;
  if (!(scale > 0)) {
    double mean = 0;
    for (double v : sorted) mean += v;
    mean /= n;
    double sum_squares = 0;
    for (double v : sorted) sum_squares += (v - mean) * (v - mean);
    scale = std::sqrt(sum_squares / n);
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
  return (Compress((value - centre_) / scale_) - mean_) / stddev_;
}

double OutputWarp::Inverse(double target) const {
  return centre_ + scale_ * Expand(target * stddev_ + mean_);
}

}  // namespace tune::gp
