#include "tuner/plots/internal/scale.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_format.h"

namespace tune::plots::internal {

namespace {

constexpr double kLimit = 1e300;  // keeps spans finite
constexpr size_t kMaxLabelChars = 18;

// [lo, hi] of the finite values, clamped to +-kLimit; nullopt when none.
std::optional<std::pair<double, double>> Extent(
    const std::vector<double>& values, bool log) {
  std::optional<std::pair<double, double>> extent;
  for (double value : values) {
    if (!std::isfinite(value)) continue;
    value = std::clamp(value, -kLimit, kLimit);
    if (log) value = std::log10(value);
    if (!extent) {
      extent.emplace(value, value);
    } else {
      extent->first = std::min(extent->first, value);
      extent->second = std::max(extent->second, value);
    }
  }
  return extent;
}

std::pair<double, double> Pad(std::pair<double, double> extent, double padding,
                              double flat_half_width) {
  auto [lo, hi] = extent;
  if (hi - lo <= 0) {
    const double half = flat_half_width > 0 ? flat_half_width
                                            : std::max(std::abs(lo) * 0.1, 0.5);
    return {lo - half, hi + half};
  }
  const double pad = (hi - lo) * padding;
  return {lo - pad, hi + pad};
}

std::string ShortLabel(const std::string& text) {
  if (text.size() <= kMaxLabelChars) return text;
  size_t cut = kMaxLabelChars - 1;
  // Do not cut a UTF-8 sequence in two.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;
  return text.substr(0, cut) + "\xE2\x80\xA6";  // an ellipsis
}

}  // namespace

std::string FormatTickValue(double value) {
  if (std::abs(value) < 1e-300) value = 0;
  return absl::StrFormat("%.4g", value);
}

std::vector<double> NiceTicks(double lo, double hi, int target) {
  if (!(hi > lo) || target < 1) return {lo};
  const double raw = (hi - lo) / target;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double normalized = raw / magnitude;
  const double step = magnitude * (normalized < 1.5 ? 1
                                   : normalized < 3 ? 2
                                   : normalized < 7 ? 5
                                                    : 10);
  std::vector<double> ticks;
  const double first = std::ceil(lo / step - 1e-9);
  for (int k = 0; k < 100; ++k) {
    double tick = (first + k) * step;
    if (tick > hi + step * 1e-9) break;
    if (std::abs(tick) < step * 1e-9) tick = 0;
    ticks.push_back(tick);
  }
  return ticks;
}

Scale Scale::Linear(const std::vector<double>& values, double from, double to,
                    double padding) {
  auto extent = Extent(values, /*log=*/false).value_or(std::pair(0.0, 1.0));
  auto [lo, hi] = Pad(extent, padding, 0);
  return Scale(Kind::kLinear, lo, hi, from, to);
}

Scale Scale::Log(const std::vector<double>& values, double from, double to,
                 double padding) {
  for (double value : values) {
    if (std::isfinite(value) && value <= 0) {
      return Linear(values, from, to, padding);
    }
  }
  auto extent = Extent(values, /*log=*/true).value_or(std::pair(0.0, 1.0));
  auto [lo, hi] = Pad(extent, padding, 0.5);
  return Scale(Kind::kLog, lo, hi, from, to);
}

Scale Scale::Categorical(std::vector<std::string> categories, double from,
                         double to) {
  Scale scale(Kind::kCategorical, 0, 1, from, to);
  scale.categories_ = std::move(categories);
  return scale;
}

const char* Scale::kind_name() const {
  switch (kind_) {
    case Kind::kLinear:
      return "linear";
    case Kind::kLog:
      return "log";
    case Kind::kCategorical:
      return "categorical";
  }
  return "linear";
}

double Scale::Map(double value) const {
  if (kind_ == Kind::kCategorical) return from_;
  double t = 0;
  if (kind_ == Kind::kLog) {
    t = value > 0 && std::isfinite(value)
            ? (std::log10(value) - lo_) / (hi_ - lo_)
            : (value > 0 ? 1 : 0);
  } else if (std::isfinite(value)) {
    t = (value - lo_) / (hi_ - lo_);
  } else {
    t = value > 0 ? 1 : 0;
  }
  if (!std::isfinite(t)) t = 0;
  t = std::clamp(t, -10.0, 11.0);
  return from_ + t * (to_ - from_);
}

double Scale::band() const {
  if (kind_ != Kind::kCategorical || categories_.empty()) return 0;
  return std::abs(to_ - from_) / static_cast<double>(categories_.size());
}

std::optional<double> Scale::MapCategory(std::string_view category) const {
  for (size_t i = 0; i < categories_.size(); ++i) {
    if (categories_[i] == category) {
      const double step =
          (to_ - from_) / static_cast<double>(categories_.size());
      return from_ + step * (static_cast<double>(i) + 0.5);
    }
  }
  return std::nullopt;
}

std::vector<Tick> Scale::Ticks() const {
  std::vector<Tick> ticks;
  switch (kind_) {
    case Kind::kCategorical:
      for (const std::string& category : categories_) {
        ticks.push_back({*MapCategory(category), ShortLabel(category)});
      }
      break;
    case Kind::kLinear:
      for (double value : NiceTicks(lo_, hi_)) {
        ticks.push_back({Map(value), FormatTickValue(value)});
      }
      break;
    case Kind::kLog: {
      std::vector<double> values;
      for (double k = std::ceil(lo_);
           k <= std::floor(hi_) && values.size() < 40; ++k) {
        values.push_back(std::pow(10.0, k));
      }
      if (values.size() < 3) {
        values.clear();
        for (double k = std::floor(lo_); k <= std::ceil(hi_); ++k) {
          for (double m : {1.0, 2.0, 5.0}) {
            const double value = m * std::pow(10.0, k);
            const double exponent = std::log10(value);
            if (exponent >= lo_ - 1e-9 && exponent <= hi_ + 1e-9) {
              values.push_back(value);
            }
          }
        }
      }
      if (values.size() < 2) {
        values = NiceTicks(std::pow(10.0, lo_), std::pow(10.0, hi_));
      }
      for (double value : values) {
        if (value > 0) ticks.push_back({Map(value), FormatTickValue(value)});
      }
      break;
    }
  }
  return ticks;
}

}  // namespace tune::plots::internal
