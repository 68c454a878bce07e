#include "tuner/gp/hyperparameter_fit.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "tuner/gp/sobol.h"

namespace tune::gp {
namespace {

TEST_CASE("The prior's gradient matches finite differences") {
  Eigen::VectorXd theta(5);
  theta << 0.3, -1.2, 0.4, -6.0, 0.7;
  Eigen::VectorXd gradient;
  LogPrior(theta, &gradient);
  constexpr double kStep = 1e-6;
  for (int j = 0; j < 5; ++j) {
    Eigen::VectorXd plus = theta, minus = theta;
    plus(j) += kStep;
    minus(j) -= kStep;
    CHECK(gradient(j) ==
          Approx((LogPrior(plus, nullptr) - LogPrior(minus, nullptr)) /
                 (2 * kStep))
              .margin(1e-8));
  }
  CHECK(gradient(4) == 0.0);  // the mean has a flat prior
  // The centre is the mode.
  Eigen::VectorXd at_centre;
  LogPrior(Pack(PriorCentre(2)), &at_centre);
  CHECK(at_centre.cwiseAbs().maxCoeff() < 1e-12);
}

struct Data {
  Eigen::MatrixXd points;
  Eigen::VectorXd targets;
};

// 40 Sobol points in 2-D; the target varies along x0 only.
Data Wiggle() {
  rng::SplitMix64 rng(3);
  const ScrambledSobol sobol(2, rng);
  Data d{Eigen::MatrixXd(2, 40), Eigen::VectorXd(40)};
  for (int i = 0; i < 40; ++i) {
    const std::vector<double> p = sobol.Point(static_cast<uint64_t>(i));
    d.points(0, i) = p[0];
    d.points(1, i) = p[1];
    d.targets(i) = std::sin(6 * p[0]);
  }
  d.targets = (d.targets.array() - d.targets.mean()) /
              std::sqrt((d.targets.array() - d.targets.mean()).square().mean());
  return d;
}

TEST_CASE(
    "MAP fit finds the relevant coordinate and beats the prior's centre") {
  const Matern52Kernel kernel({InputKind::kNumeric, InputKind::kNumeric});
  const Data d = Wiggle();
  rng::SplitMix64 rng(1);
  const auto fit = FitHyperparameters(kernel, d.points, d.targets, rng);
  REQUIRE(fit.ok());
  const GpHyperparameters& h = fit->hyperparameters;
  CHECK(fit->evaluations > kFitRestarts);
  // x1 is irrelevant: a much longer lengthscale than x0's.
  CHECK(h.kernel.log_lengthscales(1) >
        h.kernel.log_lengthscales(0) + std::log(3.0));
  // Noise-free data: small noise.
  CHECK(h.log_noise_variance < std::log(1e-2));
  const auto distances = kernel.PairwiseDistances(d.points);
  const Eigen::VectorXd centre = Pack(PriorCentre(2));
  const double at_centre = *LogMarginalLikelihood(kernel, distances, d.targets,
                                                  PriorCentre(2), nullptr) +
                           LogPrior(centre, nullptr);
  CHECK(fit->log_posterior > at_centre);
  // Within the bounds.
  const HyperparameterBounds bounds = BoundsFor(2);
  const Eigen::VectorXd theta = Pack(h);
  CHECK((theta.array() >= bounds.lower.array()).all());
  CHECK((theta.array() <= bounds.upper.array()).all());
}

TEST_CASE("The fit is deterministic for a seed") {
  const Matern52Kernel kernel({InputKind::kNumeric, InputKind::kNumeric});
  const Data d = Wiggle();
  rng::SplitMix64 a(9), b(9);
  const auto fa = FitHyperparameters(kernel, d.points, d.targets, a);
  const auto fb = FitHyperparameters(kernel, d.points, d.targets, b);
  REQUIRE(fa.ok());
  REQUIRE(fb.ok());
  CHECK(Pack(fa->hyperparameters) == Pack(fb->hyperparameters));
}

TEST_CASE("Mismatched fit inputs are refused") {
  const Matern52Kernel kernel({InputKind::kNumeric});
  rng::SplitMix64 rng(1);
  const auto fit = FitHyperparameters(kernel, Eigen::MatrixXd::Zero(1, 3),
                                      Eigen::VectorXd::Zero(2), rng);
  REQUIRE_FALSE(fit.ok());
  CHECK(fit.status().code() == absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tune::gp
