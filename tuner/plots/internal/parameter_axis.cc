#include "tuner/plots/internal/parameter_axis.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <system_error>

#include "absl/strings/str_format.h"

namespace tune::plots::internal {

std::optional<double> NumericValue(const PlotTrial& trial,
                                   const std::string& name) {
  auto it = trial.hyperparameters.find(name);
  if (it == trial.hyperparameters.end()) return std::nullopt;
  if (const double* number = std::get_if<double>(&it->second)) {
    if (std::isfinite(*number)) return *number;
    return std::nullopt;
  }
  const std::string& text = std::get<std::string>(it->second);
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> CategoryValue(const PlotTrial& trial,
                                         const std::string& name) {
  auto it = trial.hyperparameters.find(name);
  if (it == trial.hyperparameters.end()) return std::nullopt;
  if (const std::string* text = std::get_if<std::string>(&it->second)) {
    return *text;
  }
  return absl::StrFormat("%g", std::get<double>(it->second));
}

Scale MakeParameterScale(const PlotParameter& parameter,
                         const std::vector<const PlotTrial*>& trials,
                         double from, double to) {
  if (parameter.scale == ParameterScale::kCategorical) {
    std::vector<std::string> categories = parameter.categories;
    for (const PlotTrial* trial : trials) {
      auto category = CategoryValue(*trial, parameter.name);
      if (category && std::find(categories.begin(), categories.end(),
                                *category) == categories.end()) {
        categories.push_back(*category);
      }
    }
    return Scale::Categorical(std::move(categories), from, to);
  }
  std::vector<double> values;
  if (parameter.min < parameter.max) {
    values.push_back(parameter.min);
    values.push_back(parameter.max);
  }
  for (const PlotTrial* trial : trials) {
    if (auto value = NumericValue(*trial, parameter.name))
      values.push_back(*value);
  }
  return parameter.scale == ParameterScale::kLog
             ? Scale::Log(values, from, to)
             : Scale::Linear(values, from, to);
}

std::optional<double> ValuePosition(const Scale& scale,
                                    const PlotParameter& parameter,
                                    const PlotTrial& trial) {
  if (scale.kind() == Scale::Kind::kCategorical) {
    auto category = CategoryValue(trial, parameter.name);
    if (!category) return std::nullopt;
    return scale.MapCategory(*category);
  }
  auto value = NumericValue(trial, parameter.name);
  if (!value) return std::nullopt;
  return scale.Map(*value);
}

}  // namespace tune::plots::internal
