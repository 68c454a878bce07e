// Encodes trial parameters as the JSON object stored with each trial, and
// back. Doubles stay JSON floats and integers JSON integers, so the types
// survive the round trip. Stateless; thread-safe.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "tuner/space/parameter_value.h"

namespace tune::scheduler {

std::string ParametersToJson(const space::Parameters& parameters);

// InvalidArgument when the text is not a JSON object of numbers and strings.
absl::StatusOr<space::Parameters> ParametersFromJson(const std::string& text);

}  // namespace tune::scheduler
