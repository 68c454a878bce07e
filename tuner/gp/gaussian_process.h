// A Gaussian-process regression model: the posterior of a Matern-5/2 GP
// with a constant mean and Gaussian noise, given hyperparameters.
//
//   y_i = f(x_i) + e_i,  f ~ GP(c, k),  e_i ~ N(0, noise).
//
// GaussianProcess::Condition factors K + (noise + jitter) I once
// (cholesky.h); Predict then gives the posterior mean and variance of the
// latent f at new points. Cholesky failures are retried with a growing
// jitter on the diagonal (0, then 1e-10 ... kMaxRelativeJitter times the
// signal variance); the jitter used is reported by jitter(), and a failure
// at the largest jitter is an error, never a silent fallback.
// LogMarginalLikelihood gives log p(y | hyperparameters) and its gradient for
// hyperparameter_fit.h.
//
// Hyperparameters travel as a vector theta = Pack(h) = [log l_1..log l_d,
// log signal variance, log noise variance, mean].
//
// Example:
//   auto gp = GaussianProcess::Condition(kernel, h, points, targets, nullptr);
//   Eigen::VectorXd mean, variance;
//   gp->Predict(candidates, &mean, &variance);
//
// A GaussianProcess is immutable once made: safe to share between threads.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "absl/status/statusor.h"
#include "tuner/gp/cholesky.h"
#include "tuner/gp/kernel.h"

namespace tune::gp {

struct GpHyperparameters {
  KernelParameters kernel;
  double log_noise_variance = -4;
  double mean = 0;
};

// The length of Pack(h) for d coordinates: d + 3.
int NumHyperparameters(int dims);
Eigen::VectorXd Pack(const GpHyperparameters& h);
// Requires theta.size() >= 3.
GpHyperparameters Unpack(const Eigen::VectorXd& theta);

class GaussianProcess {
 public:
  // The largest jitter tried, relative to the signal variance.
  static constexpr double kMaxRelativeJitter = 1e-4;

  // Conditions the GP on the columns of `points` (dims x n, n >= 1) with
  // `targets`. `previous` may be null; otherwise its factor is reused for
  // the leading points it shares with `points` when the hyperparameters and
  // jitter are the same (the result is identical either way). Errors:
  // InvalidArgument for mismatched shapes or non-finite values;
  // FailedPrecondition when the factorization fails even with the largest
  // jitter.
  static absl::StatusOr<GaussianProcess> Condition(
      const Matern52Kernel& kernel, const GpHyperparameters& h,
      Eigen::MatrixXd points, Eigen::VectorXd targets,
      const GaussianProcess* previous);

  // Posterior mean and variance (of f, without noise; never below 0) at the
  // columns of `points`. When `whitened` is not null it receives
  // L^{-1} K(X, points), which kriging_believer.h builds on.
  void Predict(const Eigen::Ref<const Eigen::MatrixXd>& points,
               Eigen::VectorXd* mean, Eigen::VectorXd* variance,
               Eigen::MatrixXd* whitened = nullptr) const;

  const Matern52Kernel& kernel() const { return kernel_; }
  const GpHyperparameters& hyperparameters() const { return h_; }
  const Eigen::MatrixXd& points() const { return points_; }
  const Eigen::VectorXd& targets() const { return targets_; }
  const BlockCholesky& factor() const { return factor_; }
  // K^{-1} (y - mean).
  const Eigen::VectorXd& alpha() const { return alpha_; }
  // The jitter added to the diagonal (absolute), 0 when none was needed.
  double jitter() const { return jitter_; }
  // Noise variance plus jitter: the diagonal term of the factored matrix.
  double diagonal_noise() const;
  double signal_variance() const;

 private:
  GaussianProcess(const Matern52Kernel& kernel) : kernel_(kernel) {}

  Matern52Kernel kernel_;
  GpHyperparameters h_;
  Eigen::MatrixXd points_;
  Eigen::VectorXd targets_;
  BlockCholesky factor_;
  Eigen::VectorXd alpha_;
  double jitter_ = 0;
};

// log p(targets | h) for the points whose PairwiseDistances are `distances`
// (no jitter). When `gradient` is not null it receives d/dtheta in Pack
// order. Errors: FailedPrecondition when K + noise I is not numerically
// positive definite.
absl::StatusOr<double> LogMarginalLikelihood(
    const Matern52Kernel& kernel, const std::vector<Eigen::MatrixXd>& distances,
    const Eigen::VectorXd& targets, const GpHyperparameters& h,
    Eigen::VectorXd* gradient);

}  // namespace tune::gp
