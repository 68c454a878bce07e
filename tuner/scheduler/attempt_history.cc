#include "tuner/scheduler/attempt_history.h"

#include "nlohmann/json.hpp"

namespace tune::scheduler {

std::string AppendAttempt(const storage::TrialRecord& record, double ended_at,
                          int exit_code, const std::string& reason,
                          bool retried) {
  nlohmann::json history = nlohmann::json::parse(
      record.attempts_json, nullptr, /*allow_exceptions=*/false);
  nlohmann::json entry = {{"attempt", record.attempt},
                          {"worker_id", record.worker_id},
                          {"started_at", record.started_at},
                          {"ended_at", ended_at},
                          {"exit_code", exit_code},
                          {"reason", reason},
                          {"retried", retried}};
  if (!history.is_array()) {
    if (!record.attempts_json.empty()) {
      entry["unreadable_history"] = record.attempts_json;
    }
    history = nlohmann::json::array();
  }
  history.push_back(std::move(entry));
  // Replace invalid UTF-8 in reasons rather than throw.
  return history.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

int CountRetries(const std::string& attempts_json) {
  const nlohmann::json history = nlohmann::json::parse(
      attempts_json, nullptr, /*allow_exceptions=*/false);
  if (!history.is_array()) return 0;
  int retries = 0;
  for (const auto& entry : history) {
    if (entry.is_object() && entry.value("retried", false)) ++retries;
  }
  return retries;
}

}  // namespace tune::scheduler
