#include "tuner/gp/kriging_believer.h"

#include <algorithm>

namespace tune::gp {

KrigingBeliever::KrigingBeliever(const GaussianProcess* model)
    : model_(model),
      pending_(model->kernel().dims(), 0),
      cross_(model->points().cols(), 0),
      lower_(0, 0) {}

double KrigingBeliever::AddPending(const Eigen::Ref<const Eigen::VectorXd>& x) {
  const GaussianProcess& gp = *model_;
  const KernelParameters& p = gp.hyperparameters().kernel;
  const auto l = gp.factor().lower().triangularView<Eigen::Lower>();
  const Eigen::Index q = pending_.cols();

  Eigen::VectorXd v = gp.kernel().Cross(p, gp.points(), x);
  const double believed = gp.hyperparameters().mean + v.dot(gp.alpha());
  l.solveInPlace(v);
  Eigen::VectorXd w(q);
  if (q > 0) {
    w = gp.kernel().Cross(p, pending_, x);
    w.noalias() -= cross_.transpose() * v;
    lower_.triangularView<Eigen::Lower>().solveInPlace(w);
  }
  const double floor = 1e-12 * gp.signal_variance();
  const double noise =
      kPendingRelativeNoise * gp.signal_variance() + gp.jitter();
  double pivot =
      gp.kernel().Value(p, x, x) + noise - v.squaredNorm() - w.squaredNorm();
  if (!(pivot > floor)) {
    pivot = floor;
    ++clamped_pivots_;
  }

  pending_.conservativeResize(Eigen::NoChange, q + 1);
  pending_.col(q) = x;
  cross_.conservativeResize(Eigen::NoChange, q + 1);
  cross_.col(q) = v;
  lower_.conservativeResize(q + 1, q + 1);
  lower_.col(q).setZero();
  lower_.row(q).head(q) = w.transpose();
  lower_(q, q) = std::sqrt(pivot);
  return believed;
}

void KrigingBeliever::Predict(const Eigen::Ref<const Eigen::MatrixXd>& points,
                              Eigen::VectorXd* mean,
                              Eigen::VectorXd* variance) const {
  const GaussianProcess& gp = *model_;
  if (pending_.cols() == 0) {
    gp.Predict(points, mean, variance);
    return;
  }
  Eigen::MatrixXd whitened;
  gp.Predict(points, mean, variance, &whitened);
  Eigen::MatrixXd w =
      gp.kernel().Cross(gp.hyperparameters().kernel, pending_, points);
  w.noalias() -= cross_.transpose() * whitened;
  lower_.triangularView<Eigen::Lower>().solveInPlace(w);
  *variance =
      (variance->array() - w.colwise().squaredNorm().transpose().array())
          .max(0.0)
          .matrix();
}

KrigingBeliever::PointPrediction KrigingBeliever::PredictWithGradient(
    const Eigen::Ref<const Eigen::VectorXd>& x) const {
  const GaussianProcess& gp = *model_;
  const KernelParameters& p = gp.hyperparameters().kernel;
  const auto l = gp.factor().lower().triangularView<Eigen::Lower>();
  const Eigen::Index q = pending_.cols();

  Eigen::VectorXd k1;
  Eigen::MatrixXd dk1;
  gp.kernel().CrossWithGradient(p, gp.points(), x, &k1, &dk1);
  PointPrediction out;
  out.mean = gp.hyperparameters().mean + k1.dot(gp.alpha());
  out.mean_gradient = dk1 * gp.alpha();

  Eigen::VectorXd v = k1;
  l.solveInPlace(v);
  // variance = s2 - |v|^2 - |w|^2 with w = C^{-1}(k2 - B^T v); its gradient
  // is -2 (dk1 L^{-T}(v - B u) + dk2 u) with u = C^{-T} w.
  Eigen::VectorXd s = v;
  Eigen::VectorXd dk2_u = Eigen::VectorXd::Zero(x.size());
  double w_norm = 0;
  if (q > 0) {
    Eigen::VectorXd k2;
    Eigen::MatrixXd dk2;
    gp.kernel().CrossWithGradient(p, pending_, x, &k2, &dk2);
    Eigen::VectorXd w = k2 - cross_.transpose() * v;
    lower_.triangularView<Eigen::Lower>().solveInPlace(w);
    w_norm = w.squaredNorm();
    Eigen::VectorXd u = w;
    lower_.triangularView<Eigen::Lower>().transpose().solveInPlace(u);
    s.noalias() -= cross_ * u;
    dk2_u = dk2 * u;
  }
  out.variance = gp.signal_variance() - v.squaredNorm() - w_norm;
  if (out.variance <= 0) {
    out.variance = 0;
    out.variance_gradient = Eigen::VectorXd::Zero(x.size());
    return out;
  }
  l.transpose().solveInPlace(s);
  out.variance_gradient = -2.0 * (dk1 * s + dk2_u);
  return out;
}

}  // namespace tune::gp
