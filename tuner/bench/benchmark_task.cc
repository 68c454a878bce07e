#include "tuner/bench/benchmark_task.h"

#include <cmath>
#include <utility>
#include <variant>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace tune::bench {

absl::StatusOr<double> NumberOf(const space::Parameters& parameters,
                                const std::string& name) {
  const auto it = parameters.find(name);
  if (it == parameters.end()) {
    return absl::InvalidArgumentError(
        absl::StrCat("parameter ", name, " is missing"));
  }
  if (const double* d = std::get_if<double>(&it->second)) return *d;
  if (const int64_t* i = std::get_if<int64_t>(&it->second)) {
    return static_cast<double>(*i);
  }
  const std::string& text = std::get<std::string>(it->second);
  double value = 0;
  if (!absl::SimpleAtod(text, &value) || !std::isfinite(value)) {
    return absl::InvalidArgumentError(
        absl::StrCat("parameter ", name, " is not a number: ", text));
  }
  return value;
}

spec::ParameterRange ContinuousRange(std::string name, double min, double max,
                                     spec::Scaling scaling) {
  spec::ParameterRange range;
  range.name = std::move(name);
  range.type = spec::ParameterType::kContinuous;
  range.min = min;
  range.max = max;
  range.scaling = scaling;
  return range;
}

spec::ParameterRange IntegerRange(std::string name, int min, int max) {
  spec::ParameterRange range;
  range.name = std::move(name);
  range.type = spec::ParameterType::kInteger;
  range.min = min;
  range.max = max;
  range.scaling = spec::Scaling::kLinear;
  return range;
}

spec::ParameterRange CategoricalRange(std::string name,
                                      std::vector<std::string> values) {
  spec::ParameterRange range;
  range.name = std::move(name);
  range.type = spec::ParameterType::kCategorical;
  range.values = std::move(values);
  return range;
}

}  // namespace tune::bench
