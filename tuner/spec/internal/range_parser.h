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
// Errors are InvalidArgument with the field's path first. Stateless.
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tuner/spec/job_spec.h"
#include "yaml-cpp/yaml.h"

namespace tune::spec::internal {

inline constexpr size_t kMaxRanges = 1000;
// Integer bounds beyond this would not be exact in JobSpec's doubles.
inline constexpr int64_t kMaxIntegerBound = int64_t{1} << 53;

// The ranges in the order of the spec; at least one, at most kMaxRanges.
absl::StatusOr<std::vector<ParameterRange>> ParseRanges(const YAML::Node& node,
                                                        absl::string_view path);

}  // namespace tune::spec::internal
