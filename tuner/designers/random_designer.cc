#include "tuner/designers/random_designer.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "tuner/space/discrete_space.h"
#include "tuner/space/point_key.h"
#include "tuner/space/scaling.h"

namespace tune::designers {
namespace {



}  // namespace

RandomDesigner::RandomDesigner(std::vector<spec::ParameterRange> ranges,
                               uint64_t seed)
    : ranges_(std::move(ranges)),
      seed_(seed),
      discrete_size_(space::CountDiscretePoints(ranges_)) {}

void RandomDesigner::Update(const std::vector<CompletedTrial>& completed,
                            const std::vector<space::Parameters>& active) {
  history_size_ = completed.size() + active.size();
  used_indices_.clear();
  used_keys_.clear();
  auto add = [this](const space::Parameters& parameters) {
    if (discrete_size_.has_value()) {
      // A point outside the space can never equal a suggestion.
      if (auto index = space::DiscreteIndex(ranges_, parameters)) {
        used_indices_.insert(*index);
      }
    } else {
      used_keys_.insert(space::PointKey(ranges_, parameters));
    }
  };
  for (const CompletedTrial& trial : completed) add(trial.parameters);
  for (const space::Parameters& parameters : active) add(parameters);
}

absl::StatusOr<std::vector<space::Parameters>> RandomDesigner::Suggest(
    int count) const {
  if (count < 1 || count > kMaxSuggestCount) {
    return absl::InvalidArgumentError(
        absl::StrCat("count must be between 1 and ", kMaxSuggestCount, " (got ",
                     count, ")"));
  }
  if (discrete_size_.has_value())
    return SuggestDiscrete(count, *discrete_size_);
  return SuggestContinuous(count);
}

uint64_t RandomDesigner::RoundSeed() const {
  return rng::MixSeed(seed_, history_size_);
}

std::vector<double> RandomDesigner::DrawUnitPoint(rng::SplitMix64& rng) const {
  std::vector<double> point(ranges_.size());
  for (double& u : point) u = rng.NextUnit();
  return point;
}

std::vector<space::Parameters> RandomDesigner::SuggestDiscrete(
    int count, uint64_t size) const {
  rng::SplitMix64 rng(RoundSeed());
  std::set<uint64_t> used = used_indices_;
  std::vector<space::Parameters> points;
  while (points.size() < static_cast<size_t>(count) && used.size() < size) {
    std::optional<uint64_t> chosen;
    for (int draw = 0; draw < kMaxDraws && !chosen.has_value(); ++draw) {
      const space::Parameters candidate =
          space::FromUnitPoint(ranges_, DrawUnitPoint(rng));
      const std::optional<uint64_t> index =
          space::DiscreteIndex(ranges_, candidate);
      if (index.has_value() && used.count(*index) == 0) chosen = index;
    }
    // The space is nearly used up: pick uniformly among what is left.
    if (!chosen.has_value()) {
      chosen = space::NthUnused(used, rng.NextBelow(size - used.size()));
    }
    used.insert(*chosen);
    points.push_back(space::DiscretePoint(ranges_, *chosen));
  }
  return points;
}

std::vector<space::Parameters> RandomDesigner::SuggestContinuous(
    int count) const {
  rng::SplitMix64 rng(RoundSeed());
  std::set<std::string> batch;
  std::vector<space::Parameters> points;
  while (points.size() < static_cast<size_t>(count)) {
    space::Parameters candidate;
    std::string key;
    for (int draw = 0; draw < kMaxDraws; ++draw) {
      candidate = space::FromUnitPoint(ranges_, DrawUnitPoint(rng));
      key = space::PointKey(ranges_, candidate);
      if (used_keys_.count(key) == 0 && batch.count(key) == 0) break;
    }
    batch.insert(std::move(key));
    points.push_back(std::move(candidate));
  }
  return points;
}

}  // namespace tune::designers
