#include "tuner/rng/split_mix64.h"

#include <catch2/catch.hpp>
#include <vector>

namespace tune::rng {
namespace {

TEST_CASE("SplitMix64 gives the reference sequence") {
  // The first outputs of the reference implementation seeded with 0.
  SplitMix64 rng(0);
  CHECK(rng.Next() == 0xE220A8397B1DCDAFULL);
  CHECK(rng.Next() == 0x6E789E6AA1B965F4ULL);
  CHECK(rng.Next() == 0x06C45D188009454FULL);
}

TEST_CASE("NextUnit is uniform below 1 and uses 53 bits") {
  SplitMix64 rng(42);
  double sum = 0;
  bool small_seen = false;
  for (int i = 0; i < 100000; ++i) {
    const double u = rng.NextUnit();
    REQUIRE(u >= 0);
    REQUIRE(u < 1);
    sum += u;
    // Values this small show that low bits reach the double.
    small_seen |= u > 0 && u < 0x1.0p-10;
  }
  CHECK(sum / 100000 == Approx(0.5).margin(0.01));
  CHECK(small_seen);
}

TEST_CASE("NextBelow covers 0 to bound-1 evenly") {
  SplitMix64 rng(7);
  CHECK(rng.NextBelow(0) == 0);
  CHECK(rng.NextBelow(1) == 0);
  std::vector<int> counts(6);
  for (int i = 0; i < 60000; ++i) {
    const uint64_t r = rng.NextBelow(6);
    REQUIRE(r < 6);
    ++counts[r];
  }
  for (int count : counts) CHECK(std::abs(count - 10000) < 500);
}

TEST_CASE("MixSeed separates seeds and rounds") {
  CHECK(MixSeed(1, 0) != MixSeed(2, 0));
  CHECK(MixSeed(1, 0) != MixSeed(1, 1));
  CHECK(MixSeed(1, 1) != MixSeed(0, 0));
  CHECK(MixSeed(5, 9) == MixSeed(5, 9));
}

}  // namespace
}  // namespace tune::rng
