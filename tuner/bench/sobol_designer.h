// A quasi-random baseline for the benchmark: the points of one scrambled
// Sobol sequence (tuner/gp/sobol.h) in the order of the sequence, mapped to
// the ranges with space::FromUnitPoint.
//
// Stateless apart from the history size: after Update() with n completed
// plus active trials, Suggest(k) returns points n .. n+k-1, so a job that
// asks one point at a time walks the sequence from its start. The scramble
// is keyed by the seed. Unlike RandomDesigner it does not avoid repeats; in
// a fully discrete space the sequence may revisit points.
//
//   SobolDesigner designer(spec.ranges, seed);
//   designer.Update(completed, active);
//   absl::StatusOr<std::vector<space::Parameters>> points =
//       designer.Suggest(4);
//
// Not thread-safe (Designer's rules); Suggest() is const and pure.
#pragma once

#include <cstdint>
#include <vector>

#include "tuner/designers/designer.h"
#include "tuner/gp/sobol.h"
#include "tuner/spec/job_spec.h"

namespace tune::bench {

class SobolDesigner final : public designers::Designer {
 public:
  // Suggest() refuses larger counts.
  static constexpr int kMaxSuggestCount = 10000;

  SobolDesigner(std::vector<spec::ParameterRange> ranges, uint64_t seed);

  void Update(const std::vector<designers::CompletedTrial>& completed,
              const std::vector<space::Parameters>& active) override;

  // Errors: InvalidArgument for count < 1 or count > kMaxSuggestCount.
  absl::StatusOr<std::vector<space::Parameters>> Suggest(
      int count) const override;

 private:
  std::vector<spec::ParameterRange> ranges_;
  gp::ScrambledSobol sequence_;
  uint64_t history_size_ = 0;  // from the last Update()
};

}  // namespace tune::bench
