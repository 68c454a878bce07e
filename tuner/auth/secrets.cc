#include "tuner/auth/secrets.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_replace.h"

namespace tune::auth {
namespace {

// Where the value of argv[i] is: {index, offset into it}; npos when argv[i]
// names no secret. "--key=V" holds its own value; "--key" is followed by it.
struct ValueAt {
  size_t index;
  size_t offset;
};

std::vector<ValueAt> SecretPositions(const std::vector<std::string>& argv) {
  std::vector<ValueAt> positions;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    const size_t equals = arg.find('=');
    if (equals != std::string::npos) {
      if (IsSecretName(std::string_view(arg).substr(0, equals)) &&
          equals + 1 < arg.size()) {
        positions.push_back({i, equals + 1});
      }
    } else if (arg.rfind("-", 0) == 0 && IsSecretName(arg) &&
               i + 1 < argv.size()) {
      positions.push_back({i + 1, 0});
      ++i;
    }
  }
  return positions;
}

}  // namespace

bool IsSecretName(std::string_view name) {
  const std::string lower = absl::AsciiStrToLower(std::string(name));
  for (const char* word : {"token", "key", "secret", "password"}) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return false;
}

std::vector<std::string> SecretValues(
    const std::vector<std::string>& argv,
    const std::vector<std::pair<std::string, std::string>>& named) {
  std::vector<std::string> values;
  for (const ValueAt& at : SecretPositions(argv)) {
    values.push_back(argv[at.index].substr(at.offset));
  }
  for (const auto& [name, value] : named) {
    if (IsSecretName(name) && !value.empty()) values.push_back(value);
  }
  return values;
}

std::string ShownValue(std::string_view name, const std::string& value,
                       bool show_secrets) {
  return show_secrets || !IsSecretName(name) ? value : kRedacted;
}

std::vector<std::string> RedactArgv(const std::vector<std::string>& argv) {
  std::vector<std::string> shown = argv;
  for (const ValueAt& at : SecretPositions(argv)) {
    shown[at.index] = shown[at.index].substr(0, at.offset) + kRedacted;
  }
  return shown;
}

std::string RedactValues(std::string text,
                         const std::vector<std::string>& values) {
  std::vector<std::string> sorted = values;
  // Longest first, so a value that contains another is hidden whole.
  std::sort(sorted.begin(), sorted.end(),
            [](const std::string& a, const std::string& b) {
              return a.size() > b.size();
            });
  for (const std::string& value : sorted) {
    if (!value.empty()) text = absl::StrReplaceAll(text, {{value, kRedacted}});
  }
  return text;
}

}  // namespace tune::auth
