// Draws from the standard normal distribution with the designers' seeded
// generator (designers/split_mix64.h).
//
// std::normal_distribution's output is implementation-defined; this one is
// Box-Muller on SplitMix64's 53-bit uniforms, so a seed gives the same draws
// with every standard library (up to libm's last-bit differences in log and
// cos). Header-only; a generator is not thread-safe, the functions are pure
// apart from advancing it.
//
//   rng::SplitMix64 rng(seed);
//   double z = gp::StandardNormal(rng);
#pragma once

#include <cmath>
#include <numbers>

#include "tuner/rng/split_mix64.h"

namespace tune::gp {

// One standard normal draw; consumes two uniforms.
inline double StandardNormal(rng::SplitMix64& rng) {
  const double u1 = 1.0 - rng.NextUnit();  // (0, 1]: log stays finite
  const double u2 = rng.NextUnit();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

}  // namespace tune::gp
