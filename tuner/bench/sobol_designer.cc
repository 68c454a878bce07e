#include "tuner/bench/sobol_designer.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "tuner/rng/split_mix64.h"
#include "tuner/space/scaling.h"

namespace tune::bench {
namespace {

gp::ScrambledSobol MakeSequence(int dims, uint64_t seed) {
  rng::SplitMix64 rng(seed);
  return gp::ScrambledSobol(dims, rng);
}

}  // namespace

SobolDesigner::SobolDesigner(std::vector<spec::ParameterRange> ranges,
                             uint64_t seed)
    : ranges_(std::move(ranges)),
      sequence_(MakeSequence(static_cast<int>(ranges_.size()), seed)) {}

void SobolDesigner::Update(
    const std::vector<designers::CompletedTrial>& completed,
    const std::vector<space::Parameters>& active) {
  history_size_ = completed.size() + active.size();
}

absl::StatusOr<std::vector<space::Parameters>> SobolDesigner::Suggest(
    int count) const {
  if (count < 1 || count > kMaxSuggestCount) {
    return absl::InvalidArgumentError(
        absl::StrCat("count must be between 1 and ", kMaxSuggestCount, " (got ",
                     count, ")"));
  }
  std::vector<space::Parameters> points;
  points.reserve(count);
  for (int i = 0; i < count; ++i) {
    points.push_back(
        space::FromUnitPoint(ranges_, sequence_.Point(history_size_ + i)));
  }
  return points;
}

}  // namespace tune::bench
