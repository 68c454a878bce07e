#include "tuner/gp/initial_design.h"

#include <algorithm>

#include "tuner/rng/split_mix64.h"

namespace tune::gp {
namespace {

// Separates the design's stream from the other uses of the job's seed.
constexpr uint64_t kDesignStream = 0x1D5E1A11D5E1A11DULL;

ScrambledSobol MakeSobol(int dims, uint64_t seed) {
  rng::SplitMix64 rng(rng::MixSeed(seed, kDesignStream));
  return ScrambledSobol(dims, rng);
}

}  // namespace

int InitialDesignSize(int dims, int max_jobs) {
  int size = std::max(2 * dims + 1, kMinDesign);
  if (max_jobs > 0) {
    size = std::min(size, std::max(kMinDesign, max_jobs / kBudgetShare));
  }
  return size;
}

InitialDesign::InitialDesign(int dims, uint64_t seed)
    : sobol_(MakeSobol(dims, seed)) {}

}  // namespace tune::gp
