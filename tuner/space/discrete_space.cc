#include "tuner/space/discrete_space.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <variant>

namespace tune::space {
namespace {

using spec::ParameterRange;
using spec::ParameterType;

// The number of values of one range; 0 for Continuous or empty ranges.
uint64_t RadixOf(const ParameterRange& range) {
  switch (range.type) {
    case ParameterType::kContinuous:
      return 0;
    case ParameterType::kInteger: {
      if (!(range.max >= range.min)) return 0;
      // The parser keeps integer bounds within +-2^53, so this is exact.
      const double n = std::floor(range.max) - std::ceil(range.min) + 1;
      return n >= 1 ? static_cast<uint64_t>(n) : 0;
    }
    case ParameterType::kCategorical:
      return range.values.size();
  }
  return 0;
}

// The digit of `value` in `range`, or nullopt when it is not one of its
// values.
std::optional<uint64_t> DigitOf(const ParameterRange& range,
                                const ParameterValue& value) {
  if (range.type == ParameterType::kCategorical) {
    const std::string text = FormatValue(value);
    const auto it = std::find(range.values.begin(), range.values.end(), text);
    if (it == range.values.end()) return std::nullopt;
    return static_cast<uint64_t>(it - range.values.begin());
  }
  double v;
  if (const auto* i = std::get_if<int64_t>(&value)) {
    v = static_cast<double>(*i);
  } else if (const auto* d = std::get_if<double>(&value)) {
    v = *d;
  } else {
    return std::nullopt;
  }
  const double lo = std::ceil(range.min);
  if (!(v >= lo && v <= range.max) || v != std::floor(v)) return std::nullopt;
  return static_cast<uint64_t>(v - lo);
}

ParameterValue ValueOf(const ParameterRange& range, uint64_t digit) {
  if (range.type == ParameterType::kCategorical) {
    return digit < range.values.size() ? range.values[digit] : std::string();
  }
  return static_cast<int64_t>(std::ceil(range.min)) +
         static_cast<int64_t>(digit);
}

}  // namespace

std::optional<uint64_t> CountDiscretePoints(
    const std::vector<ParameterRange>& ranges) {
  uint64_t count = 1;
  for (const ParameterRange& range : ranges) {
    const uint64_t radix = RadixOf(range);
    if (radix == 0 || radix > kMaxDiscretePoints / count) return std::nullopt;
    count *= radix;
  }
  return count;
}

std::optional<uint64_t> DiscreteIndex(const std::vector<ParameterRange>& ranges,
                                      const Parameters& parameters) {
  uint64_t index = 0;
  for (const ParameterRange& range : ranges) {
    const auto it = parameters.find(range.name);
    if (it == parameters.end()) return std::nullopt;
    const std::optional<uint64_t> digit = DigitOf(range, it->second);
    if (!digit) return std::nullopt;
    index = index * RadixOf(range) + *digit;
  }
  return index;
}

Parameters DiscretePoint(const std::vector<ParameterRange>& ranges,
                         uint64_t index) {
  Parameters parameters;
  for (size_t i = ranges.size(); i-- > 0;) {
    const uint64_t radix = std::max<uint64_t>(1, RadixOf(ranges[i]));
    parameters.insert_or_assign(ranges[i].name,
                                ValueOf(ranges[i], index % radix));
    index /= radix;
  }
  return parameters;
}

uint64_t NthUnused(const std::set<uint64_t>& used, uint64_t r) {
  uint64_t candidate = r;
  for (uint64_t u : used) {
    if (u > candidate) break;
    ++candidate;
  }
  return candidate;
}

}  // namespace tune::space
