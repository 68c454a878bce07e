#include "tuner/dashboard/url_path.h"


namespace tune::dashboard {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

absl::StatusOr<std::string> DecodePath(std::string_view target) {
  target = target.substr(0, target.find_first_of("?#"));
  if (target.empty() || target.front() != '/') {
    return absl::InvalidArgumentError("the request target must start with '/'");
  }
  std::string path;
  for (size_t i = 0; i < target.size(); ++i) {
    char c = target[i];
    if (c == '%') {
      const int high = i + 2 < target.size() ? HexValue(target[i + 1]) : -1;
      const int low = i + 2 < target.size() ? HexValue(target[i + 2]) : -1;
      if (high < 0 || low < 0) {
        return absl::InvalidArgumentError("bad percent-escape in the path");
      }
      c = static_cast<char>(high * 16 + low);
      i += 2;
    }
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return absl::InvalidArgumentError("control character in the path");
    }
    path += c;
  }
  return path;
}

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> segments;
  size_t begin = 0;
  while (begin <= path.size()) {
    size_t end = path.find('/', begin);
    if (end == std::string_view::npos) end = path.size();
    if (end > begin) segments.emplace_back(path.substr(begin, end - begin));
    begin = end + 1;
  }
  return segments;
}

}  // namespace tune::dashboard
