// The Grid strategy: every combination of the ranges' values, in order.
//
// The grid takes each Categorical range's values in spec order and each
// Integer range's values min, min+step, ... <= max (ParameterRange::step),
// and enumerates their combinations in odometer order, the last range
// turning fastest. Suggest(count) returns the first `count` grid points, in
// grid order, that are neither completed nor active; a point matches a
// trial when their space::PointKey texts agree (so 5 and 5.0 are the same
// point; trials off the grid match nothing). Once fewer than `count`
// remain it returns only those, and none at all once the grid is used up
// (not an error), as RandomDesigner does for a used-up discrete space.
// Values have the types of every designer (space/parameter_value.h):
// integers as int64_t, categories as strings.
//
// Example:
//   absl::StatusOr<std::unique_ptr<GridDesigner>> grid =
//       GridDesigner::Create(spec.ranges);
//   (*grid)->Update(completed, active);
//   auto points = (*grid)->Suggest(4);
//
// Not thread-safe (Designer's rules); Suggest() is const and pure.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "absl/status/statusor.h"
#include "tuner/designers/designer.h"
#include "tuner/spec/job_spec.h"

namespace tune::designers {

class GridDesigner final : public Designer {
 public:
  // Suggest() refuses larger counts.
  static constexpr int kMaxSuggestCount = 10000;
  // Grids with more points are refused.
  static constexpr uint64_t kMaxGridPoints = uint64_t{1} << 62;

  // Errors: InvalidArgument for a Continuous range, an Integer range with
  // step < 1 or max < min, a Categorical range without values, or a grid
  // of more than kMaxGridPoints points.
  static absl::StatusOr<std::unique_ptr<GridDesigner>> Create(
      std::vector<spec::ParameterRange> ranges);

  // The number of grid points (1 for no ranges: the empty assignment).
  uint64_t size() const { return size_; }

  // The grid point numbered `index` (0-based, grid order). Requires
  // index < size().
  space::Parameters PointAt(uint64_t index) const;

  // The number of `parameters` in the grid, or nullopt when it is not a
  // grid point.
  std::optional<uint64_t> IndexOf(const space::Parameters& parameters) const;

  void Update(const std::vector<CompletedTrial>& completed,
              const std::vector<space::Parameters>& active) override;

  // Errors: InvalidArgument for count < 1 or count > kMaxSuggestCount.
  absl::StatusOr<std::vector<space::Parameters>> Suggest(
      int count) const override;

  // Each reason is {"grid_index": i, "grid_size": n}.
  absl::StatusOr<std::vector<Suggestion>> SuggestWithReasons(
      int count) const override;

 private:
  GridDesigner(std::vector<spec::ParameterRange> ranges,
               std::vector<uint64_t> radices, uint64_t size);

  // The numbers of the next `count` unused points, in grid order.
  absl::StatusOr<std::vector<uint64_t>> NextUnused(int count) const;

  std::vector<spec::ParameterRange> ranges_;
  std::vector<uint64_t> radices_;  // values per range
  uint64_t size_;
  // From the last Update(): the numbers of the grid points tried.
  std::set<uint64_t> used_;
};

}  // namespace tune::designers
