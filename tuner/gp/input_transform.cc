#include "tuner/gp/input_transform.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <variant>

#include "tuner/space/discrete_space.h"
#include "tuner/space/scaling.h"

namespace tune::gp {

using spec::ParameterType;

InputTransform::InputTransform(std::vector<spec::ParameterRange> ranges)
    : ranges_(std::move(ranges)) {
  kinds_.reserve(ranges_.size());
  for (const spec::ParameterRange& range : ranges_) {
    kinds_.push_back(range.type == ParameterType::kCategorical
                         ? InputKind::kCategorical
                         : InputKind::kNumeric);
  }
  all_discrete_points_ = EnumerateDiscretePoints();
}

bool InputTransform::IsContinuous(int dim) const {
  return ranges_[dim].type == ParameterType::kContinuous;
}

bool InputTransform::IsFullyDiscrete() const {
  for (int dim = 0; dim < dims(); ++dim) {
    if (IsContinuous(dim)) return false;
  }
  return true;
}

double InputTransform::CanonicalCoordinate(int dim, double u) const {
  u = std::isnan(u) ? 0.0 : std::clamp(u, 0.0, 1.0);
  if (IsContinuous(dim)) return u;
  const spec::ParameterRange& range = ranges_[dim];
  const double centre = space::ToUnit(range, space::FromUnit(range, u));
  return std::isnan(centre) ? u : centre;  // NaN only for an empty list
}

std::vector<double> InputTransform::Canonical(
    const std::vector<double>& unit_point) const {
  std::vector<double> x(ranges_.size());
  for (int dim = 0; dim < dims(); ++dim) {
    const double u =
        dim < static_cast<int>(unit_point.size()) ? unit_point[dim] : 0.5;
    x[dim] = CanonicalCoordinate(dim, u);
  }
  return x;
}

std::vector<double> InputTransform::DiscreteNeighbours(int dim,
                                                       double u) const {
  const spec::ParameterRange& range = ranges_[dim];
  std::vector<double> out;
  if (range.type == ParameterType::kCategorical) {
    const size_t k = range.values.size();
    for (size_t i = 0; i < k; ++i) {
      const double centre =
          (static_cast<double>(i) + 0.5) / static_cast<double>(k);
      const double c = CanonicalCoordinate(dim, centre);
      if (c != u) out.push_back(c);
    }
  } else if (range.type == ParameterType::kInteger) {
    const int64_t lo = std::llround(range.min);
    const int64_t hi =
        std::max(lo, static_cast<int64_t>(std::llround(range.max)));
    const space::ParameterValue value_at_u = space::FromUnit(range, u);
    const auto* current = std::get_if<int64_t>(&value_at_u);
    const int64_t k = current != nullptr ? *current : lo;
    auto add = [&](int64_t value) {
      const double c = space::ToUnit(range, space::ParameterValue(value));
      if (!std::isnan(c) && c != u) out.push_back(c);
    };
    if (hi - lo + 1 <= kAllBinsLimit) {
      for (int64_t value = lo; value <= hi; ++value) {
        if (value != k) add(value);
      }
    } else {
      for (int64_t step = 1; step <= hi - lo; step *= 2) {
        if (k - step >= lo) add(k - step);
        if (k + step <= hi) add(k + step);
      }
    }
  }
  return out;
}

std::optional<std::vector<std::vector<double>>>
InputTransform::EnumerateDiscretePoints() const {
  if (!IsFullyDiscrete()) return std::nullopt;
  const std::optional<uint64_t> count = space::CountDiscretePoints(ranges_);
  if (!count.has_value() || *count > kEnumerationLimit) return std::nullopt;
  std::vector<std::vector<double>> points;
  points.reserve(*count);
  for (uint64_t index = 0; index < *count; ++index) {
    absl::StatusOr<std::vector<double>> unit =
        space::ToUnitPoint(ranges_, space::DiscretePoint(ranges_, index));
    if (unit.ok()) points.push_back(Canonical(*unit));
  }
  return points;
}

}  // namespace tune::gp
