// Reads a designer's reason for a suggestion (Suggestion::reason_json, kept
// as a trial's suggestion_json) back: which step of the strategy chose the
// point. One reader for every view that tells trials apart by it (tunectl,
// the dashboard). Pure; thread-safe.
//
//   SuggestionStrategy(R"({"strategy":"gp","mean":0.9})") == "gp"
#pragma once

#include <string>

namespace tune::designers {

// The reason's "strategy" ("initial_design", "gp", "random_unused", ...);
// "" when the text is not a JSON object with a string "strategy" (a Random
// or Grid job's "{}", or a malformed value).
std::string SuggestionStrategy(const std::string& reason_json);

}  // namespace tune::designers
