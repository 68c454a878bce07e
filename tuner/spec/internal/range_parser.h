// Parsing of a spec's `hyperparameter_ranges` map, for the spec parser only.
//
// Each key names a range (a command-line-flag name, see names.h) and each
// value is a map with `type` and, by type:
//   Continuous:  min, max (finite numbers, min < max), scaling Auto | Linear
//                | Logarithmic (min > 0) | ReverseLogarithmic (0 <= min,
//                max < 1).
//   Integer:     min, max (integers within +-2^53, min < max), scaling Auto |
//                Linear | Logarithmic (min > 0).
//   Categorical: values, a non-empty list of distinct, non-empty scalars kept
//                as the text written.
// An Integer range of a Grid search may also give `step` (an integer >= 1;
// the grid is min, min+step, ... <= max); a Grid search takes no Continuous
// range. Errors are InvalidArgument with the field's path first. Stateless.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tuner/spec/job_spec.h"
#include "yaml-cpp/yaml.h"

namespace tune::spec::internal {

inline constexpr size_t kMaxRanges = 1000;
// Abuse limits: a Categorical list, and static hyperparameters, beyond
// these are refused (README, "Secure setup", Limits).
inline constexpr size_t kMaxCategoricalValues = 1000;
inline constexpr size_t kMaxStaticHyperparameters = 1000;
// Integer bounds beyond this would not be exact in JobSpec's doubles.
inline constexpr int64_t kMaxIntegerBound = int64_t{1} << 53;

// The ranges in the order of the spec; at least one, at most kMaxRanges.
// `strategy` decides whether step and Continuous ranges are allowed.
absl::StatusOr<std::vector<ParameterRange>> ParseRanges(const YAML::Node& node,
                                                        absl::string_view path,
                                                        Strategy strategy);

// The number of points of a Grid search over `ranges`, all Categorical or
// Integer: the product of the Categorical value counts and the Integer
// counts floor((max - min) / step) + 1. Errors, at `path`: more than `limit`
// points.
absl::StatusOr<int64_t> CountGridPoints(
    const std::vector<ParameterRange>& ranges, absl::string_view path,
    int64_t limit);

}  // namespace tune::spec::internal
