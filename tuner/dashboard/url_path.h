// Turning a request target into the path segments routes match on.
//
//   DecodePath("/api/jobs/my%2Djob?x=1") -> "/api/jobs/my-job"
//   SplitPath("/api/jobs/my-job/")       -> {"api", "jobs", "my-job"}
//   ParseQuery("/api/x?since=a%2Db&n=2") -> {{"n", "2"}, {"since", "a-b"}}
//
// Pure; thread-safe.
#pragma once

#include <map>
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

// The target's query as name -> value, both percent-decoded ('+' is a
// space). InvalidArgument for a bad escape, a control character, a name
// given twice, more than kMaxQueryParameters names, or a value over
// kMaxQueryValueBytes.
inline constexpr size_t kMaxQueryParameters = 16;
inline constexpr size_t kMaxQueryValueBytes = 256;
absl::StatusOr<std::map<std::string, std::string>> ParseQuery(
    std::string_view target);

}  // namespace tune::dashboard
