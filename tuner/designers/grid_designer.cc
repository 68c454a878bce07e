#include "tuner/designers/grid_designer.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace tune::designers {
namespace {

using spec::ParameterRange;
using spec::ParameterType;

// The parser keeps integer bounds within +-2^53, so these are exact.
int64_t Low(const ParameterRange& range) {
  return static_cast<int64_t>(std::ceil(range.min));
}
int64_t High(const ParameterRange& range) {
  return static_cast<int64_t>(std::floor(range.max));
}

// The number of grid values of a range, or an error.
absl::StatusOr<uint64_t> RadixOf(const ParameterRange& range) {
  switch (range.type) {
    case ParameterType::kContinuous:
      return absl::InvalidArgumentError(absl::StrCat(
          "range ", range.name,
          ": a Grid search takes only Integer and Categorical ranges, not "
          "Continuous"));
    case ParameterType::kInteger:
      if (range.step < 1) {
        return absl::InvalidArgumentError(
            absl::StrCat("range ", range.name,
                         ": step must be at least 1 (got ", range.step, ")"));
      }
      if (!(range.min >= -9007199254740992.0 &&
            range.max <= 9007199254740992.0) ||
          High(range) < Low(range)) {
        return absl::InvalidArgumentError(
            absl::StrCat("range ", range.name, ": no integer in [", range.min,
                         ", ", range.max, "]"));
      }
      return static_cast<uint64_t>((High(range) - Low(range)) / range.step) + 1;
    case ParameterType::kCategorical:
      if (range.values.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("range ", range.name, ": no values"));
      }
      return static_cast<uint64_t>(range.values.size());
  }
  return absl::InvalidArgumentError("unknown range type");
}

// The digit of `value` in `range`'s grid, or nullopt. Values are compared
// as space::PointKey does: by their FormatValue text.
std::optional<uint64_t> DigitOf(const ParameterRange& range,
                                const space::ParameterValue& value) {
  const std::string text = space::FormatValue(value);
  if (range.type == ParameterType::kCategorical) {
    const auto it = std::find(range.values.begin(), range.values.end(), text);
    if (it == range.values.end()) return std::nullopt;
    return static_cast<uint64_t>(it - range.values.begin());
  }
  int64_t v;
  if (!absl::SimpleAtoi(text, &v) || absl::StrCat(v) != text) {
    return std::nullopt;
  }
  if (v < Low(range) || v > High(range)) return std::nullopt;
  const int64_t offset = v - Low(range);
  if (offset % range.step != 0) return std::nullopt;
  return static_cast<uint64_t>(offset / range.step);
}

space::ParameterValue ValueOf(const ParameterRange& range, uint64_t digit) {
  if (range.type == ParameterType::kCategorical) return range.values[digit];
  return Low(range) + static_cast<int64_t>(digit) * range.step;
}

}  // namespace

absl::StatusOr<std::unique_ptr<GridDesigner>> GridDesigner::Create(
    std::vector<ParameterRange> ranges) {
  std::vector<uint64_t> radices;
  uint64_t size = 1;
  for (const ParameterRange& range : ranges) {
    absl::StatusOr<uint64_t> radix = RadixOf(range);
    if (!radix.ok()) return radix.status();
    if (*radix > kMaxGridPoints / size) {
      return absl::InvalidArgumentError(
          absl::StrCat("the grid has more than ", kMaxGridPoints, " points"));
    }
    size *= *radix;
    radices.push_back(*radix);
  }
  return std::unique_ptr<GridDesigner>(
      new GridDesigner(std::move(ranges), std::move(radices), size));
}

GridDesigner::GridDesigner(std::vector<ParameterRange> ranges,
                           std::vector<uint64_t> radices, uint64_t size)
    : ranges_(std::move(ranges)), radices_(std::move(radices)), size_(size) {}

space::Parameters GridDesigner::PointAt(uint64_t index) const {
  space::Parameters parameters;
  for (size_t i = ranges_.size(); i-- > 0;) {
    parameters.insert_or_assign(ranges_[i].name,
                                ValueOf(ranges_[i], index % radices_[i]));
    index /= radices_[i];
  }
  return parameters;
}

std::optional<uint64_t> GridDesigner::IndexOf(
    const space::Parameters& parameters) const {
  uint64_t index = 0;
  for (size_t i = 0; i < ranges_.size(); ++i) {
    const auto it = parameters.find(ranges_[i].name);
    if (it == parameters.end()) return std::nullopt;
    const std::optional<uint64_t> digit = DigitOf(ranges_[i], it->second);
    if (!digit) return std::nullopt;
    index = index * radices_[i] + *digit;
  }
  return index;
}

void GridDesigner::Update(const std::vector<CompletedTrial>& completed,
                          const std::vector<space::Parameters>& active) {
  used_.clear();
  auto add = [this](const space::Parameters& parameters) {
    if (std::optional<uint64_t> index = IndexOf(parameters)) {
      used_.insert(*index);
    }
  };
  for (const CompletedTrial& trial : completed) add(trial.parameters);
  for (const space::Parameters& parameters : active) add(parameters);
}

absl::StatusOr<std::vector<uint64_t>> GridDesigner::NextUnused(
    int count) const {
  if (count < 1 || count > kMaxSuggestCount) {
    return absl::InvalidArgumentError(
        absl::StrCat("count must be between 1 and ", kMaxSuggestCount, " (got ",
                     count, ")"));
  }
  std::vector<uint64_t> indices;
  auto used = used_.begin();
  for (uint64_t index = 0;
       index < size_ && indices.size() < static_cast<size_t>(count); ++index) {
    while (used != used_.end() && *used < index) ++used;
    if (used != used_.end() && *used == index) continue;
    indices.push_back(index);
  }
  return indices;
}

absl::StatusOr<std::vector<space::Parameters>> GridDesigner::Suggest(
    int count) const {
  absl::StatusOr<std::vector<uint64_t>> indices = NextUnused(count);
  if (!indices.ok()) return indices.status();
  std::vector<space::Parameters> points;
  points.reserve(indices->size());
  for (uint64_t index : *indices) points.push_back(PointAt(index));
  return points;
}

absl::StatusOr<std::vector<Suggestion>> GridDesigner::SuggestWithReasons(
    int count) const {
  absl::StatusOr<std::vector<uint64_t>> indices = NextUnused(count);
  if (!indices.ok()) return indices.status();
  std::vector<Suggestion> suggestions;
  suggestions.reserve(indices->size());
  for (uint64_t index : *indices) {
    suggestions.push_back(
        {PointAt(index), absl::StrCat("{\"grid_index\":", index,
                                      ",\"grid_size\":", size_, "}")});
  }
  return suggestions;
}

}  // namespace tune::designers
