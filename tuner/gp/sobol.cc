#include "tuner/gp/sobol.h"

#include <array>

namespace tune::gp {
namespace {

// A primitive polynomial over GF(2) (bit i is the coefficient of x^i) and
// the initial direction numbers m_1..m_s for its degree s.
struct Primitive {
  uint32_t polynomial;
  std::array<uint32_t, 9> m;
};

// Coordinates 1..63 from S. Joe and F. Y. Kuo, "Constructing Sobol
// sequences with better two-dimensional projections", SIAM J. Sci. Comput.
// 30 (2008), file new-joe-kuo-6.21201 (as also tabulated in Boost.Random's
// sobol_table.hpp). Coordinate 0 is the van der Corput sequence.
constexpr Primitive kPrimitives[kMaxSobolDims - 1] = {
    {3, {1}},
    {7, {1, 3}},
    {11, {1, 3, 1}},
    {13, {1, 1, 1}},
    {19, {1, 1, 3, 3}},
    {25, {1, 3, 5, 13}},
    {37, {1, 1, 5, 5, 17}},
    {41, {1, 1, 5, 5, 5}},
    {47, {1, 1, 7, 11, 19}},
    {55, {1, 1, 5, 1, 1}},
    {59, {1, 1, 1, 3, 11}},
    {61, {1, 3, 5, 5, 31}},
    {67, {1, 3, 3, 9, 7, 49}},
    {91, {1, 1, 1, 15, 21, 21}},
    {97, {1, 3, 1, 13, 27, 49}},
    {103, {1, 1, 1, 15, 7, 5}},
    {109, {1, 3, 1, 15, 13, 25}},
    {115, {1, 1, 5, 5, 19, 61}},
    {131, {1, 3, 7, 11, 23, 15, 103}},
    {137, {1, 3, 7, 13, 13, 15, 69}},
    {143, {1, 1, 3, 13, 7, 35, 63}},
    {145, {1, 3, 5, 9, 1, 25, 53}},
    {157, {1, 3, 1, 13, 9, 35, 107}},
    {167, {1, 3, 1, 5, 27, 61, 31}},
    {171, {1, 1, 5, 11, 19, 41, 61}},
    {185, {1, 3, 5, 3, 3, 13, 69}},
    {191, {1, 1, 7, 13, 1, 19, 1}},
    {193, {1, 3, 7, 5, 13, 19, 59}},
    {203, {1, 1, 3, 9, 25, 29, 41}},
    {211, {1, 3, 5, 13, 23, 1, 55}},
    {213, {1, 3, 7, 3, 13, 59, 17}},
    {229, {1, 3, 1, 3, 5, 53, 69}},
    {239, {1, 1, 5, 5, 23, 33, 13}},
    {241, {1, 1, 7, 7, 1, 61, 123}},
    {247, {1, 1, 7, 9, 13, 61, 49}},
    {253, {1, 3, 3, 5, 3, 55, 33}},
    {285, {1, 3, 1, 15, 31, 13, 49, 245}},
    {299, {1, 3, 5, 15, 31, 59, 63, 97}},
    {301, {1, 3, 1, 11, 11, 11, 77, 249}},
    {333, {1, 3, 1, 11, 27, 43, 71, 9}},
    {351, {1, 1, 7, 15, 21, 11, 81, 45}},
    {355, {1, 3, 7, 3, 25, 31, 65, 79}},
    {357, {1, 3, 1, 1, 19, 11, 3, 205}},
    {361, {1, 1, 5, 9, 19, 21, 29, 157}},
    {369, {1, 3, 7, 11, 1, 33, 89, 185}},
    {391, {1, 3, 3, 3, 15, 9, 79, 71}},
    {397, {1, 3, 7, 11, 15, 39, 119, 27}},
    {425, {1, 1, 3, 1, 11, 31, 97, 225}},
    {451, {1, 1, 1, 3, 23, 43, 57, 177}},
    {463, {1, 3, 7, 7, 17, 17, 37, 71}},
    {487, {1, 3, 1, 5, 27, 63, 123, 213}},
    {501, {1, 1, 3, 5, 11, 43, 53, 133}},
    {529, {1, 3, 5, 5, 29, 17, 47, 173, 479}},
    {539, {1, 3, 3, 11, 3, 1, 109, 9, 69}},
    {545, {1, 1, 1, 5, 17, 39, 23, 5, 343}},
    {557, {1, 3, 1, 5, 25, 15, 31, 103, 499}},
    {563, {1, 1, 1, 11, 11, 17, 63, 105, 183}},
    {601, {1, 1, 5, 11, 9, 29, 97, 231, 363}},
    {607, {1, 1, 5, 15, 19, 45, 41, 7, 383}},
    {617, {1, 3, 7, 7, 31, 19, 83, 137, 221}},
    {623, {1, 1, 1, 3, 23, 15, 111, 223, 83}},
    {631, {1, 1, 5, 13, 31, 15, 55, 25, 161}},
    {637, {1, 1, 3, 13, 25, 47, 39, 87, 257}},
};

using DirectionNumbers = std::array<uint32_t, 32>;

// v[k] is XORed in for bit k of the index (Bratley and Fox's recurrence).
constexpr DirectionNumbers MakeDirections(int dim) {
  DirectionNumbers v{};
  if (dim == 0) {
    for (int k = 0; k < 32; ++k) v[k] = uint32_t{1} << (31 - k);
    return v;
  }
  const Primitive& p = kPrimitives[dim - 1];
  int s = 0;
  while ((p.polynomial >> (s + 1)) != 0) ++s;  // degree
  const uint32_t a = (p.polynomial >> 1) & ((uint32_t{1} << (s - 1)) - 1);
  for (int k = 0; k < 32; ++k) {
    if (k < s) {
      v[k] = p.m[k] << (31 - k);
      continue;
    }
    uint32_t value = v[k - s] ^ (v[k - s] >> s);
    for (int i = 1; i < s; ++i) {
      if ((a >> (s - 1 - i)) & 1) value ^= v[k - i];
    }
    v[k] = value;
  }
  return v;
}

constexpr std::array<DirectionNumbers, kMaxSobolDims> MakeAllDirections() {
  std::array<DirectionNumbers, kMaxSobolDims> all{};
  for (int dim = 0; dim < kMaxSobolDims; ++dim) all[dim] = MakeDirections(dim);
  return all;
}

constexpr std::array<DirectionNumbers, kMaxSobolDims> kDirections =
    MakeAllDirections();

uint32_t ReverseBits(uint32_t x) {
  x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
  x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
  x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
  x = ((x >> 8) & 0x00FF00FFu) | ((x & 0x00FF00FFu) << 8);
  return (x >> 16) | (x << 16);
}

// Burley, "Practical Hash-based Owen Scrambling" (JCGT 2020): a hash in
// which each bit depends only on the bits below it, applied to the reversed
// fraction, is a nested uniform scramble of the fraction.
uint32_t OwenScramble(uint32_t x, uint32_t seed) {
  x = ReverseBits(x);
  x += seed;
  x ^= x * 0x6c50b47cu;
  x ^= x * 0xb82f1e52u;
  x ^= x * 0xc7afe638u;
  x ^= x * 0x8d22f6e6u;
  return ReverseBits(x);
}

}  // namespace

uint32_t SobolBits(uint32_t index, int dim) {
  const DirectionNumbers& v = kDirections[dim];
  uint32_t x = 0;
  for (int k = 0; index != 0; ++k, index >>= 1) {
    if (index & 1) x ^= v[k];
  }
  return x;
}

ScrambledSobol::ScrambledSobol(int dims, rng::SplitMix64& rng) {
  seeds_.reserve(dims > 0 ? dims : 0);
  for (int i = 0; i < dims; ++i) {
    seeds_.push_back(static_cast<uint32_t>(rng.Next() >> 32));
  }
}

double ScrambledSobol::Coordinate(uint64_t index, int dim) const {
  const uint32_t i = static_cast<uint32_t>(index);
  uint32_t bits;
  if (dim < kMaxSobolDims) {
    bits = OwenScramble(SobolBits(i, dim), seeds_[dim]);
  } else {
    bits = static_cast<uint32_t>(
        rng::SplitMix64::Finalize((uint64_t{seeds_[dim]} << 32) | i) >>
        32);
  }
  return (static_cast<double>(bits) + 0.5) * 0x1.0p-32;
}

std::vector<double> ScrambledSobol::Point(uint64_t index) const {
  std::vector<double> point(seeds_.size());
  for (int dim = 0; dim < dims(); ++dim) point[dim] = Coordinate(index, dim);
  return point;
}

}  // namespace tune::gp
