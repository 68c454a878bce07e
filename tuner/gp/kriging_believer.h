// A GP that also accounts for pending points: the kriging believer.
//
// Trials that are running, and the earlier points of a batch being
// suggested, have no value yet. The kriging believer (Ginsbourger, Le Riche
// and Carraro 2010) pretends each was observed at the model's own posterior
// mean there. Such a fantasy leaves the posterior mean unchanged everywhere
// and shrinks the variance near the pending point, so expected improvement
// drops there and the next suggestion goes elsewhere: a batch spreads out.
// Each pending point extends the Cholesky factor by one row (O(n) memory,
// O(n^2) time); the base GP is not copied.
//
// Example:
//   KrigingBeliever believer(&gp);
//   believer.AddPending(x_running);
//   believer.Predict(candidates, &mean, &variance);
//
// Holds a pointer to the GaussianProcess, which must outlive it. Not
// thread-safe for AddPending; const methods may run concurrently.
#pragma once

#include <Eigen/Core>

#include "tuner/gp/gaussian_process.h"

namespace tune::gp {

class KrigingBeliever {
 public:
  struct PointPrediction {
    double mean = 0;
    double variance = 0;
    Eigen::VectorXd mean_gradient;      // d mean / dx
    Eigen::VectorXd variance_gradient;  // d variance / dx
  };

  // The noise of a believed observation, relative to the signal variance.
  static constexpr double kPendingRelativeNoise = 1e-6;

  explicit KrigingBeliever(const GaussianProcess* model);

  // Conditions on `x` (a dims vector) at the posterior mean, which it
  // returns: the believed value.
  double AddPending(const Eigen::Ref<const Eigen::VectorXd>& x);

  // Mean and variance of f at the columns of `points`.
  void Predict(const Eigen::Ref<const Eigen::MatrixXd>& points,
               Eigen::VectorXd* mean, Eigen::VectorXd* variance) const;

  // Mean and variance at one point with their gradients in x (0 in
  // categorical coordinates, and for the variance where it is clamped at 0).
  PointPrediction PredictWithGradient(
      const Eigen::Ref<const Eigen::VectorXd>& x) const;

  const GaussianProcess& model() const { return *model_; }
  int num_pending() const { return static_cast<int>(pending_.cols()); }
  // Pending points whose extra pivot came out non-positive (numerically a
  // duplicate with no noise) and was clamped to a tiny positive value.
  int clamped_pivots() const { return clamped_pivots_; }

 private:
  const GaussianProcess* model_;
  Eigen::MatrixXd pending_;  // dims x q
  // Column i: L^{-1} k(X, p_i), the new rows of the extended factor.
  Eigen::MatrixXd cross_;  // n x q
  Eigen::MatrixXd lower_;  // q x q, the pending block of the factor
  int clamped_pivots_ = 0;
};

}  // namespace tune::gp
