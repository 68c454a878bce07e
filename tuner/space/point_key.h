// The identity of a point of a search space, for "never suggest the same
// configuration twice": the exact text of each range's value (FormatValue
// reads back exactly), so 5 and 5.0 are the same point. Parameters not
// named by a range are ignored. Stateless; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "tuner/space/parameter_value.h"
#include "tuner/spec/job_spec.h"

namespace tune::space {

std::string PointKey(const std::vector<spec::ParameterRange>& ranges,
                     const Parameters& parameters);

}  // namespace tune::space
