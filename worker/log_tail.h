// The last lines of a trial's log, sent to the tuner when the trial ends so
// that tunectl and the dashboard can show why it ended without a shell on
// the worker. Stateless; thread-safe.
#pragma once

#include <cstddef>
#include <string>

namespace tune::worker {

inline constexpr size_t kLogTailLines = 50;
inline constexpr size_t kLogTailBytes = 16 * 1024;

// The last `max_lines` lines of the file at `path`, at most `max_bytes`
// bytes (a longer tail is cut at the front, at a line start when it can
// be), with a final newline kept. Empty when the file cannot be read. Bytes
// are passed through as they are: the log is untrusted and may be binary.
std::string ReadLogTail(const std::string& path,
                        size_t max_lines = kLogTailLines,
                        size_t max_bytes = kLogTailBytes);

}  // namespace tune::worker
