#include "worker/log_tail.h"

#include <algorithm>
#include <fstream>

namespace tune::worker {

std::string ReadLogTail(const std::string& path, size_t max_lines,
                        size_t max_bytes) {
  std::ifstream file(path, std::ios::binary | std::ios::ate);
  if (!file || max_lines == 0 || max_bytes == 0) return "";
  const std::streamoff size = file.tellg();
  if (size <= 0) return "";
  // Only the end is read: a log can be gigabytes.
  const std::streamoff start =
      std::max<std::streamoff>(0, size - static_cast<std::streamoff>(max_bytes));
  std::string tail(static_cast<size_t>(size - start), '\0');
  file.seekg(start);
  if (!file.read(tail.data(), static_cast<std::streamsize>(tail.size()))) {
    return "";
  }
  // Drop a partial first line when the read did not start at a line.
  if (start > 0) {
    const size_t newline = tail.find('\n');
    if (newline != std::string::npos && newline + 1 < tail.size()) {
      tail.erase(0, newline + 1);
    } else {
      // One long line (a progress bar): start at a character, not inside
      // one (UTF-8 continuation bytes are 10xxxxxx).
      size_t skip = 0;
      while (skip < 3 && skip < tail.size() &&
             (static_cast<unsigned char>(tail[skip]) & 0xC0) == 0x80) {
        ++skip;
      }
      tail.erase(0, skip);
    }
  }
  // Keep the last max_lines lines; a final newline does not open a line.
  size_t lines = 0;
  size_t pos = tail.size();
  if (pos > 0 && tail[pos - 1] == '\n') --pos;
  while (pos > 0) {
    const size_t newline = tail.rfind('\n', pos - 1);
    if (newline == std::string::npos) break;
    if (++lines == max_lines) {
      tail.erase(0, newline + 1);
      break;
    }
    pos = newline;
  }
  return tail;
}

}  // namespace tune::worker
