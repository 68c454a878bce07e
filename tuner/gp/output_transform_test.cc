#include "tuner/gp/output_transform.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

namespace tune::gp {
namespace {

TEST_CASE("The warp standardizes, keeps the order and inverts") {
  const std::vector<double> values = {3.0, 1.0, 2.0, 2.5, 1.5, 40.0, 1000.0};
  const OutputWarp warp = OutputWarp::Fit(values);
  double sum = 0;
  double sum_squares = 0;
  for (double v : values) {
    const double t = warp.Forward(v);
    sum += t;
    sum_squares += t * t;
    CHECK(warp.Inverse(t) == Approx(v).epsilon(1e-12));
  }
  const double n = static_cast<double>(values.size());
  CHECK(sum / n == Approx(0).margin(1e-12));
  CHECK(sum_squares / n == Approx(1).epsilon(1e-12));
  // Rank-preserving and strictly increasing, also between the values.
  for (double v = 0.5; v < 2000; v *= 1.3) {
    CHECK(warp.Forward(v * 1.3) > warp.Forward(v));
  }
}

TEST_CASE("The warp compresses bad outliers but not good ones") {
  const std::vector<double> values = {1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1000.0};
  const OutputWarp warp = OutputWarp::Fit(values);
  const double typical_gap = warp.Forward(1.5) - warp.Forward(1.0);
  // 1000 lies 3000 robust deviations out but only a few typical gaps away.
  CHECK(warp.Forward(1000.0) - warp.Forward(1.5) < 10 * typical_gap);
  // The good side stays linear: equal steps give equal steps.
  CHECK(warp.Forward(0.9) - warp.Forward(1.0) ==
        Approx(warp.Forward(1.0) - warp.Forward(1.1)).epsilon(1e-9));
}

TEST_CASE("An extreme value on either side keeps every target finite") {
  for (double extreme : {-1e300, 1e300, -1.7e308}) {
    CAPTURE(extreme);
    const std::vector<double> values = {1.0, 1.0,     1.0,    1.2,
                                        1.3, extreme, 1.7e308};
    const OutputWarp warp = OutputWarp::Fit(values);
    std::vector<double> targets;
    for (double v : values) {
      targets.push_back(warp.Forward(v));
      CHECK(std::isfinite(targets.back()));
    }
    // Order kept, and the ordinary values are not squashed together.
    CHECK(targets[3] > targets[0]);
    CHECK(targets[4] > targets[3]);
    CHECK(targets[4] - targets[0] > 1e-3);
    CHECK(warp.Inverse(targets[3]) == Approx(1.2).epsilon(1e-9));
  }
}

TEST_CASE("Degenerate value lists give a usable warp") {
  const OutputWarp same = OutputWarp::Fit({2.0, 2.0, 2.0});
  CHECK(std::isfinite(same.Forward(2.0)));
  CHECK(same.Forward(2.0) == Approx(0).margin(1e-12));
  CHECK(same.Inverse(same.Forward(5.0)) == Approx(5.0));
  const OutputWarp identity = OutputWarp::Fit({});
  CHECK(identity.Forward(3.5) == 3.5);
  CHECK(identity.Inverse(3.5) == 3.5);
  // Far out in the compressed tail, Inverse saturates instead of overflowing.
  CHECK(std::isfinite(same.Inverse(1e6)));
}

}  // namespace
}  // namespace tune::gp
