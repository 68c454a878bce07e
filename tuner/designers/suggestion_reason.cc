#include "tuner/designers/suggestion_reason.h"

#include <nlohmann/json.hpp>

namespace tune::designers {

std::string SuggestionStrategy(const std::string& reason_json) {
  const auto reason = nlohmann::json::parse(reason_json, nullptr,
                                            /*allow_exceptions=*/false);
  if (reason.is_object() && reason.contains("strategy") &&
      reason["strategy"].is_string()) {
    return reason["strategy"].get<std::string>();
  }
  return "";
}

}  // namespace tune::designers
