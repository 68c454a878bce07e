#include "tuner/dashboard/url_path.h"

#include "absl/strings/str_cat.h"

namespace tune::dashboard {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes `text`; '+' becomes a space when `plus_is_space`.
absl::StatusOr<std::string> Decode(std::string_view text, bool plus_is_space,
                                   std::string_view what) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      const int high = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
      const int low = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
      if (high < 0 || low < 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("bad percent-escape in the ", std::string(what)));
      }
      c = static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return absl::InvalidArgumentError(
          absl::StrCat("control character in the ", std::string(what)));
    }
    out += c;
  }
  return out;
}

}  // namespace

absl::StatusOr<std::map<std::string, std::string>> ParseQuery(
    std::string_view target) {
  std::map<std::string, std::string> query;
  const size_t mark = target.find('?');
  if (mark == std::string_view::npos) return query;
  std::string_view rest = target.substr(mark + 1);
  rest = rest.substr(0, rest.find('#'));
  while (!rest.empty()) {
    const size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? "" : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    auto name = Decode(pair.substr(0, eq), true, "query");
    if (!name.ok()) return name.status();
    auto value = Decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1),
                        true, "query");
    if (!value.ok()) return value.status();
    if (value->size() > kMaxQueryValueBytes) {
      return absl::InvalidArgumentError(absl::StrCat(
          "query parameter ", *name, ": longer than ", kMaxQueryValueBytes,
          " bytes"));
    }
    if (query.size() == kMaxQueryParameters) {
      return absl::InvalidArgumentError(absl::StrCat(
          "more than ", kMaxQueryParameters, " query parameters"));
    }
    if (!query.emplace(*name, *std::move(value)).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("query parameter ", *name, " given twice"));
    }
  }
  return query;
}

absl::StatusOr<std::string> DecodePath(std::string_view target) {
  target = target.substr(0, target.find_first_of("?#"));
  if (target.empty() || target.front() != '/') {
    return absl::InvalidArgumentError("the request target must start with '/'");
  }
  return Decode(target, /*plus_is_space=*/false, "path");
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
