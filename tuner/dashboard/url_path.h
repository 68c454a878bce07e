// Turning a request target into the path segments routes match on.
//
//   DecodePath("/api/jobs/my%2Djob?x=1") -> "/api/jobs/my-job"
//   SplitPath("/api/jobs/my-job/")       -> {"api", "jobs", "my-job"}
//
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace tune::dashboard {

// The target's path, query and fragment dropped, percent-escapes decoded
// ('+' stays '+'). InvalidArgument when it does not start with '/', has a
// bad escape, or decodes to a NUL or other control character.
absl::StatusOr<std::string> DecodePath(std::string_view target);

// The non-empty segments between '/'s.
std::vector<std::string> SplitPath(std::string_view path);

}  // namespace tune::dashboard
