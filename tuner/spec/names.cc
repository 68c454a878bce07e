#include "tuner/spec/names.h"

#include "absl/strings/ascii.h"

namespace tune::spec {

bool IsValidJobName(std::string_view name) {
  if (name.empty() || name.size() > 63) return false;
  if (!absl::ascii_isalnum(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-') {
      return false;
    }
  }
  return true;
}

bool IsValidParameterName(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  const unsigned char first = static_cast<unsigned char>(name[0]);
  if (!absl::ascii_isalpha(first) && first != '_') return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' &&
        c != '.' && c != '-') {
      return false;
    }
  }
  return true;
}

bool IsValidMetricName(std::string_view name) {
  if (name.empty() || name.size() > 255) return false;
  for (char c : name) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return false;  // Bytes >= 0x80: UTF-8.
  }
  return true;
}

}  // namespace tune::spec
