#include "tuner/gp/hyperparameter_fit.h"

#include <LBFGSB.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "tuner/gp/random.h"

namespace tune::gp {
namespace {

constexpr double kLengthscaleVariance = 3.0;
constexpr double kSignalMean = 0.0;
constexpr double kSignalVariance = 1.0;
constexpr double kNoiseMean = -4.0;
constexpr double kNoiseVariance = 1.0;

double LengthscaleMean(int dims) {
  return std::sqrt(2.0) +
         0.5 * std::log(static_cast<double>(std::max(dims, 1)));
}

// What L-BFGS-B minimizes: -(log likelihood + log prior). Remembers the
// best point it evaluated.
class NegativeLogPosterior {
 public:
  NegativeLogPosterior(const Matern52Kernel& kernel,
                       const std::vector<Eigen::MatrixXd>& distances,
                       const Eigen::VectorXd& targets)
      : kernel_(kernel), distances_(distances), targets_(targets) {}

  double operator()(const Eigen::VectorXd& theta, Eigen::VectorXd& gradient) {
    ++evaluations_;
    Eigen::VectorXd likelihood_gradient;
    const absl::StatusOr<double> likelihood = LogMarginalLikelihood(
        kernel_, distances_, targets_, Unpack(theta), &likelihood_gradient);
    if (!likelihood.ok() || !likelihood_gradient.allFinite()) {
      // A huge value makes the line search step back.
      gradient.setZero(theta.size());
      return kInvalid;
    }
    Eigen::VectorXd prior_gradient;
    const double value = -(*likelihood + LogPrior(theta, &prior_gradient));
    gradient = -(likelihood_gradient + prior_gradient);
    if (value < best_value_) {
      best_value_ = value;
      best_theta_ = theta;
    }
    return value;
  }

  int evaluations() const { return evaluations_; }
  double best_value() const { return best_value_; }
  const Eigen::VectorXd& best_theta() const { return best_theta_; }

 private:
  static constexpr double kInvalid = 1e30;
  const Matern52Kernel& kernel_;
  const std::vector<Eigen::MatrixXd>& distances_;
  const Eigen::VectorXd& targets_;
  int evaluations_ = 0;
  double best_value_ = std::numeric_limits<double>::infinity();
  Eigen::VectorXd best_theta_;
};

// A draw from the prior, clipped to the bounds.
Eigen::VectorXd DrawFromPrior(int dims, const HyperparameterBounds& bounds,
                              rng::SplitMix64& rng) {
  Eigen::VectorXd theta = Pack(PriorCentre(dims));
  for (int j = 0; j < dims; ++j) {
    theta(j) += std::sqrt(kLengthscaleVariance) * StandardNormal(rng);
  }
  theta(dims) += std::sqrt(kSignalVariance) * StandardNormal(rng);
  theta(dims + 1) += std::sqrt(kNoiseVariance) * StandardNormal(rng);
  return theta.cwiseMax(bounds.lower).cwiseMin(bounds.upper);
}

// Lengthscales at the median distance between the points' distinct values
// in each coordinate (1 for a coordinate with a single value), clipped to
// the bounds.
Eigen::VectorXd DataScaleStart(const std::vector<Eigen::MatrixXd>& distances,
                               const HyperparameterBounds& bounds) {
  const int dims = static_cast<int>(distances.size());
  Eigen::VectorXd theta = Pack(PriorCentre(dims));
  for (int j = 0; j < dims; ++j) {
    std::vector<double> nonzero;
    const Eigen::MatrixXd& d = distances[j];
    for (Eigen::Index col = 0; col < d.cols(); ++col) {
      for (Eigen::Index row = col + 1; row < d.rows(); ++row) {
        if (d(row, col) > 0) nonzero.push_back(d(row, col));
      }
    }
    double median = 1.0;
    if (!nonzero.empty()) {
      auto middle =
          nonzero.begin() + static_cast<std::ptrdiff_t>(nonzero.size() / 2);
      std::nth_element(nonzero.begin(), middle, nonzero.end());
      median = std::sqrt(*middle);  // distances are squared
    }
    theta(j) = std::log(median);
  }
  return theta.cwiseMax(bounds.lower).cwiseMin(bounds.upper);
}

}  // namespace

HyperparameterBounds BoundsFor(int dims) {
  HyperparameterBounds b;
  b.lower.resize(NumHyperparameters(dims));
  b.upper.resize(NumHyperparameters(dims));
  b.lower.head(dims).setConstant(std::log(0.01));
  b.upper.head(dims).setConstant(std::log(100.0));
  b.lower(dims) = std::log(0.05);
  b.upper(dims) = std::log(20.0);
  b.lower(dims + 1) = std::log(1e-6);
  b.upper(dims + 1) = 0.0;
  b.lower(dims + 2) = -3.0;
  b.upper(dims + 2) = 3.0;
  return b;
}

GpHyperparameters PriorCentre(int dims) {
  GpHyperparameters h;
  h.kernel.log_lengthscales =
      Eigen::VectorXd::Constant(dims, LengthscaleMean(dims));
  h.kernel.log_signal_variance = kSignalMean;
  h.log_noise_variance = kNoiseMean;
  h.mean = 0;
  return h;
}

double LogPrior(const Eigen::VectorXd& theta, Eigen::VectorXd* gradient) {
  const int dims = static_cast<int>(theta.size()) - 3;
  const double lengthscale_mean = LengthscaleMean(dims);
  double value = 0;
  if (gradient != nullptr) gradient->setZero(theta.size());
  auto normal = [&](int index, double mean, double variance) {
    const double diff = theta(index) - mean;
    value -= 0.5 * diff * diff / variance;
    if (gradient != nullptr) (*gradient)(index) = -diff / variance;
  };
  for (int j = 0; j < dims; ++j)
    normal(j, lengthscale_mean, kLengthscaleVariance);
  normal(dims, kSignalMean, kSignalVariance);
  normal(dims + 1, kNoiseMean, kNoiseVariance);
  return value;
}

absl::StatusOr<FitResult> FitHyperparameters(const Matern52Kernel& kernel,
                                             const Eigen::MatrixXd& points,
                                             const Eigen::VectorXd& targets,
                                             rng::SplitMix64& rng) {
  const int dims = kernel.dims();
  if (points.cols() < 1 || points.rows() != dims ||
      targets.size() != points.cols()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "hyperparameter fit needs dims x n points and n targets (got ",
        points.rows(), " x ", points.cols(), " points, ", targets.size(),
        " targets)"));
  }
  const std::vector<Eigen::MatrixXd> distances =
      kernel.PairwiseDistances(points);
  const HyperparameterBounds bounds = BoundsFor(dims);

  LBFGSpp::LBFGSBParam<double> param;
  param.m = 6;
  param.max_iterations = kFitMaxIterations;
  param.epsilon = 1e-5;
  param.epsilon_rel = 1e-6;
  param.past = 1;
  param.delta = 1e-8;
  param.max_linesearch = 20;

  FitResult result;
  double best = std::numeric_limits<double>::infinity();
  for (int restart = 0; restart < kFitRestarts; ++restart) {
    Eigen::VectorXd theta;
    if (restart == 0) {
      theta = Pack(PriorCentre(dims));
    } else if (restart == 1) {
      theta = DataScaleStart(distances, bounds);
    } else {
      theta = DrawFromPrior(dims, bounds, rng);
    }
    theta = theta.cwiseMax(bounds.lower).cwiseMin(bounds.upper);
    NegativeLogPosterior objective(kernel, distances, targets);
    LBFGSpp::LBFGSBSolver<double> solver(param);  // keeps a reference to param
    double value = 0;
    try {
      solver.minimize(objective, theta, value, bounds.lower, bounds.upper);
    } catch (const std::exception&) {
      ++result.failed_restarts;
    }
    result.evaluations += objective.evaluations();
    if (objective.best_value() < best) {
      best = objective.best_value();
      result.hyperparameters = Unpack(objective.best_theta());
    }
  }
  if (!std::isfinite(best) || best >= 1e29) {
    return absl::FailedPreconditionError(
        "no hyperparameters gave a finite marginal likelihood");
  }
  result.log_posterior = -best;
  return result;
}

}  // namespace tune::gp
