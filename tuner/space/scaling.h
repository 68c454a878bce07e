// Mapping between a parameter range's values and the unit interval [0, 1].
//
// Designers work in the unit cube and turn points into parameter values with
// FromUnitPoint; a uniform u gives a value that is uniform in the range's
// scaled space:
//   Linear (and Auto)    uniform in [min, max].
//   Logarithmic          uniform in log(v) (min > 0).
//   ReverseLogarithmic   uniform in log(1 - v), so dense near 1 (Continuous
//                        only, 0 <= min < max < 1), as SageMaker defines it.
// Integer ranges split the unit interval into one bin per integer: equal
// bins for Linear; for Logarithmic, bins that are equal in log space over
// [min - 0.5, max + 0.5] (integer k owns [log(k - 0.5), log(k + 0.5)]), so
// every integer is reachable and small ones are favoured. A Categorical range
// of k values gives value floor(u * k). ToUnit inverts FromUnit: for Integer
// and Categorical ranges it gives the centre of the value's bin (exact for
// any sane range; a Logarithmic integer range reaching ~1e12 has bins
// narrower than a double's resolution in u, and may be off by one there).
//
// Example:
//   spec::ParameterRange lr;  // Continuous
//   lr.min = 1e-4;
//   lr.max = 1;
//   lr.scaling = spec::Scaling::kLogarithmic;
//   std::get<double>(FromUnit(lr, 0.5));  // 0.01
//
// The ranges are expected to satisfy ParseJobSpec's rules; a range that does
// not (say Logarithmic with min <= 0) is treated as Linear rather than
// producing NaNs. Pure functions; safe to call from any thread.
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "tuner/space/parameter_value.h"
#include "tuner/spec/job_spec.h"

namespace tune::space {

// The value of `range` at `u`. u is clamped to [0, 1] (NaN reads as 0).
// Continuous ranges give a double in [min, max] (u = 0 gives exactly min,
// u = 1 exactly max), Integer ranges an int64_t in [min, max], Categorical
// ranges one of the values as a string.
ParameterValue FromUnit(const spec::ParameterRange& range, double u);

// The unit coordinate of `value` in `range`, in [0, 1]. Numeric values
// outside [min, max] are clamped; an int64_t is accepted for a Continuous
// range and a double is rounded to the nearest integer for an Integer range.
// A Categorical value is matched by its text (FormatValue for numbers).
// Returns NaN when the value cannot belong to the range: a string for a
// numeric range, a non-finite number, or a category not in the list.
double ToUnit(const spec::ParameterRange& range, const ParameterValue& value);

// FromUnit for each range, keyed by range name. Requires unit_point.size()
// == ranges.size(); a missing coordinate reads as 0.5 and extra ones are
// ignored, so a mismatch never reads out of bounds.
Parameters FromUnitPoint(const std::vector<spec::ParameterRange>& ranges,
                         const std::vector<double>& unit_point);

// ToUnit for each range, in the order of `ranges`. Parameters not named by a
// range are ignored. Errors: InvalidArgument naming the parameter when one
// is missing or ToUnit gives NaN for it.
absl::StatusOr<std::vector<double>> ToUnitPoint(
    const std::vector<spec::ParameterRange>& ranges,
    const Parameters& parameters);

}  // namespace tune::space
