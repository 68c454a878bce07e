// A scrambled Sobol sequence: quasi-random points in the unit cube.
//
// Sobol points fill the cube far more evenly than independent uniforms: the
// first 2^k points of each coordinate put exactly one point in each interval
// [i/2^k, (i+1)/2^k). The generator uses the direction numbers of Joe and
// Kuo (2008) for the first kMaxSobolDims coordinates and applies a nested
// uniform (Owen) scramble to each coordinate with Burley's hash (2020), keyed
// by seeds drawn from the caller's generator. Scrambling keeps the
// stratification, makes every point uniform on its own, and makes different
// seeds give unrelated sequences. Coordinates past kMaxSobolDims are
// independent uniforms (a hash of the index and the coordinate's seed).
//
// Example:
//   rng::SplitMix64 rng(seed);
//   ScrambledSobol sobol(3, rng);
//   std::vector<double> p = sobol.Point(0);  // 3 numbers in (0, 1)
//
// Points have 32 bits of resolution and lie strictly inside (0, 1). A
// ScrambledSobol is immutable once made: safe to share between threads.
#pragma once

#include <cstdint>
#include <vector>

#include "tuner/rng/split_mix64.h"

namespace tune::gp {

// Coordinates that get Sobol direction numbers; later ones are uniform.
inline constexpr int kMaxSobolDims = 64;

class ScrambledSobol {
 public:
  // Draws one scrambling seed per coordinate from `rng`.
  ScrambledSobol(int dims, rng::SplitMix64& rng);

  int dims() const { return static_cast<int>(seeds_.size()); }

  // The point numbered `index` (from 0). Indices from 2^32 on wrap around.
  std::vector<double> Point(uint64_t index) const;

  // Coordinate `dim` of point `index`; requires 0 <= dim < dims().
  double Coordinate(uint64_t index, int dim) const;

 private:
  std::vector<uint32_t> seeds_;
};

// The unscrambled Sobol coordinate `dim` (< kMaxSobolDims) of point `index`
// as 32 bits: the binary fraction 0.b31 b30 ... b0. Exposed for tests.
uint32_t SobolBits(uint32_t index, int dim);

}  // namespace tune::gp
