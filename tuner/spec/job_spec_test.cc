#include "tuner/spec/job_spec.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>

namespace tune::spec {
namespace {

TEST_CASE("IsBetter compares by the objective's direction") {
  const double nan = std::nan("");
  const double inf = std::numeric_limits<double>::infinity();
  struct Case {
    ObjectiveType type;
    double a, b;
    bool better;
  };
  const Case cases[] = {
      {ObjectiveType::kMaximize, 0.9, 0.8, true},
      {ObjectiveType::kMaximize, 0.8, 0.9, false},
      {ObjectiveType::kMaximize, 0.8, 0.8, false},  // ties are not better
      {ObjectiveType::kMinimize, 0.8, 0.9, true},
      {ObjectiveType::kMinimize, 0.9, 0.8, false},
      {ObjectiveType::kMinimize, -1, -1, false},
      {ObjectiveType::kMaximize, inf, 1e300, true},
      {ObjectiveType::kMinimize, -inf, -1e300, true},
      // NaN is never better, and anything beats NaN.
      {ObjectiveType::kMaximize, nan, 1, false},
      {ObjectiveType::kMinimize, nan, 1, false},
      {ObjectiveType::kMaximize, -1e9, nan, true},
      {ObjectiveType::kMinimize, 1e9, nan, true},
      {ObjectiveType::kMaximize, nan, nan, false},
  };
  for (const Case& c : cases) {
    CAPTURE(ToString(c.type), c.a, c.b);
    CHECK(IsBetter(c.type, c.a, c.b) == c.better);
  }
}

TEST_CASE("ToString uses the spec's vocabulary") {
  CHECK(std::string(ToString(Strategy::kBayesian)) == "Bayesian");
  CHECK(std::string(ToString(Strategy::kRandom)) == "Random");
  CHECK(std::string(ToString(Strategy::kGrid)) == "Grid");
  CHECK(std::string(ToString(Strategy::kHyperband)) == "Hyperband");
  CHECK(std::string(ToString(ObjectiveType::kMaximize)) == "Maximize");
  CHECK(std::string(ToString(ObjectiveType::kMinimize)) == "Minimize");
  CHECK(std::string(ToString(WarmStartType::kIdenticalDataAndAlgorithm)) ==
        "IdenticalDataAndAlgorithm");
  CHECK(std::string(ToString(WarmStartType::kTransferLearning)) ==
        "TransferLearning");
}

}  // namespace
}  // namespace tune::spec
