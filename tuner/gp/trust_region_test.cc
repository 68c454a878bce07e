#include "tuner/gp/trust_region.h"

#include <catch2/catch.hpp>

namespace tune::gp {
namespace {

using spec::ParameterRange;
using spec::ParameterType;

InputTransform TwoNumericOneCategorical() {
  return InputTransform({
      {.name = "x", .min = 0, .max = 1, .values = {}},
      {.name = "n", .type = ParameterType::kInteger, .min = 0, .max = 10,
       .values = {}},
      {.name = "c", .type = ParameterType::kCategorical,
       .values = {"a", "b", "c"}},
  });
}

TEST_CASE("The trust region's radius grows with the observations") {
  CHECK(TrustRegion::RadiusFor(0, 2) == Approx(0.2));
  // 5 (d + 1) observations add 0.3.
  CHECK(TrustRegion::RadiusFor(15, 2) == Approx(0.5));
  CHECK(TrustRegion::RadiusFor(30, 2) == Approx(0.8));
  CHECK(TrustRegion::RadiusFor(35, 6) == Approx(0.5));
}

TEST_CASE("The trust region is the union of balls around its centres") {
  const InputTransform transform = TwoNumericOneCategorical();
  Eigen::MatrixXd centres(3, 2);
  centres << 0.1, 0.9,  //
      0.1, 0.9,         //
      0.0, 1.0;
  // Two numeric coordinates, no observations: radius 0.2.
  const TrustRegion region(centres, 0, transform);
  REQUIRE_FALSE(region.unlimited());
  CHECK(region.radius() == Approx(0.2));
  Eigen::Vector3d x(0.25, 0.2, 0.5);
  CHECK(region.Distance(x) == Approx(0.15));
  CHECK(region.Covers(x));
  // The categorical coordinate never counts.
  x << 0.25, 0.2, 1.0;
  CHECK(region.Covers(x));
  x << 0.5, 0.5, 0.0;  // 0.4 from either centre
  CHECK(region.Distance(x) == Approx(0.4));
  CHECK_FALSE(region.Covers(x));

  // A local search from near the second centre stays in its ball, and in
  // the cube; the categorical coordinate is free.
  x << 0.8, 0.95, 0.0;
  const TrustRegion::Box box = region.BoxAround(x);
  CHECK(box.lower(0) == Approx(0.7));
  CHECK(box.upper(0) == Approx(1.0));
  CHECK(box.lower(1) == Approx(0.7));
  CHECK(box.upper(1) == Approx(1.0));
  CHECK(box.lower(2) == 0.0);
  CHECK(box.upper(2) == 1.0);
}

TEST_CASE("The trust region covers everything when it cannot limit") {
  const InputTransform transform = TwoNumericOneCategorical();
  const Eigen::Vector3d corner(1.0, 1.0, 0.0);
  SECTION("no centres") {
    const TrustRegion region(Eigen::MatrixXd(3, 0), 0, transform);
    CHECK(region.unlimited());
    CHECK(region.Covers(corner));
  }
  SECTION("the radius has reached 1") {
    const TrustRegion region(Eigen::MatrixXd::Zero(3, 1), 200, transform);
    CHECK(region.unlimited());
    CHECK(region.Covers(corner));
    const TrustRegion::Box box = region.BoxAround(corner);
    CHECK(box.lower.isZero());
    CHECK(box.upper.isOnes());
  }
  SECTION("only categorical coordinates") {
    const InputTransform categorical({
        {.name = "c", .type = ParameterType::kCategorical,
         .values = {"a", "b"}},
    });
    const TrustRegion region(Eigen::MatrixXd::Zero(1, 1), 0, categorical);
    CHECK(region.unlimited());
  }
  SECTION("the default region") {
    const TrustRegion region;
    CHECK(region.unlimited());
    CHECK(region.BoxAround(corner).upper.isOnes());
  }
}

}  // namespace
}  // namespace tune::gp
