#include "tuner/gp/kernel.h"

#include <catch2/catch.hpp>
#include <cmath>

namespace tune::gp {
namespace {

KernelParameters Params(std::initializer_list<double> lengthscales,
                        double signal_variance) {
  KernelParameters p;
  p.log_lengthscales.resize(static_cast<Eigen::Index>(lengthscales.size()));
  Eigen::Index i = 0;
  for (double l : lengthscales) p.log_lengthscales(i++) = std::log(l);
  p.log_signal_variance = std::log(signal_variance);
  return p;
}

TEST_CASE("Matern-5/2 values worked by hand") {
  const Matern52Kernel numeric({InputKind::kNumeric});
  const KernelParameters p = Params({0.5}, 2.0);
  Eigen::VectorXd a(1), b(1);
  a << 0.1;
  b << 0.6;
  // r = 0.5 / 0.5 = 1: 2 (1 + sqrt 5 + 5/3) exp(-sqrt 5).
  CHECK(numeric.Value(p, a, b) == Approx(1.0479882176636406).epsilon(1e-14));
  CHECK(numeric.Value(p, a, a) == Approx(2.0).epsilon(1e-15));

  // A categorical coordinate adds 1/l^2 when the categories differ.
  const Matern52Kernel mixed({InputKind::kNumeric, InputKind::kCategorical});
  const KernelParameters q = Params({0.3, 2.0}, 1.0);
  Eigen::VectorXd x(2), y(2), z(2);
  x << 0.1, 0.25;
  y << 0.1, 0.75;
  z << 0.1, 0.25;
  // r^2 = 1 / 2^2, r = 0.5, however far apart the category centres are.
  CHECK(mixed.Value(q, x, y) == Approx(0.8286491424181253).epsilon(1e-14));
  CHECK(mixed.Value(q, x, z) == Approx(1.0).epsilon(1e-15));
}

TEST_CASE("Cross and Gram agree with Value") {
  const Matern52Kernel kernel(
      {InputKind::kNumeric, InputKind::kCategorical, InputKind::kNumeric});
  const KernelParameters p = Params({0.4, 0.8, 1.3}, 1.7);
  Eigen::MatrixXd a(3, 4), b(3, 2);
  a << 0.1, 0.5, 0.9, 0.3,     //
      0.25, 0.75, 0.25, 0.25,  //
      0.0, 0.2, 0.7, 1.0;
  b << 0.2, 0.6,   //
      0.75, 0.25,  //
      0.4, 0.9;
  const Eigen::MatrixXd cross = kernel.Cross(p, a, b);
  const Eigen::MatrixXd gram =
      kernel.Gram(kernel.PairwiseDistances(a), p, nullptr);
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 2; ++j) {
      CHECK(cross(i, j) ==
            Approx(kernel.Value(p, a.col(i), b.col(j))).epsilon(1e-14));
    }
    for (int j = 0; j < 4; ++j) {
      CHECK(gram(i, j) ==
            Approx(kernel.Value(p, a.col(i), a.col(j))).epsilon(1e-14));
    }
  }
  Eigen::VectorXd values;
  kernel.CrossWithGradient(p, a, b.col(1), &values, nullptr);
  CHECK((values - cross.col(1)).cwiseAbs().maxCoeff() < 1e-14);
}

TEST_CASE("Gram gradients match finite differences") {
  const Matern52Kernel kernel(
      {InputKind::kNumeric, InputKind::kCategorical, InputKind::kNumeric});
  Eigen::MatrixXd points(3, 5);
  points << 0.1, 0.5, 0.9, 0.3, 0.31,  //
      0.25, 0.75, 0.25, 0.25, 0.75,    //
      0.0, 0.2, 0.7, 1.0, 0.99;
  const auto distances = kernel.PairwiseDistances(points);
  const KernelParameters p = Params({0.4, 0.8, 1.3}, 1.7);
  std::vector<Eigen::MatrixXd> gradients;
  kernel.Gram(distances, p, &gradients);
  REQUIRE(gradients.size() == 4u);
  constexpr double kStep = 1e-6;
  for (int j = 0; j < 4; ++j) {
    CAPTURE(j);
    KernelParameters plus = p, minus = p;
    if (j < 3) {
      plus.log_lengthscales(j) += kStep;
      minus.log_lengthscales(j) -= kStep;
    } else {
      plus.log_signal_variance += kStep;
      minus.log_signal_variance -= kStep;
    }
    const Eigen::MatrixXd numeric = (kernel.Gram(distances, plus, nullptr) -
                                     kernel.Gram(distances, minus, nullptr)) /
                                    (2 * kStep);
    CHECK((numeric - gradients[j]).cwiseAbs().maxCoeff() < 1e-8);
    CHECK(gradients[j].cwiseAbs().maxCoeff() > 1e-3);  // not trivially zero
  }
}

TEST_CASE("Input gradients match finite differences") {
  const Matern52Kernel kernel(
      {InputKind::kNumeric, InputKind::kCategorical, InputKind::kNumeric});
  const KernelParameters p = Params({0.4, 0.8, 1.3}, 1.7);
  Eigen::MatrixXd a(3, 3);
  a << 0.1, 0.5, 0.9,    //
      0.25, 0.75, 0.25,  //
      0.0, 0.2, 0.7;
  Eigen::VectorXd x(3);
  x << 0.45, 0.25, 0.3;
  Eigen::VectorXd values;
  Eigen::MatrixXd gradient;
  kernel.CrossWithGradient(p, a, x, &values, &gradient);
  constexpr double kStep = 1e-6;
  for (int j : {0, 2}) {
    Eigen::VectorXd plus = x, minus = x;
    plus(j) += kStep;
    minus(j) -= kStep;
    Eigen::VectorXd vp, vm;
    kernel.CrossWithGradient(p, a, plus, &vp, nullptr);
    kernel.CrossWithGradient(p, a, minus, &vm, nullptr);
    const Eigen::VectorXd numeric = (vp - vm) / (2 * kStep);
    CHECK((numeric - gradient.row(j).transpose()).cwiseAbs().maxCoeff() < 1e-8);
  }
  CHECK(gradient.row(1).cwiseAbs().maxCoeff() == 0.0);  // categorical
}

}  // namespace
}  // namespace tune::gp
