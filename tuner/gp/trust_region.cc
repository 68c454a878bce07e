#include "tuner/gp/trust_region.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace tune::gp {

double TrustRegion::RadiusFor(int observed, int numeric_dims) {
  return kMinRadius + kMaxGrowth * std::max(observed, 0) /
                          (kPointsPerDimension * (numeric_dims + 1));
}

TrustRegion::TrustRegion(Eigen::MatrixXd centres, int observed,
                         const InputTransform& transform)
    : centres_(std::move(centres)), dims_(transform.dims()) {
  for (int j = 0; j < dims_; ++j) {
    if (transform.kinds()[j] == InputKind::kNumeric) numeric_.push_back(j);
  }
  radius_ = RadiusFor(observed, static_cast<int>(numeric_.size()));
  if (centres_.cols() == 0 || centres_.rows() != dims_) radius_ = 1.0;
}

int TrustRegion::Nearest(const Eigen::Ref<const Eigen::VectorXd>& x,
                         double* distance) const {
  *distance = 0;
  if (unlimited()) return -1;
  int nearest = -1;
  double best = std::numeric_limits<double>::infinity();
  for (Eigen::Index c = 0; c < centres_.cols(); ++c) {
    double d = 0;
    for (int j : numeric_) d = std::max(d, std::abs(x(j) - centres_(j, c)));
    if (d < best) {
      best = d;
      nearest = static_cast<int>(c);
    }
  }
  *distance = best;
  return nearest;
}

double TrustRegion::Distance(const Eigen::Ref<const Eigen::VectorXd>& x) const {
  double distance = 0;
  Nearest(x, &distance);
  return distance;
}

TrustRegion::Box TrustRegion::BoxAround(
    const Eigen::Ref<const Eigen::VectorXd>& x) const {
  Box box{Eigen::VectorXd::Zero(x.size()), Eigen::VectorXd::Ones(x.size())};
  double distance = 0;
  const int c = Nearest(x, &distance);
  if (c < 0) return box;
  for (int j : numeric_) {
    box.lower(j) = std::max(0.0, centres_(j, c) - radius_);
    box.upper(j) = std::min(1.0, centres_(j, c) + radius_);
  }
  return box;
}

}  // namespace tune::gp
