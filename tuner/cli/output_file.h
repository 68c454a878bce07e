// Where tunectl plot and export put what they make: stdout for "-", else
// the named file, written to a temporary file beside it and renamed over
// it, so a reader never sees half a file. Thread-safe (no shared state).
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace tune::cli {

// InvalidArgument naming the path when it cannot be written.
absl::Status WriteOutput(const std::string& path, std::string_view bytes);

// The lower-cased extension of `path` without the dot ("svg"), or "".
std::string Extension(std::string_view path);

}  // namespace tune::cli
