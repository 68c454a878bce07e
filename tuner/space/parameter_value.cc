#include "tuner/space/parameter_value.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <type_traits>

namespace tune::space {
namespace {

std::string FormatDouble(double value) {
  char buffer[64];
  // 17 significant digits always read back to the same double; fewer often
  // do and read better ("0.1" rather than "0.10000000000000001").
  for (int precision : {15, 16, 17}) {
    std::snprintf(buffer, sizeof(buffer), "%.*g", precision, value);
    if (precision == 17 || std::strtod(buffer, nullptr) == value) break;
  }
  return buffer;
}

}  // namespace

std::string FormatValue(const ParameterValue& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, double>) {
          return FormatDouble(v);
        } else if constexpr (std::is_same_v<T, int64_t>) {
          return std::to_string(v);
        } else {
          return v;
        }
      },
      value);
}

}  // namespace tune::space
