// A designer that samples the search space uniformly at random.
//
// Points are uniform in each range's scaled space (space/scaling.h):
// logarithmic scalings are honoured, integers and categories come out exact.
// The generator is seeded from the job's seed and the number of trials seen
// in the last Update(), so the same seed and history give the same
// suggestions, and a restarted tunerd continues where it stopped. Two calls
// to Suggest() with no Update() between them return the same points.
//
// Repeats are avoided: a point equal to a completed or active trial, or to
// another point of the same batch, is redrawn (up to kMaxDraws times).
//   * A fully discrete space (only Integer and Categorical ranges) never gets
//     a repeat: when redraws keep colliding, the point is picked uniformly
//     among the unused ones, and once every point is used Suggest() returns
//     fewer than `count` points, or none at all (not an error).
//   * A space with a Continuous range has practically no repeats; should
//     kMaxDraws draws all collide, the last one is returned anyway.
//
// Example:
//   RandomDesigner designer(spec.ranges, spec.random_seed);
//   designer.Update(completed, active);
//   absl::StatusOr<std::vector<space::Parameters>> points =
//   designer.Suggest(4);
//
// Not thread-safe (Designer's rules); Suggest() is const and pure.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "tuner/designers/designer.h"
#include "tuner/rng/split_mix64.h"
#include "tuner/spec/job_spec.h"

namespace tune::designers {

class RandomDesigner final : public Designer {
 public:
  // Suggest() refuses larger counts.
  static constexpr int kMaxSuggestCount = 10000;
  // Draws per point before a collision is resolved as described above.
  static constexpr int kMaxDraws = 64;

  RandomDesigner(std::vector<spec::ParameterRange> ranges, uint64_t seed);

  void Update(const std::vector<CompletedTrial>& completed,
              const std::vector<space::Parameters>& active) override;

  // Errors: InvalidArgument for count < 1 or count > kMaxSuggestCount.
  absl::StatusOr<std::vector<space::Parameters>> Suggest(
      int count) const override;

 private:
  std::vector<space::Parameters> SuggestDiscrete(int count,
                                                 uint64_t size) const;
  std::vector<space::Parameters> SuggestContinuous(int count) const;

  // The generator's seed for the current history.
  uint64_t RoundSeed() const;
  std::vector<double> DrawUnitPoint(rng::SplitMix64& rng) const;

  std::vector<spec::ParameterRange> ranges_;
  uint64_t seed_;
  // Number of points when the space is fully discrete and enumerable.
  std::optional<uint64_t> discrete_size_;

  // From the last Update().
  uint64_t history_size_ = 0;
  // Fully discrete spaces: the numbers (space/discrete_space.h) of the
  // points tried; points outside the space are left out.
  std::set<uint64_t> used_indices_;
  // Other spaces: a key per point tried (see PointKey in the .cc).
  std::set<std::string> used_keys_;
};

}  // namespace tune::designers
