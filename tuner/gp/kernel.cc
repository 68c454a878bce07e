#include "tuner/gp/kernel.h"

#include <cmath>
#include <utility>

namespace tune::gp {
namespace {

constexpr double kSqrt5 = 2.2360679774997896964;

// k and g (see the header) at squared distance s, for signal variance s2.
struct Radial {
  double value;
  double slope;
};

Radial Matern52(double s, double s2) {
  const double r = std::sqrt(s > 0 ? s : 0.0);
  const double e = s2 * std::exp(-kSqrt5 * r);
  return {(1.0 + kSqrt5 * r + (5.0 / 3.0) * s) * e,
          (5.0 / 3.0) * (1.0 + kSqrt5 * r) * e};
}

}  // namespace

Matern52Kernel::Matern52Kernel(std::vector<InputKind> kinds)
    : kinds_(std::move(kinds)) {}

double Matern52Kernel::Value(const KernelParameters& p,
                             const Eigen::Ref<const Eigen::VectorXd>& a,
                             const Eigen::Ref<const Eigen::VectorXd>& b) const {
  double s = 0;
  for (int j = 0; j < dims(); ++j) {
    const double inv = std::exp(-2.0 * p.log_lengthscales(j));
    if (kinds_[j] == InputKind::kCategorical) {
      if (a(j) != b(j)) s += inv;
    } else {
      const double diff = a(j) - b(j);
      s += diff * diff * inv;
    }
  }
  return Matern52(s, std::exp(p.log_signal_variance)).value;
}

Eigen::MatrixXd Matern52Kernel::Cross(
    const KernelParameters& p, const Eigen::Ref<const Eigen::MatrixXd>& a,
    const Eigen::Ref<const Eigen::MatrixXd>& b) const {
  const int d = dims();
  const Eigen::VectorXd inv_lengthscale = (-p.log_lengthscales).array().exp();
  // Numeric coordinates scaled by 1/l, so that r^2 is a plain squared norm.
  Eigen::MatrixXd as = a;
  Eigen::MatrixXd bs = b;
  for (int j = 0; j < d; ++j) {
    if (kinds_[j] == InputKind::kNumeric) {
      as.row(j) *= inv_lengthscale(j);
      bs.row(j) *= inv_lengthscale(j);
    }
  }
  const double s2 = std::exp(p.log_signal_variance);
  Eigen::MatrixXd result(a.cols(), b.cols());
  for (Eigen::Index col = 0; col < b.cols(); ++col) {
    const double* y = bs.col(col).data();
    for (Eigen::Index row = 0; row < a.cols(); ++row) {
      const double* x = as.col(row).data();
      double s = 0;
      for (int j = 0; j < d; ++j) {
        if (kinds_[j] == InputKind::kNumeric) {
          const double diff = x[j] - y[j];
          s += diff * diff;
        } else if (x[j] != y[j]) {
          s += inv_lengthscale(j) * inv_lengthscale(j);
        }
      }
      result(row, col) = Matern52(s, s2).value;
    }
  }
  return result;
}

void Matern52Kernel::CrossWithGradient(
    const KernelParameters& p, const Eigen::Ref<const Eigen::MatrixXd>& a,
    const Eigen::Ref<const Eigen::VectorXd>& x, Eigen::VectorXd* values,
    Eigen::MatrixXd* gradient) const {
  const int d = dims();
  const Eigen::VectorXd inv_sq = (-2.0 * p.log_lengthscales).array().exp();
  const double s2 = std::exp(p.log_signal_variance);
  values->resize(a.cols());
  if (gradient != nullptr) gradient->setZero(d, a.cols());
  for (Eigen::Index i = 0; i < a.cols(); ++i) {
    double s = 0;
    for (int j = 0; j < d; ++j) {
      if (kinds_[j] == InputKind::kNumeric) {
        const double diff = x(j) - a(j, i);
        s += diff * diff * inv_sq(j);
      } else if (x(j) != a(j, i)) {
        s += inv_sq(j);
      }
    }
    const Radial radial = Matern52(s, s2);
    (*values)(i) = radial.value;
    if (gradient == nullptr) continue;
    for (int j = 0; j < d; ++j) {
      if (kinds_[j] == InputKind::kNumeric) {
        (*gradient)(j, i) = -radial.slope * (x(j) - a(j, i)) * inv_sq(j);
      }
    }
  }
}

std::vector<Eigen::MatrixXd> Matern52Kernel::PairwiseDistances(
    const Eigen::Ref<const Eigen::MatrixXd>& points) const {
  const Eigen::Index n = points.cols();
  std::vector<Eigen::MatrixXd> distances;
  distances.reserve(dims());
  for (int j = 0; j < dims(); ++j) {
    Eigen::MatrixXd dj(n, n);
    for (Eigen::Index col = 0; col < n; ++col) {
      for (Eigen::Index row = 0; row < n; ++row) {
        const double a = points(j, row);
        const double b = points(j, col);
        dj(row, col) = kinds_[j] == InputKind::kNumeric ? (a - b) * (a - b)
                                                        : (a != b ? 1.0 : 0.0);
      }
    }
    distances.push_back(std::move(dj));
  }
  return distances;
}

Eigen::MatrixXd Matern52Kernel::GramAndSlope(
    const std::vector<Eigen::MatrixXd>& distances, const KernelParameters& p,
    Eigen::MatrixXd* slope) const {
  const Eigen::Index n = distances.empty() ? 0 : distances[0].rows();
  const Eigen::VectorXd inv_sq = (-2.0 * p.log_lengthscales).array().exp();
  Eigen::MatrixXd s = Eigen::MatrixXd::Zero(n, n);
  for (int j = 0; j < dims(); ++j) s += inv_sq(j) * distances[j];
  const double s2 = std::exp(p.log_signal_variance);
  Eigen::MatrixXd gram(n, n);
  slope->resize(n, n);
  for (Eigen::Index col = 0; col < n; ++col) {
    for (Eigen::Index row = 0; row < n; ++row) {
      const Radial radial = Matern52(s(row, col), s2);
      gram(row, col) = radial.value;
      (*slope)(row, col) = radial.slope;
    }
  }
  return gram;
}

Eigen::MatrixXd Matern52Kernel::Gram(
    const std::vector<Eigen::MatrixXd>& distances, const KernelParameters& p,
    std::vector<Eigen::MatrixXd>* gradients) const {
  Eigen::MatrixXd slope;
  Eigen::MatrixXd gram = GramAndSlope(distances, p, &slope);
  if (gradients != nullptr) {
    gradients->clear();
    gradients->reserve(dims() + 1);
    for (int j = 0; j < dims(); ++j) {
      gradients->push_back((slope.array() * distances[j].array() *
                            std::exp(-2.0 * p.log_lengthscales(j)))
                               .matrix());
    }
    gradients->push_back(gram);
  }
  return gram;
}

}  // namespace tune::gp
