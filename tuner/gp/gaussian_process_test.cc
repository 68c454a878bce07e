#include "tuner/gp/gaussian_process.h"

#include <catch2/catch.hpp>
#include <cmath>

namespace tune::gp {
namespace {

// The case precomputed with scikit-learn 1.2.1 (Debian's python3-sklearn):
//   X = [[0.1,0.2],[0.4,0.9],[0.8,0.3],[0.55,0.5]], y = [0.3,-1.2,0.8,0.1]
//   kernel = ConstantKernel(1.5, "fixed") *
//            Matern(length_scale=[0.3,0.7], length_scale_bounds="fixed",
//            nu=2.5)
//   GaussianProcessRegressor(kernel, alpha=0.01, optimizer=None,
//                            normalize_y=False).fit(X, y)
//   predict([[0.5,0.5],[0.9,0.9],[0.1,0.2]], return_std=True); std squared.
struct SklearnCase {
  Eigen::MatrixXd points{2, 4};
  Eigen::VectorXd targets{4};
  GpHyperparameters h;
  Matern52Kernel kernel{{InputKind::kNumeric, InputKind::kNumeric}};

  SklearnCase() {
    points << 0.1, 0.4, 0.8, 0.55,  //
        0.2, 0.9, 0.3, 0.5;
    targets << 0.3, -1.2, 0.8, 0.1;
    h.kernel.log_lengthscales = Eigen::Vector2d(std::log(0.3), std::log(0.7));
    h.kernel.log_signal_variance = std::log(1.5);
    h.log_noise_variance = std::log(0.01);
    h.mean = 0;
  }
};

TEST_CASE("Posterior mean and variance agree with scikit-learn") {
  const SklearnCase c;
  const auto gp =
      GaussianProcess::Condition(c.kernel, c.h, c.points, c.targets, nullptr);
  REQUIRE(gp.ok());
  CHECK(gp->jitter() == 0);
  Eigen::MatrixXd at(2, 3);
  at << 0.5, 0.9, 0.1,  //
      0.5, 0.9, 0.2;
  Eigen::VectorXd mean, variance;
  gp->Predict(at, &mean, &variance);
  CHECK(mean(0) == Approx(-0.09058691641425987).epsilon(1e-10));
  CHECK(mean(1) == Approx(0.29191780962810476).epsilon(1e-10));
  CHECK(mean(2) == Approx(0.2953940912381874).epsilon(1e-10));
  CHECK(variance(0) == Approx(0.04786819658251584).epsilon(1e-9));
  CHECK(variance(1) == Approx(1.0001341312912753).epsilon(1e-10));
  CHECK(variance(2) == Approx(0.0099259441468913).epsilon(1e-8));

  const auto lml = LogMarginalLikelihood(
      c.kernel, c.kernel.PairwiseDistances(c.points), c.targets, c.h, nullptr);
  REQUIRE(lml.ok());
  CHECK(*lml == Approx(-5.10184366122546).epsilon(1e-12));
}

TEST_CASE("A constant mean shifts the posterior mean only") {
  const SklearnCase c;
  GpHyperparameters shifted = c.h;
  shifted.mean = 2.0;
  const Eigen::VectorXd targets = c.targets.array() + 2.0;
  const auto a =
      GaussianProcess::Condition(c.kernel, c.h, c.points, c.targets, nullptr);
  const auto b =
      GaussianProcess::Condition(c.kernel, shifted, c.points, targets, nullptr);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  Eigen::MatrixXd at(2, 2);
  at << 0.3, 5.0,  //
      0.6, -4.0;
  Eigen::VectorXd ma, va, mb, vb;
  a->Predict(at, &ma, &va);
  b->Predict(at, &mb, &vb);
  CHECK(((mb.array() - 2.0) - ma.array()).abs().maxCoeff() < 1e-12);
  CHECK((vb - va).cwiseAbs().maxCoeff() < 1e-12);
  // Far from the data the mean returns to the constant.
  CHECK(mb(1) == Approx(2.0).margin(1e-6));
}

TEST_CASE("Log marginal likelihood gradient matches finite differences") {
  const Matern52Kernel kernel(
      {InputKind::kNumeric, InputKind::kCategorical, InputKind::kNumeric});
  Eigen::MatrixXd points(3, 7);
  points << 0.1, 0.5, 0.9, 0.3, 0.31, 0.7, 0.05,  //
      0.25, 0.75, 0.25, 0.25, 0.75, 0.75, 0.25,   //
      0.0, 0.2, 0.7, 1.0, 0.99, 0.4, 0.6;
  Eigen::VectorXd targets(7);
  targets << 0.5, -1.0, 1.3, 0.2, 0.25, -0.4, 0.9;
  const auto distances = kernel.PairwiseDistances(points);
  Eigen::VectorXd theta(6);
  theta << std::log(0.4), std::log(0.9), std::log(1.5), std::log(1.2),
      std::log(0.05), 0.3;
  Eigen::VectorXd gradient;
  const auto value = LogMarginalLikelihood(kernel, distances, targets,
                                           Unpack(theta), &gradient);
  REQUIRE(value.ok());
  REQUIRE(gradient.size() == 6);
  constexpr double kStep = 1e-6;
  for (int j = 0; j < 6; ++j) {
    CAPTURE(j);
    Eigen::VectorXd plus = theta, minus = theta;
    plus(j) += kStep;
    minus(j) -= kStep;
    const double numeric = (*LogMarginalLikelihood(kernel, distances, targets,
                                                   Unpack(plus), nullptr) -
                            *LogMarginalLikelihood(kernel, distances, targets,
                                                   Unpack(minus), nullptr)) /
                           (2 * kStep);
    CHECK(gradient(j) == Approx(numeric).epsilon(1e-6).margin(1e-7));
  }
}

TEST_CASE("A duplicated input with no noise fits with jitter") {
  const Matern52Kernel kernel({InputKind::kNumeric});
  Eigen::MatrixXd points(1, 3);
  points << 0.2, 0.5, 0.5;
  Eigen::VectorXd targets(3);
  targets << 1.0, -0.5, -0.5;
  GpHyperparameters h;
  h.kernel.log_lengthscales = Eigen::VectorXd::Constant(1, std::log(0.3));
  h.kernel.log_signal_variance = 0;
  h.log_noise_variance = -700;  // exp(-700): no noise to speak of
  const auto gp =
      GaussianProcess::Condition(kernel, h, points, targets, nullptr);
  REQUIRE(gp.ok());
  CHECK(gp->jitter() > 0);
  CHECK(gp->jitter() <= GaussianProcess::kMaxRelativeJitter);
  Eigen::VectorXd mean, variance;
  gp->Predict(points, &mean, &variance);
  CHECK(mean(1) == Approx(-0.5).margin(1e-4));
  CHECK(variance(1) < 1e-4);
  CHECK(mean.allFinite());
}

TEST_CASE("Bad inputs are refused") {
  const Matern52Kernel kernel({InputKind::kNumeric});
  GpHyperparameters h;
  h.kernel.log_lengthscales = Eigen::VectorXd::Zero(1);
  Eigen::MatrixXd points(1, 2);
  points << 0.1, 0.2;
  Eigen::VectorXd targets(2);
  targets << 1.0, std::nan("");
  auto gp = GaussianProcess::Condition(kernel, h, points, targets, nullptr);
  REQUIRE_FALSE(gp.ok());
  CHECK(gp.status().code() == absl::StatusCode::kInvalidArgument);
  gp = GaussianProcess::Condition(kernel, h, points, Eigen::VectorXd::Zero(3),
                                  nullptr);
  CHECK(gp.status().code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("Reusing a previous factor gives the same model") {
  const Matern52Kernel kernel({InputKind::kNumeric, InputKind::kNumeric});
  std::srand(5);
  const Eigen::MatrixXd all = (Eigen::MatrixXd::Random(2, 200).array() + 1) / 2;
  Eigen::VectorXd targets(200);
  for (int i = 0; i < 200; ++i)
    targets(i) = std::sin(5 * all(0, i)) + all(1, i);
  GpHyperparameters h;
  h.kernel.log_lengthscales = Eigen::Vector2d(std::log(0.2), std::log(0.5));
  h.log_noise_variance = std::log(1e-3);
  const auto first = GaussianProcess::Condition(kernel, h, all.leftCols(150),
                                                targets.head(150), nullptr);
  REQUIRE(first.ok());
  const auto grown =
      GaussianProcess::Condition(kernel, h, all, targets, &*first);
  const auto fresh =
      GaussianProcess::Condition(kernel, h, all, targets, nullptr);
  REQUIRE(grown.ok());
  REQUIRE(fresh.ok());
  CHECK(grown->factor().reused_rows() == 128);
  CHECK(grown->factor().lower() == fresh->factor().lower());
  CHECK(grown->alpha() == fresh->alpha());
  // Other hyperparameters: nothing can be reused.
  GpHyperparameters other = h;
  other.log_noise_variance = std::log(2e-3);
  const auto changed =
      GaussianProcess::Condition(kernel, other, all, targets, &*first);
  REQUIRE(changed.ok());
  CHECK(changed->factor().reused_rows() == 0);
}

}  // namespace
}  // namespace tune::gp
