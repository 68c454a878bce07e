#include "tuner/space/scaling.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <variant>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace tune::space {
namespace {

using spec::ParameterRange;
using spec::ParameterType;
using spec::Scaling;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Clamps to [0, 1]; NaN reads as 0.
double ClampUnit(double u) {
  if (!(u > 0)) return 0;
  return u > 1 ? 1 : u;
}

// --- Continuous ------------------------------------------------------------

bool ContinuousUsesLog(const ParameterRange& range) {
  return range.scaling == Scaling::kLogarithmic && range.min > 0;
}

bool ContinuousUsesReverseLog(const ParameterRange& range) {
  return range.scaling == Scaling::kReverseLogarithmic && range.min >= 0 &&
         range.max < 1;
}

double ContinuousFromUnit(const ParameterRange& range, double u) {
  if (u <= 0 || !(range.max > range.min)) return range.min;
  if (u >= 1) return range.max;
  double v;
  if (ContinuousUsesLog(range)) {
    const double a = std::log(range.min);
    const double b = std::log(range.max);
    v = std::exp(a + u * (b - a));
  } else if (ContinuousUsesReverseLog(range)) {
    // Uniform in w = log(1 - v); log1p/expm1 keep precision near 0.
    const double a = std::log1p(-range.min);
    const double b = std::log1p(-range.max);
    v = -std::expm1(a + u * (b - a));
  } else {
    v = range.min + u * (range.max - range.min);
  }
  return std::clamp(v, range.min, range.max);
}

double ContinuousToUnit(const ParameterRange& range, double v) {
  if (!std::isfinite(v)) return kNaN;
  if (v <= range.min || !(range.max > range.min)) return 0;
  if (v >= range.max) return 1;
  double u;
  if (ContinuousUsesLog(range)) {
    const double a = std::log(range.min);
    const double b = std::log(range.max);
    u = (std::log(v) - a) / (b - a);
  } else if (ContinuousUsesReverseLog(range)) {
    const double a = std::log1p(-range.min);
    const double b = std::log1p(-range.max);
    u = (std::log1p(-v) - a) / (b - a);
  } else {
    u = (v - range.min) / (range.max - range.min);
  }
  return ClampUnit(u);
}

// --- Integer ---------------------------------------------------------------

struct IntegerBounds {
  int64_t lo;
  int64_t hi;
};

IntegerBounds BoundsOf(const ParameterRange& range) {
  // The parser keeps integer bounds within +-2^53, so these are exact.
  const int64_t lo = std::llround(range.min);
  const int64_t hi = std::llround(range.max);
  return {lo, std::max(lo, hi)};
}

// Logarithmic bins need min - 0.5 > 0, i.e. min >= 1.
bool IntegerUsesLog(const ParameterRange& range, const IntegerBounds& b) {
  return range.scaling == Scaling::kLogarithmic && b.lo >= 1;
}

int64_t IntegerFromUnit(const ParameterRange& range, double u) {
  const IntegerBounds b = BoundsOf(range);
  if (u <= 0) return b.lo;
  if (u >= 1) return b.hi;
  double k;
  if (IntegerUsesLog(range, b)) {
    const double lo = std::log(static_cast<double>(b.lo) - 0.5);
    const double hi = std::log(static_cast<double>(b.hi) + 0.5);
    k = std::floor(std::exp(lo + u * (hi - lo)) + 0.5);
  } else {
    const double n = static_cast<double>(b.hi - b.lo) + 1;
    k = static_cast<double>(b.lo) + std::floor(u * n);
  }
  k = std::clamp(k, static_cast<double>(b.lo), static_cast<double>(b.hi));
  return static_cast<int64_t>(k);
}

double IntegerToUnit(const ParameterRange& range, int64_t k) {
  const IntegerBounds b = BoundsOf(range);
  k = std::clamp(k, b.lo, b.hi);
  if (IntegerUsesLog(range, b)) {
    const double lo = std::log(static_cast<double>(b.lo) - 0.5);
    const double hi = std::log(static_cast<double>(b.hi) + 0.5);
    const double kd = static_cast<double>(k);
    const double centre = 0.5 * (std::log(kd - 0.5) + std::log(kd + 0.5));
    return ClampUnit((centre - lo) / (hi - lo));
  }
  const double n = static_cast<double>(b.hi - b.lo) + 1;
  return ClampUnit((static_cast<double>(k - b.lo) + 0.5) / n);
}

double IntegerToUnit(const ParameterRange& range, double v) {
  if (!std::isfinite(v)) return kNaN;
  const IntegerBounds b = BoundsOf(range);
  v = std::clamp(v, static_cast<double>(b.lo), static_cast<double>(b.hi));
  return IntegerToUnit(range, static_cast<int64_t>(std::llround(v)));
}

// --- Categorical -----------------------------------------------------------

std::string CategoricalFromUnit(const ParameterRange& range, double u) {
  if (range.values.empty()) return "";
  const size_t n = range.values.size();
  const size_t index =
      std::min(n - 1, static_cast<size_t>(u * static_cast<double>(n)));
  return range.values[index];
}

double CategoricalToUnit(const ParameterRange& range,
                         const ParameterValue& value) {
  const std::string text = FormatValue(value);
  const auto it = std::find(range.values.begin(), range.values.end(), text);
  if (it == range.values.end()) return kNaN;
  const double index = static_cast<double>(it - range.values.begin());
  return (index + 0.5) / static_cast<double>(range.values.size());
}

}  // namespace

ParameterValue FromUnit(const ParameterRange& range, double u) {
  u = ClampUnit(u);
  switch (range.type) {
    case ParameterType::kContinuous:
      return ContinuousFromUnit(range, u);
    case ParameterType::kInteger:
      return IntegerFromUnit(range, u);
    case ParameterType::kCategorical:
      return CategoricalFromUnit(range, u);
  }
  return range.min;  // Unreachable with a valid enum value.
}

double ToUnit(const ParameterRange& range, const ParameterValue& value) {
  switch (range.type) {
    case ParameterType::kContinuous:
      if (const auto* d = std::get_if<double>(&value)) {
        return ContinuousToUnit(range, *d);
      }
      if (const auto* i = std::get_if<int64_t>(&value)) {
        return ContinuousToUnit(range, static_cast<double>(*i));
      }
      return kNaN;
    case ParameterType::kInteger:
      if (const auto* i = std::get_if<int64_t>(&value)) {
        return IntegerToUnit(range, *i);
      }
      if (const auto* d = std::get_if<double>(&value)) {
        return IntegerToUnit(range, *d);
      }
      return kNaN;
    case ParameterType::kCategorical:
      return CategoricalToUnit(range, value);
  }
  return kNaN;
}

Parameters FromUnitPoint(const std::vector<ParameterRange>& ranges,
                         const std::vector<double>& unit_point) {
  Parameters parameters;
  for (size_t i = 0; i < ranges.size(); ++i) {
    const double u = i < unit_point.size() ? unit_point[i] : 0.5;
    parameters.insert_or_assign(ranges[i].name, FromUnit(ranges[i], u));
  }
  return parameters;
}

absl::StatusOr<std::vector<double>> ToUnitPoint(
    const std::vector<ParameterRange>& ranges, const Parameters& parameters) {
  std::vector<double> point;
  point.reserve(ranges.size());
  for (const ParameterRange& range : ranges) {
    const auto it = parameters.find(range.name);
    if (it == parameters.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat(range.name, ": parameter is missing"));
    }
    const double u = ToUnit(range, it->second);
    if (std::isnan(u)) {
      return absl::InvalidArgumentError(
          absl::StrCat(range.name, ": value '", FormatValue(it->second),
                       "' does not belong to the range"));
    }
    point.push_back(u);
  }
  return point;
}

}  // namespace tune::space
