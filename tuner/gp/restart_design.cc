#include "tuner/gp/restart_design.h"

#include <cmath>

#include "tuner/gp/sobol.h"
#include "tuner/rng/split_mix64.h"

namespace tune::gp {
namespace {

// Keeps the restarts' stream apart from the other uses of the job's seed.
constexpr uint64_t kRestartStream = 0x2E57A272E57A272EULL;

}  // namespace

bool ContainsPoint(const std::vector<std::vector<double>>& points,
                   const std::vector<double>& point) {
  constexpr double kSamePoint = 1e-9;
  for (const std::vector<double>& p : points) {
    if (p.size() != point.size()) continue;
    bool same = true;
    for (size_t j = 0; j < p.size() && same; ++j) {
      same = std::abs(p[j] - point[j]) <= kSamePoint;
    }
    if (same) return true;
  }
  return false;
}

RestartDesign::RestartDesign(const InputTransform& transform, uint64_t seed,
                             int epoch_number) {
  rng::SplitMix64 rng(rng::MixSeed(seed ^ kRestartStream,
                                   static_cast<uint64_t>(epoch_number)));
  const ScrambledSobol sobol(transform.dims(), rng);
  for (int i = 0; i < kMaxDraws; ++i) {
    points_.push_back(
        transform.Canonical(sobol.Point(static_cast<uint64_t>(i))));
  }
}

std::optional<std::vector<double>> RestartDesign::FirstUnused(
    const std::function<bool(const std::vector<double>&)>& used) const {
  for (const std::vector<double>& point : points_) {
    if (!used(point)) return point;
  }
  return std::nullopt;
}

}  // namespace tune::gp
