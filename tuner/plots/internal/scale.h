// Maps data values to pixel positions along one axis, and chooses its
// ticks: linear (ticks at 1, 2 or 5 times a power of ten), logarithmic
// (ticks at powers of ten, with 2 and 5 between when the range is short),
// or categorical (one column per category, in order). Every position it
// returns is finite. Plain value; safe to copy; pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tune::plots::internal {

struct Tick {
  double position = 0;  // pixels
  std::string label;
};

class Scale {
 public:
  enum class Kind { kLinear, kLog, kCategorical };

  // Domains from the data: `values` may be empty or hold one value; the
  // domain is padded so points do not sit on the axis ends. Non-finite
  // values are ignored. `from` and `to` are the pixel ends (to < from for
  // a y axis that grows upwards).
  static Scale Linear(const std::vector<double>& values, double from, double to,
                      double padding = 0.05);
  // Falls back to Linear when a value is <= 0.
  static Scale Log(const std::vector<double>& values, double from, double to,
                   double padding = 0.05);
  static Scale Categorical(std::vector<std::string> categories, double from,
                           double to);

  Kind kind() const { return kind_; }
  const char* kind_name() const;  // "linear", "log", "categorical"

  // Pixel position of a number (clamped far outside to stay finite); for a
  // log scale, a value <= 0 maps to the low end.
  double Map(double value) const;
  // Centre of the category's column; nullopt when it is not one.
  std::optional<double> MapCategory(std::string_view category) const;
  // Width of a category's column in pixels (0 for numeric scales).
  double band() const;
  const std::vector<std::string>& categories() const { return categories_; }

  std::vector<Tick> Ticks() const;

  double from() const { return from_; }
  double to() const { return to_; }

 private:
  Scale(Kind kind, double lo, double hi, double from, double to)
      : kind_(kind), lo_(lo), hi_(hi), from_(from), to_(to) {}

  Kind kind_;
  double lo_;  // domain; for log, of log10(value)
  double hi_;
  double from_;
  double to_;
  std::vector<std::string> categories_;
};

// A tick label: up to 4 significant digits ("0.001", "2.5e-05", "1200").
std::string FormatTickValue(double value);

// Ticks at multiples of 1, 2 or 5 times a power of ten within [lo, hi],
// about `target` of them. lo <= hi, both finite.
std::vector<double> NiceTicks(double lo, double hi, int target = 5);

}  // namespace tune::plots::internal
