#include "tuner/spec/internal/range_parser.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "tuner/spec/internal/status_macros.h"
#include "tuner/spec/internal/yaml_fields.h"
#include "tuner/spec/names.h"

namespace tune::spec::internal {
namespace {

// The text of a scalar as written, for messages such as "(0.7 >= 0.65)".
std::string TextOf(const YAML::Node& node) { return node.Scalar(); }

absl::Status ParseCategorical(const std::vector<MapEntry>& entries,
                              const std::string& path, ParameterRange& range) {
  for (absl::string_view key : {"min", "max", "scaling"}) {
    if (FindKey(entries, key) != nullptr) {
      return FieldError(ChildPath(path, key),
                        absl::StrCat("a Categorical range has no ", key,
                                     " (it lists its values)"));
    }
  }
  const std::string values_path = ChildPath(path, "values");
  const YAML::Node* values = FindKey(entries, "values");
  if (values == nullptr) {
    return FieldError(values_path, "is required for a Categorical range");
  }
  TUNE_SPEC_ASSIGN_OR_RETURN(std::vector<YAML::Node> items,
                             ReadList(*values, values_path));
  if (items.empty())
    return FieldError(values_path, "must list at least one value");
  if (items.size() > kMaxCategoricalValues) {
    return FieldError(values_path,
                      absl::StrCat("lists ", items.size(), " values; at most ",
                                   kMaxCategoricalValues, " are allowed"));
  }
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string item_path = IndexPath(values_path, i);
    if (!items[i].IsNull() && !items[i].IsScalar()) {
      return FieldError(item_path,
                        "must be a string or a number, not a "
                        "nested list or map");
    }
    TUNE_SPEC_ASSIGN_OR_RETURN(std::string value,
                               ReadString(items[i], item_path));
    if (value.empty()) return FieldError(item_path, "must not be empty");
    for (size_t j = 0; j < range.values.size(); ++j) {
      if (range.values[j] == value) {
        return FieldError(item_path, absl::StrCat("duplicate value '", value,
                                                  "' (also at index ", j, ")"));
      }
    }
    range.values.push_back(std::move(value));
  }
  return absl::OkStatus();
}

// Reads min or max: a number for Continuous, an integer for Integer.
absl::StatusOr<double> ParseBound(const std::vector<MapEntry>& entries,
                                  const std::string& path,
                                  absl::string_view key, ParameterType type) {
  const std::string bound_path = ChildPath(path, key);
  const YAML::Node* node = FindKey(entries, key);
  if (node == nullptr) {
    return FieldError(bound_path, absl::StrCat("is required for ",
                                               type == ParameterType::kInteger
                                                   ? "an Integer"
                                                   : "a Continuous",
                                               " range"));
  }
  if (type == ParameterType::kContinuous) return ReadNumber(*node, bound_path);
  TUNE_SPEC_ASSIGN_OR_RETURN(int64_t value, ReadInteger(*node, bound_path));
  if (value > kMaxIntegerBound || value < -kMaxIntegerBound) {
    return FieldError(
        bound_path, absl::StrCat("must be between ", -kMaxIntegerBound, " and ",
                                 kMaxIntegerBound, " (got ", value, ")"));
  }
  return static_cast<double>(value);
}

absl::Status ParseNumeric(const std::vector<MapEntry>& entries,
                          const std::string& path, ParameterRange& range) {
  if (FindKey(entries, "values") != nullptr) {
    return FieldError(ChildPath(path, "values"),
                      "only a Categorical range has values");
  }
  TUNE_SPEC_ASSIGN_OR_RETURN(range.min,
                             ParseBound(entries, path, "min", range.type));
  TUNE_SPEC_ASSIGN_OR_RETURN(range.max,
                             ParseBound(entries, path, "max", range.type));
  const std::string min_text = TextOf(*FindKey(entries, "min"));
  const std::string max_text = TextOf(*FindKey(entries, "max"));
  if (!(range.min < range.max)) {
    return FieldError(ChildPath(path, "min"),
                      absl::StrCat("must be less than max (", min_text,
                                   " >= ", max_text, ")"));
  }
  if (const YAML::Node* scaling = FindKey(entries, "scaling")) {
    const std::string scaling_path = ChildPath(path, "scaling");
    TUNE_SPEC_ASSIGN_OR_RETURN(
        size_t choice,
        ReadChoice(*scaling, scaling_path,
                   {"Auto", "Linear", "Logarithmic", "ReverseLogarithmic"}));
    range.scaling = static_cast<Scaling>(choice);
  }
  if (range.scaling == Scaling::kLogarithmic && range.min <= 0) {
    return FieldError(ChildPath(path, "min"),
                      absl::StrCat("must be greater than 0 for Logarithmic "
                                   "scaling (got ",
                                   min_text, ")"));
  }
  if (range.scaling == Scaling::kReverseLogarithmic) {
    if (range.type == ParameterType::kInteger) {
      return FieldError(ChildPath(path, "scaling"),
                        "ReverseLogarithmic is only for Continuous ranges");
    }
    if (range.min < 0) {
      return FieldError(
          ChildPath(path, "min"),
          absl::StrCat("must be at least 0 for ReverseLogarithmic "
                       "scaling (got ",
                       min_text, ")"));
    }
    if (range.max >= 1) {
      return FieldError(
          ChildPath(path, "max"),
          absl::StrCat("must be less than 1 for ReverseLogarithmic "
                       "scaling (got ",
                       max_text, ")"));
    }
  }
  return absl::OkStatus();
}

// An Integer range's grid step; only a Grid search enumerates one.
absl::Status ParseStep(const YAML::Node& node, const std::string& path,
                       Strategy strategy, ParameterRange& range) {
  const std::string step_path = ChildPath(path, "step");
  if (range.type != ParameterType::kInteger) {
    return FieldError(step_path, "only an Integer range has a step");
  }
  if (strategy != Strategy::kGrid) {
    return FieldError(step_path,
                      absl::StrCat("only a Grid search takes a step (strategy "
                                   "is ",
                                   ToString(strategy), ")"));
  }
  TUNE_SPEC_ASSIGN_OR_RETURN(range.step, ReadInteger(node, step_path));
  if (range.step < 1) {
    return FieldError(
        step_path, absl::StrCat("must be at least 1 (got ", range.step, ")"));
  }
  return absl::OkStatus();
}

absl::StatusOr<ParameterRange> ParseRange(std::string name,
                                          const YAML::Node& node,
                                          const std::string& path,
                                          Strategy strategy) {
  TUNE_SPEC_ASSIGN_OR_RETURN(std::vector<MapEntry> entries,
                             ReadMap(node, path));
  TUNE_SPEC_RETURN_IF_ERROR(CheckKeys(
      entries, path, {"type", "min", "max", "scaling", "values", "step"}));
  ParameterRange range;
  range.name = std::move(name);
  const std::string type_path = ChildPath(path, "type");
  const YAML::Node* type = FindKey(entries, "type");
  if (type == nullptr) {
    return FieldError(type_path,
                      "is required (Continuous, Integer or Categorical)");
  }
  TUNE_SPEC_ASSIGN_OR_RETURN(
      size_t choice,
      ReadChoice(*type, type_path, {"Continuous", "Integer", "Categorical"}));
  range.type = static_cast<ParameterType>(choice);
  if (range.type == ParameterType::kCategorical) {
    TUNE_SPEC_RETURN_IF_ERROR(ParseCategorical(entries, path, range));
  } else {
    TUNE_SPEC_RETURN_IF_ERROR(ParseNumeric(entries, path, range));
  }
  if (strategy == Strategy::kGrid && range.type == ParameterType::kContinuous) {
    return FieldError(path,
                      "a Grid search cannot enumerate a Continuous range; use "
                      "Categorical or Integer values");
  }
  if (const YAML::Node* step = FindKey(entries, "step")) {
    TUNE_SPEC_RETURN_IF_ERROR(ParseStep(*step, path, strategy, range));
  }
  return range;
}

}  // namespace

absl::StatusOr<std::vector<ParameterRange>> ParseRanges(const YAML::Node& node,
                                                        absl::string_view path,
                                                        Strategy strategy) {
  TUNE_SPEC_ASSIGN_OR_RETURN(std::vector<MapEntry> entries,
                             ReadMap(node, path));
  if (entries.empty())
    return FieldError(path, "must define at least one range");
  if (entries.size() > kMaxRanges) {
    return FieldError(
        path, absl::StrCat("defines ", entries.size(), " ranges; at most ",
                           kMaxRanges, " are allowed"));
  }
  std::vector<ParameterRange> ranges;
  for (MapEntry& entry : entries) {
    const std::string range_path = ChildPath(path, entry.key);
    if (!IsValidParameterName(entry.key)) {
      return FieldError(range_path,
                        absl::StrCat("the name ", kParameterNameRule));
    }
    TUNE_SPEC_ASSIGN_OR_RETURN(
        ParameterRange range,
        ParseRange(entry.key, entry.value, range_path, strategy));
    ranges.push_back(std::move(range));
  }
  return ranges;
}

absl::StatusOr<int64_t> CountGridPoints(
    const std::vector<ParameterRange>& ranges, absl::string_view path,
    int64_t limit) {
  int64_t count = 1;
  for (const ParameterRange& range : ranges) {
    int64_t points = static_cast<int64_t>(range.values.size());
    if (range.type != ParameterType::kCategorical) {
      // Integer bounds are exact within +-2^53, and so is their difference
      // in an int64_t (not in a double).
      const int64_t span =
          static_cast<int64_t>(range.max) - static_cast<int64_t>(range.min);
      points = span / range.step + 1;
    }
    // count * points > limit, without overflowing.
    if (points > limit || count > limit / points) {
      return FieldError(
          path, absl::StrCat("a Grid search over these ranges has more than ",
                             limit, " points, the most max_jobs allows"));
    }
    count *= points;
  }
  return count;
}

}  // namespace tune::spec::internal
