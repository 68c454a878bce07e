#include "tuner/gp/acquisition_optimizer.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <optional>

#include "tuner/gp/acquisition.h"

namespace tune::gp {
namespace {

using spec::ParameterRange;
using spec::ParameterType;

double LogEiAt(const KrigingBeliever& model, double best,
               const Eigen::MatrixXd& x, Eigen::VectorXd* values) {
  Eigen::VectorXd mean, variance;
  model.Predict(x, &mean, &variance);
  values->resize(x.cols());
  for (Eigen::Index i = 0; i < x.cols(); ++i) {
    (*values)(i) = LogExpectedImprovement(
                       mean(i), std::sqrt(std::max(variance(i), 1e-12)), best)
                       .value;
  }
  return values->maxCoeff();
}

struct OneDimensional {
  InputTransform transform{{{.name = "x", .min = 0, .max = 1, .values = {}}}};
  Matern52Kernel kernel{transform.kinds()};
  std::optional<GaussianProcess> gp;
  double best = 0;

  OneDimensional() {
    Eigen::MatrixXd points(1, 5);
    points << 0.05, 0.3, 0.5, 0.7, 0.95;
    Eigen::VectorXd targets(5);
    for (int i = 0; i < 5; ++i) targets(i) = std::cos(8 * points(0, i));
    best = targets.minCoeff();
    GpHyperparameters h;
    h.kernel.log_lengthscales = Eigen::VectorXd::Constant(1, std::log(0.15));
    h.log_noise_variance = std::log(1e-6);
    gp = *GaussianProcess::Condition(kernel, h, points, targets, nullptr);
  }
};

TEST_CASE("The optimizer finds the maximum of log EI in one dimension") {
  const OneDimensional f;
  const KrigingBeliever model(&*f.gp);
  Eigen::MatrixXd grid(1, 20001);
  for (int i = 0; i <= 20000; ++i) grid(0, i) = i / 20000.0;
  Eigen::VectorXd values;
  const double grid_max = LogEiAt(model, f.best, grid, &values);
  rng::SplitMix64 rng(4);
  const auto found = MaximizeLogEi(
      model, f.best, f.transform, TrustRegion(), {},
      [](const std::vector<double>&) { return false; }, rng);
  REQUIRE(found.has_value());
  CHECK(found->log_ei >= grid_max - 1e-6);
  Eigen::VectorXd at;
  CHECK(LogEiAt(model, f.best, Eigen::MatrixXd::Constant(1, 1, found->point[0]),
                &at) == Approx(found->log_ei).epsilon(1e-9));

  // With the neighbourhood of the maximum taken, the next best point wins.
  const double taken_centre = found->point[0];
  rng::SplitMix64 rng2(4);
  const auto second = MaximizeLogEi(
      model, f.best, f.transform, TrustRegion(), {},
      [&](const std::vector<double>& p) {
        return std::abs(p[0] - taken_centre) < 0.05;
      },
      rng2);
  REQUIRE(second.has_value());
  CHECK(std::abs(second->point[0] - taken_centre) >= 0.05);

  rng::SplitMix64 rng3(4);
  CHECK_FALSE(MaximizeLogEi(
                  model, f.best, f.transform, TrustRegion(), {},
                  [](const std::vector<double>&) { return true; }, rng3)
                  .has_value());
}

TEST_CASE("Inside a trust region the optimizer finds the region's best") {
  const OneDimensional f;
  const KrigingBeliever model(&*f.gp);
  // One centre at 0.95 and 5 observations: radius 0.2 + 0.3 * 5 / 10 =
  // 0.35, so the region is [0.6, 1].
  const TrustRegion region(Eigen::MatrixXd::Constant(1, 1, 0.95), 5,
                           f.transform);
  REQUIRE(region.radius() == Approx(0.35));
  Eigen::MatrixXd grid(1, 20001);
  for (int i = 0; i <= 20000; ++i) grid(0, i) = 0.6 + 0.4 * i / 20000.0;
  Eigen::VectorXd inside;
  const double inside_max = LogEiAt(model, f.best, grid, &inside);
  Eigen::MatrixXd everywhere(1, 20001);
  for (int i = 0; i <= 20000; ++i) everywhere(0, i) = i / 20000.0;
  Eigen::VectorXd all;
  // The region must matter: the unrestricted maximum is outside it.
  REQUIRE(LogEiAt(model, f.best, everywhere, &all) > inside_max + 1e-3);

  rng::SplitMix64 rng(4);
  const auto found = MaximizeLogEi(
      model, f.best, f.transform, region, {},
      [](const std::vector<double>&) { return false; }, rng);
  REQUIRE(found.has_value());
  CHECK(found->point[0] >= 0.6 - 1e-12);
  CHECK(found->log_ei >= inside_max - 1e-6);
}

TEST_CASE("A small discrete space is searched exhaustively") {
  const InputTransform transform({
      {.name = "n",
       .type = ParameterType::kInteger,
       .min = 1,
       .max = 5,
       .values = {}},
      {.name = "c",
       .type = ParameterType::kCategorical,
       .values = {"a", "b", "c"}},
  });
  const Matern52Kernel kernel(transform.kinds());
  Eigen::MatrixXd points(2, 3);
  points << 0.1, 0.5, 0.9,  //
      1.0 / 6, 0.5, 5.0 / 6;
  Eigen::VectorXd targets(3);
  targets << 0.2, -0.3, 0.5;
  GpHyperparameters h;
  h.kernel.log_lengthscales = Eigen::VectorXd::Constant(2, std::log(0.5));
  const auto gp =
      GaussianProcess::Condition(kernel, h, points, targets, nullptr);
  REQUIRE(gp.ok());
  const KrigingBeliever model(&*gp);
  const auto& all = *transform.AllDiscretePoints();
  REQUIRE(all.size() == 15u);
  Eigen::MatrixXd x(2, 15);
  for (int i = 0; i < 15; ++i) {
    x(0, i) = all[i][0];
    x(1, i) = all[i][1];
  }
  Eigen::VectorXd values;
  LogEiAt(model, -0.3, x, &values);
  // Take the best point away: the second best must come out.
  Eigen::Index best_index, second_index;
  values.maxCoeff(&best_index);
  Eigen::VectorXd without = values;
  without(best_index) = -std::numeric_limits<double>::infinity();
  without.maxCoeff(&second_index);
  rng::SplitMix64 rng(1);
  const auto found = MaximizeLogEi(
      model, -0.3, transform, TrustRegion(), {},
      [&](const std::vector<double>& p) { return p == all[best_index]; }, rng);
  REQUIRE(found.has_value());
  CHECK(found->point == all[second_index]);
}

}  // namespace
}  // namespace tune::gp
