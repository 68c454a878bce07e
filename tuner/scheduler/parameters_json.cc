#include "tuner/scheduler/parameters_json.h"

#include <nlohmann/json.hpp>

namespace tune::scheduler {

std::string ParametersToJson(const space::Parameters& parameters) {
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [name, value] : parameters) {
    // clang 14 cannot capture a structured binding.
    const std::string& key = name;
    std::visit([&](const auto& v) { object[key] = v; }, value);
  }
  return object.dump();
}

absl::StatusOr<space::Parameters> ParametersFromJson(const std::string& text) {
  nlohmann::json object = nlohmann::json::parse(text, nullptr, false);
  if (!object.is_object()) {
    return absl::InvalidArgumentError("parameters: not a JSON object");
  }
  space::Parameters parameters;
  for (const auto& [name, value] : object.items()) {
    if (value.is_number_float()) {
      parameters[name] = value.get<double>();
    } else if (value.is_number_integer()) {
      parameters[name] = value.get<int64_t>();
    } else if (value.is_string()) {
      parameters[name] = value.get<std::string>();
    } else {
      return absl::InvalidArgumentError("parameters." + name +
                                        ": not a number or string");
    }
  }
  return parameters;
}

}  // namespace tune::scheduler
