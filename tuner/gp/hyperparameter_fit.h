// Fitting the GP's hyperparameters: maximum a posteriori (MAP) estimation.
//
// theta = Pack(h) (gaussian_process.h) maximizes
//   log p(y | theta) + log p(theta)
// by L-BFGS-B (LBFGS++) inside box bounds, using the analytic gradient,
// from kFitRestarts starts: the prior's centre; the data's own scale (each
// lengthscale the median distance between distinct coordinates, which
// finds short lengthscales the prior's centre cannot reach when the points
// fill a small corner of the cube); then draws from the prior (seeded by
// the caller's generator). The best point any restart evaluated
// wins, so a restart that stops with an error (LBFGS++ throws when a line
// search fails) still contributes.
//
// Priors, for targets standardized to mean 0 and variance 1 and inputs in
// the unit cube (after BoTorch's current defaults, Hvarfner et al.,
// "Vanilla Bayesian Optimization Performs Great in High Dimensions", 2024):
//   log l_j     ~ N(sqrt(2) + log(d)/2, 3)   lengthscales grow with sqrt(d)
//   log s2      ~ N(0, 1)                    signal variance near 1
//   log noise   ~ N(-4, 1)                   small noise favoured
//   mean        flat                         within its bounds
// Bounds: l in [0.01, 100], s2 in [0.05, 20], noise in [1e-6, 1],
// mean in [-3, 3].
//
// Example:
//   rng::SplitMix64 rng(seed);
//   auto fit = FitHyperparameters(kernel, points, targets, rng);
//   if (fit.ok()) use(fit->hyperparameters);
//
// Pure apart from the generator; safe from any thread with its own
// generator.
#pragma once

#include <Eigen/Core>

#include "absl/status/statusor.h"
#include "tuner/gp/gaussian_process.h"
#include "tuner/gp/kernel.h"
#include "tuner/rng/split_mix64.h"

namespace tune::gp {

inline constexpr int kFitRestarts = 3;
inline constexpr int kFitMaxIterations = 50;

struct HyperparameterBounds {
  Eigen::VectorXd lower;
  Eigen::VectorXd upper;
};

// The bounds above, in Pack order, for d coordinates.
HyperparameterBounds BoundsFor(int dims);

// The centre of the prior (a sensible default before any fit).
GpHyperparameters PriorCentre(int dims);

// log p(theta) up to a constant; `gradient` (may be null) gets its
// gradient.
double LogPrior(const Eigen::VectorXd& theta, Eigen::VectorXd* gradient);

struct FitResult {
  GpHyperparameters hyperparameters;
  double log_posterior = 0;  // log marginal likelihood + log prior
  int evaluations = 0;       // of the likelihood, over all restarts
  int failed_restarts = 0;   // restarts that stopped on an error
};

// The MAP hyperparameters for the columns of `points` (dims x n) and
// `targets`. Errors: InvalidArgument for mismatched shapes or n < 1;
// FailedPrecondition when no evaluated point had a finite likelihood.
absl::StatusOr<FitResult> FitHyperparameters(const Matern52Kernel& kernel,
                                             const Eigen::MatrixXd& points,
                                             const Eigen::VectorXd& targets,
                                             rng::SplitMix64& rng);

}  // namespace tune::gp
