#include "tuner/gp/kriging_believer.h"

#include <Eigen/LU>
#include <catch2/catch.hpp>
#include <cmath>

namespace tune::gp {
namespace {

struct Fixture {
  Matern52Kernel kernel{{InputKind::kNumeric, InputKind::kCategorical}};
  GpHyperparameters h;
  Eigen::MatrixXd points{2, 5};
  Eigen::VectorXd targets{5};

  Fixture() {
    h.kernel.log_lengthscales = Eigen::Vector2d(std::log(0.3), std::log(1.1));
    h.kernel.log_signal_variance = std::log(1.3);
    h.log_noise_variance = std::log(1e-3);
    h.mean = 0.2;
    points << 0.1, 0.4, 0.8, 0.55, 0.9,  //
        0.25, 0.75, 0.25, 0.25, 0.75;
    targets << 0.3, -1.2, 0.8, 0.1, 0.0;
  }
};

TEST_CASE("The kriging believer equals conditioning on the posterior mean") {
  const Fixture f;
  const auto gp =
      GaussianProcess::Condition(f.kernel, f.h, f.points, f.targets, nullptr);
  REQUIRE(gp.ok());
  KrigingBeliever believer(&*gp);
  Eigen::MatrixXd pending(2, 2);
  pending << 0.3, 0.7,  //
      0.25, 0.75;
  // The exact model, by dense algebra: the pending points observed at the
  // believed values with (almost) no noise.
  Eigen::MatrixXd points(2, 7);
  points << f.points, pending;
  Eigen::VectorXd targets(7);
  targets.head(5) = f.targets;
  Eigen::VectorXd noise(7);
  noise.head(5).setConstant(std::exp(f.h.log_noise_variance));
  noise.tail(2).setConstant(KrigingBeliever::kPendingRelativeNoise *
                            std::exp(f.h.kernel.log_signal_variance));
  for (int i = 0; i < 2; ++i) {
    Eigen::VectorXd mean, variance;
    believer.Predict(pending.col(i), &mean, &variance);
    CHECK(believer.AddPending(pending.col(i)) ==
          Approx(mean(0)).epsilon(1e-12));
    targets(5 + i) = mean(0);
  }
  CHECK(believer.num_pending() == 2);
  Eigen::MatrixXd k = f.kernel.Cross(f.h.kernel, points, points);
  k.diagonal() += noise;
  const Eigen::MatrixXd k_inv = k.inverse();
  Eigen::MatrixXd at(2, 4);
  at << 0.31, 0.5, 0.7, 0.0,  //
      0.25, 0.25, 0.75, 0.75;
  const Eigen::MatrixXd cross = f.kernel.Cross(f.h.kernel, points, at);
  const Eigen::VectorXd exact_mean =
      (cross.transpose() * k_inv * (targets.array() - f.h.mean).matrix())
          .array() +
      f.h.mean;
  const Eigen::VectorXd exact_variance =
      (std::exp(f.h.kernel.log_signal_variance) -
       (cross.array() * (k_inv * cross).array()).colwise().sum())
          .transpose();
  Eigen::VectorXd m1, v1, m0, v0;
  believer.Predict(at, &m1, &v1);
  gp->Predict(at, &m0, &v0);
  CHECK((m1 - exact_mean).cwiseAbs().maxCoeff() < 1e-8);
  CHECK((v1 - exact_variance).cwiseAbs().maxCoeff() < 1e-8);
  CHECK((m1 - m0).cwiseAbs().maxCoeff() < 1e-12);  // mean unchanged
  CHECK(v1(0) < 0.1 * v0(0));                      // variance shrinks nearby
  // At a pending point itself the variance all but vanishes.
  Eigen::VectorXd m2, v2;
  believer.Predict(pending.col(1), &m2, &v2);
  CHECK(v2(0) < 1e-5);
}

TEST_CASE("Believer gradients match finite differences") {
  const Fixture f;
  const auto gp =
      GaussianProcess::Condition(f.kernel, f.h, f.points, f.targets, nullptr);
  REQUIRE(gp.ok());
  for (int pending = 0; pending <= 2; ++pending) {
    CAPTURE(pending);
    KrigingBeliever believer(&*gp);
    if (pending >= 1) believer.AddPending(Eigen::Vector2d(0.3, 0.25));
    if (pending >= 2) believer.AddPending(Eigen::Vector2d(0.65, 0.25));
    const Eigen::Vector2d x(0.45, 0.25);
    const auto p = believer.PredictWithGradient(x);
    Eigen::VectorXd mean, variance;
    believer.Predict(x, &mean, &variance);
    CHECK(p.mean == Approx(mean(0)).epsilon(1e-12));
    CHECK(p.variance == Approx(variance(0)).epsilon(1e-10));
    constexpr double kStep = 1e-6;
    const auto plus =
        believer.PredictWithGradient(Eigen::Vector2d(0.45 + kStep, 0.25));
    const auto minus =
        believer.PredictWithGradient(Eigen::Vector2d(0.45 - kStep, 0.25));
    CHECK(p.mean_gradient(0) ==
          Approx((plus.mean - minus.mean) / (2 * kStep)).epsilon(1e-6));
    CHECK(p.variance_gradient(0) ==
          Approx((plus.variance - minus.variance) / (2 * kStep))
              .epsilon(1e-5)
              .margin(1e-8));
    CHECK(p.variance_gradient(1) == 0.0);  // categorical coordinate
  }
}

}  // namespace
}  // namespace tune::gp
