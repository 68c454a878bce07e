#include "tuner/gp/search_epochs.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

namespace tune::gp {
namespace {

// d = 2: an epoch ends after StallLength(2) = 10 observations without
// improvement; restarts open with RestartDesignSize(2) = 3 points.
constexpr int kDims = 2;
constexpr int kDesign = 5;

std::vector<double> ImprovingThenFlat(int improving, int flat) {
  std::vector<double> values;
  for (int i = 0; i < improving; ++i) values.push_back(10.0 - i);
  const double floor = 10.0 - (improving - 1);  // the last improving value
  for (int i = 0; i < flat; ++i) values.push_back(floor + 1e-6 * i);
  return values;
}

TEST_CASE("Search epochs: the sizes that end and open an epoch") {
  CHECK(StallLength(2) == 10);
  CHECK(StallLength(6) == 12);
  CHECK(RestartDesignSize(1) == 3);
  CHECK(RestartDesignSize(6) == 7);
}

TEST_CASE("Search epochs: a search that keeps improving stays in one") {
  std::vector<double> values;
  for (int i = 0; i < 200; ++i) values.push_back(100.0 - i);
  const SearchEpoch epoch = CurrentEpoch(values, kDims, kDesign);
  CHECK(epoch.number == 0);
  CHECK(epoch.start == 0);
  CHECK(CurrentEpoch({}, kDims, kDesign).number == 0);
}

TEST_CASE("Search epochs: a stall opens a new epoch") {
  // Last improvement at index 4; index 14 is the 10th observation without
  // one, and 15 observations are at least the design plus the stall.
  CHECK(CurrentEpoch(ImprovingThenFlat(5, 9), kDims, kDesign).number == 0);
  const SearchEpoch epoch =
      CurrentEpoch(ImprovingThenFlat(5, 10), kDims, kDesign);
  CHECK(epoch.number == 1);
  CHECK(epoch.start == 15);

  // The second epoch has its own best: its first value always improves
  // on nothing, and it ends after its 3-point design plus 10 more flat
  // values past its last improvement.
  std::vector<double> values = ImprovingThenFlat(5, 10);
  for (int i = 0; i < 10; ++i) values.push_back(7.0);
  CHECK(CurrentEpoch(values, kDims, kDesign).number == 1);
  for (int i = 0; i < 3; ++i) values.push_back(7.0);
  const SearchEpoch second = CurrentEpoch(values, kDims, kDesign);
  CHECK(second.number == 2);
  CHECK(second.start == static_cast<int>(values.size()));
}

TEST_CASE("Search epochs: a long design is not cut short") {
  // Flat from the start, but the job's design is 20 points long.
  const SearchEpoch epoch = CurrentEpoch(ImprovingThenFlat(1, 28), kDims, 20);
  CHECK(epoch.number == 0);
  CHECK(CurrentEpoch(ImprovingThenFlat(1, 29), kDims, 20).number == 1);
}

TEST_CASE("Search epochs: improvements below the tolerance do not count") {
  // Each value improves by 1e-4 on a best of about 1: less than 1e-3 of
  // it, so the search counts as stalled.
  std::vector<double> values = {5, 4, 3, 2, 1};
  for (int i = 1; i <= 10; ++i) values.push_back(1.0 - 1e-4 * i);
  CHECK(CurrentEpoch(values, kDims, kDesign).number == 1);
  // Improvements of 1% do count.
  values.resize(5);
  for (int i = 1; i <= 10; ++i) values.push_back(1.0 - 1e-2 * i);
  CHECK(CurrentEpoch(values, kDims, kDesign).number == 0);
}

TEST_CASE("Search epochs: non-finite values never improve") {
  std::vector<double> values = ImprovingThenFlat(5, 9);
  values.push_back(std::numeric_limits<double>::quiet_NaN());
  CHECK(CurrentEpoch(values, kDims, kDesign).number == 0);
  values.push_back(6.5);
  const SearchEpoch epoch = CurrentEpoch(values, kDims, kDesign);
  CHECK(epoch.number == 1);
  CHECK(epoch.start == 16);
}

}  // namespace
}  // namespace tune::gp
