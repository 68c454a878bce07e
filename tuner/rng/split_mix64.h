// A small, fully specified pseudo-random generator for the designers and
// the GP (below both, so neither includes the other).
//
// SplitMix64 (Steele, Lea and Flood 2014) gives the same numbers on every
// platform and standard library, unlike std:: distributions, whose output
// is implementation-defined; that is what lets a restarted tunerd suggest
// exactly what it would have suggested before. Not for cryptography.
//
//   SplitMix64 rng(MixSeed(seed, history_size));
//   double u = rng.NextUnit();                 // [0, 1), 53 random bits
//   uint64_t i = rng.NextBelow(6);             // 0..5, unbiased
//
// Header-only. A generator is a value: not thread-safe, cheap to copy.
#pragma once

#include <cstdint>

namespace tune::rng {

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}

  // The next 64 random bits.
  uint64_t Next() {
    state_ += 0x9E3779B97F4A7C15ULL;
    return Finalize(state_);
  }

  // A double uniform in [0, 1) made from the top 53 bits.
  double NextUnit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

  // An integer uniform in [0, bound); 0 when bound is 0. Unbiased: draws
  // that fall in the incomplete last block of 2^64 are redrawn.
  uint64_t NextBelow(uint64_t bound) {
    if (bound == 0) return 0;
    const uint64_t threshold = (0 - bound) % bound;  // 2^64 mod bound
    while (true) {
      const uint64_t r = Next();
      if (r >= threshold) return r % bound;
    }
  }

  // SplitMix64's output function: a bijective mix of 64 bits.
  static uint64_t Finalize(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

 private:
  uint64_t state_;
};

// A seed for one suggestion round, from the job's seed and a count that
// changes between rounds (such as the number of trials seen): different
// inputs give unrelated streams.
inline uint64_t MixSeed(uint64_t seed, uint64_t round) {
  return SplitMix64::Finalize(
      seed ^ SplitMix64::Finalize(round + 0x9E3779B97F4A7C15ULL));
}

}  // namespace tune::rng
