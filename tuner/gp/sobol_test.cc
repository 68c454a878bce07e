#include "tuner/gp/sobol.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <set>
#include <vector>

namespace tune::gp {
namespace {

double Unscrambled(uint32_t index, int dim) {
  return static_cast<double>(SobolBits(index, dim)) * 0x1.0p-32;
}

TEST_CASE("Unscrambled Sobol coordinates match the known first points") {
  // Coordinate 0 is van der Corput; coordinate 1 (polynomial x + 1) has
  // direction numbers 1/2, 3/4, 5/8, ...; points are in index order, not
  // Gray-code order.
  struct Case {
    uint32_t index;
    int dim;
    double expected;
  };
  const Case cases[] = {
      {0, 0, 0.0},   {1, 0, 0.5},   {2, 0, 0.25}, {3, 0, 0.75},
      {4, 0, 0.125}, {0, 1, 0.0},   {1, 1, 0.5},  {2, 1, 0.75},
      {3, 1, 0.25},  {4, 1, 0.625}, {1, 2, 0.5},  {2, 2, 0.75},
  };
  for (const Case& c : cases) {
    CAPTURE(c.index, c.dim);
    CHECK(Unscrambled(c.index, c.dim) == c.expected);
  }
}

TEST_CASE("The first 2^k scrambled points stratify every coordinate") {
  rng::SplitMix64 rng(11);
  const ScrambledSobol sobol(kMaxSobolDims, rng);
  constexpr int kPoints = 256;
  for (int dim = 0; dim < kMaxSobolDims; ++dim) {
    CAPTURE(dim);
    std::set<int> cells;
    for (int i = 0; i < kPoints; ++i) {
      const double u = sobol.Coordinate(static_cast<uint64_t>(i), dim);
      REQUIRE(u > 0);
      REQUIRE(u < 1);
      cells.insert(static_cast<int>(u * kPoints));
    }
    CHECK(cells.size() == static_cast<size_t>(kPoints));
  }
}

TEST_CASE(
    "Scrambled Sobol keeps the (0, m, 2)-net property of its first two "
    "coordinates") {
  rng::SplitMix64 rng(5);
  const ScrambledSobol sobol(2, rng);
  // 256 points: every box of 1/2^a by 1/2^(8-a) holds exactly one.
  for (int a = 0; a <= 8; ++a) {
    CAPTURE(a);
    std::set<std::pair<int, int>> boxes;
    for (int i = 0; i < 256; ++i) {
      const std::vector<double> p = sobol.Point(static_cast<uint64_t>(i));
      boxes.insert({static_cast<int>(std::ldexp(p[0], a)),
                    static_cast<int>(std::ldexp(p[1], 8 - a))});
    }
    CHECK(boxes.size() == 256u);
  }
}

TEST_CASE("The scrambling depends on the seed and only on it") {
  rng::SplitMix64 a(1), b(1), c(2);
  const ScrambledSobol sa(70, a), sb(70, b), sc(70, c);
  CHECK(sa.Point(3) == sb.Point(3));
  CHECK(sa.Point(3) != sc.Point(3));
  // Coordinates past the table are uniform numbers in (0, 1).
  const std::vector<double> p = sa.Point(7);
  REQUIRE(p.size() == 70u);
  CHECK(p[69] > 0);
  CHECK(p[69] < 1);
}

}  // namespace
}  // namespace tune::gp
