#include "tuner/gp/gaussian_process.h"

#include <Eigen/Cholesky>
#include <cmath>
#include <numbers>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace tune::gp {
namespace {

bool SameHyperparameters(const GpHyperparameters& a,
                         const GpHyperparameters& b) {
  return a.kernel.log_lengthscales.size() == b.kernel.log_lengthscales.size() &&
         a.kernel.log_lengthscales == b.kernel.log_lengthscales &&
         a.kernel.log_signal_variance == b.kernel.log_signal_variance &&
         a.log_noise_variance == b.log_noise_variance;
}

// How many leading columns of a and b are equal.
Eigen::Index SharedColumns(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  if (a.rows() != b.rows()) return 0;
  const Eigen::Index n = std::min(a.cols(), b.cols());
  Eigen::Index i = 0;
  while (i < n && a.col(i) == b.col(i)) ++i;
  return i;
}

}  // namespace

int NumHyperparameters(int dims) { return dims + 3; }

Eigen::VectorXd Pack(const GpHyperparameters& h) {
  const Eigen::Index d = h.kernel.log_lengthscales.size();
  Eigen::VectorXd theta(d + 3);
  theta.head(d) = h.kernel.log_lengthscales;
  theta(d) = h.kernel.log_signal_variance;
  theta(d + 1) = h.log_noise_variance;
  theta(d + 2) = h.mean;
  return theta;
}

GpHyperparameters Unpack(const Eigen::VectorXd& theta) {
  const Eigen::Index d = theta.size() - 3;
  GpHyperparameters h;
  h.kernel.log_lengthscales = theta.head(d);
  h.kernel.log_signal_variance = theta(d);
  h.log_noise_variance = theta(d + 1);
  h.mean = theta(d + 2);
  return h;
}

double GaussianProcess::diagonal_noise() const {
  return std::exp(h_.log_noise_variance) + jitter_;
}

double GaussianProcess::signal_variance() const {
  return std::exp(h_.kernel.log_signal_variance);
}

absl::StatusOr<GaussianProcess> GaussianProcess::Condition(
    const Matern52Kernel& kernel, const GpHyperparameters& h,
    Eigen::MatrixXd points, Eigen::VectorXd targets,
    const GaussianProcess* previous) {
  const Eigen::Index n = points.cols();
  if (n < 1 || points.rows() != kernel.dims() || targets.size() != n ||
      h.kernel.log_lengthscales.size() != kernel.dims()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "GP conditioning needs dims x n points and n targets (got ",
        points.rows(), " x ", n, " points, ", targets.size(), " targets, ",
        kernel.dims(), " dims)"));
  }
  if (!points.allFinite() || !targets.allFinite() || !Pack(h).allFinite()) {
    return absl::InvalidArgumentError("GP inputs must be finite");
  }
  GaussianProcess gp(kernel);
  gp.h_ = h;
  gp.points_ = std::move(points);
  gp.targets_ = std::move(targets);

  const double noise = std::exp(h.log_noise_variance);
  const double s2 = std::exp(h.kernel.log_signal_variance);
  Eigen::Index shared = 0;
  if (previous != nullptr && SameHyperparameters(previous->h_, h)) {
    shared = SharedColumns(previous->points_, gp.points_);
  }
  absl::Status last_error;
  constexpr double kLadder[] = {0,    1e-10, 1e-9, 1e-8,
                                1e-7, 1e-6,  1e-5, kMaxRelativeJitter};
  for (double relative : kLadder) {
    const double jitter = relative * s2;
    const GaussianProcess& self = gp;
    auto rows = [&](Eigen::Index begin, Eigen::Index end) {
      Eigen::MatrixXd block = self.kernel_.Cross(
          self.h_.kernel, self.points_.middleCols(begin, end - begin),
          self.points_.leftCols(end));
      for (Eigen::Index i = begin; i < end; ++i) {
        block(i - begin, i) += noise + jitter;
      }
      return block;
    };
    const bool reuse = previous != nullptr && previous->jitter_ == jitter;
    absl::StatusOr<BlockCholesky> factor = BlockCholesky::Factor(
        n, rows, reuse ? &previous->factor_ : nullptr, reuse ? shared : 0);
    if (factor.ok()) {
      gp.factor_ = *std::move(factor);
      gp.jitter_ = jitter;
      gp.alpha_ = gp.targets_.array() - h.mean;
      const auto l = gp.factor_.lower().triangularView<Eigen::Lower>();
      l.solveInPlace(gp.alpha_);
      l.transpose().solveInPlace(gp.alpha_);
      return gp;
    }
    last_error = factor.status();
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "GP covariance is singular even with jitter ", kMaxRelativeJitter,
      " times the signal variance: ", last_error.message()));
}

void GaussianProcess::Predict(const Eigen::Ref<const Eigen::MatrixXd>& points,
                              Eigen::VectorXd* mean, Eigen::VectorXd* variance,
                              Eigen::MatrixXd* whitened) const {
  Eigen::MatrixXd cross = kernel_.Cross(h_.kernel, points_, points);
  *mean = (cross.transpose() * alpha_).array() + h_.mean;
  factor_.lower().triangularView<Eigen::Lower>().solveInPlace(cross);
  *variance = (signal_variance() - cross.colwise().squaredNorm().array())
                  .max(0.0)
                  .matrix()
                  .transpose();
  if (whitened != nullptr) *whitened = std::move(cross);
}

absl::StatusOr<double> LogMarginalLikelihood(
    const Matern52Kernel& kernel, const std::vector<Eigen::MatrixXd>& distances,
    const Eigen::VectorXd& targets, const GpHyperparameters& h,
    Eigen::VectorXd* gradient) {
  const int d = kernel.dims();
  const Eigen::Index n = targets.size();
  Eigen::MatrixXd slope;
  Eigen::MatrixXd k = kernel.GramAndSlope(distances, h.kernel, &slope);
  const double noise = std::exp(h.log_noise_variance);
  k.diagonal().array() += noise;
  const Eigen::LLT<Eigen::MatrixXd> llt(k);
  if (llt.info() != Eigen::Success) {
    return absl::FailedPreconditionError(
        "covariance is not numerically positive definite");
  }
  const Eigen::VectorXd residual = targets.array() - h.mean;
  const Eigen::VectorXd alpha = llt.solve(residual);
  const double log_det = 2.0 * llt.matrixLLT().diagonal().array().log().sum();
  const double value =
      -0.5 * residual.dot(alpha) - 0.5 * log_det -
      0.5 * static_cast<double>(n) * std::log(2.0 * std::numbers::pi);
  if (!std::isfinite(value)) {
    return absl::FailedPreconditionError(
        "log marginal likelihood is not finite");
  }
  if (gradient != nullptr) {
    // dL/dtheta = 1/2 tr(W dK/dtheta) with W = alpha alpha^T - K^{-1};
    // dK/dlog l_j = slope .* D_j / l_j^2 (kernel.h), dK/dlog s2 = K - noise I.
    Eigen::MatrixXd w = Eigen::MatrixXd::Identity(n, n);
    llt.solveInPlace(w);
    w = alpha * alpha.transpose() - w;
    gradient->resize(NumHyperparameters(d));
    const Eigen::MatrixXd weighted = w.cwiseProduct(slope);
    for (int j = 0; j < d; ++j) {
      (*gradient)(j) = 0.5 * std::exp(-2.0 * h.kernel.log_lengthscales(j)) *
                       weighted.cwiseProduct(distances[j]).sum();
    }
    (*gradient)(d) = 0.5 * (w.cwiseProduct(k).sum() - noise * w.trace());
    (*gradient)(d + 1) = 0.5 * noise * w.trace();
    (*gradient)(d + 2) = alpha.sum();
  }
  return value;
}

}  // namespace tune::gp
