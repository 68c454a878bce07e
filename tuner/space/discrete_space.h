// Numbering of the points of a fully discrete search space.
//
// When every range is Integer or Categorical the space has finitely many
// points; this file numbers them 0..count-1 in mixed radix (the first range
// is the most significant digit, integers in increasing order, categories in
// the order of the spec). Designers use it to tell when a space is used up
// and to pick among the points not yet tried; a grid designer can walk it.
//
// Example:
//   auto count = CountDiscretePoints(ranges);  // nullopt: not enumerable
//   for (uint64_t i = 0; count && i < *count; ++i) Use(DiscretePoint(ranges,
//   i));
//
// Pure functions; safe to call from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <vector>

#include "tuner/space/parameter_value.h"
#include "tuner/spec/job_spec.h"

namespace tune::space {

// Counts above this are reported as not enumerable.
inline constexpr uint64_t kMaxDiscretePoints = uint64_t{1} << 62;

// The number of points, or nullopt when a range is Continuous, a range is
// empty, or the count exceeds kMaxDiscretePoints. An empty list of ranges
// has one point (the empty assignment).
std::optional<uint64_t> CountDiscretePoints(
    const std::vector<spec::ParameterRange>& ranges);

// The number of `parameters` in the space, or nullopt when it is not a
// point of the space: a range's parameter is missing, an integer is outside
// [min, max] or not integral, or a category is not in the list (numbers are
// matched by FormatValue text). Parameters not named by a range are ignored.
// Requires CountDiscretePoints(ranges) to have a value.
std::optional<uint64_t> DiscreteIndex(
    const std::vector<spec::ParameterRange>& ranges,
    const Parameters& parameters);

// The point numbered `index`. Requires CountDiscretePoints(ranges) to have
// a value and index < that count (a larger index wraps around).
Parameters DiscretePoint(const std::vector<spec::ParameterRange>& ranges,
                         uint64_t index);

// The r-th (from 0) number of [0, size) that is not in `used`, for drawing
// uniformly among the points not tried yet; requires
// r < size - (number of elements of used below size).
uint64_t NthUnused(const std::set<uint64_t>& used, uint64_t r);

}  // namespace tune::space
