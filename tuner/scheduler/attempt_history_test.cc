#include "tuner/scheduler/attempt_history.h"

#include <catch2/catch.hpp>

#include "nlohmann/json.hpp"

namespace tune::scheduler {
namespace {

TEST_CASE("attempts are appended in order and only retries are counted") {
  storage::TrialRecord record;
  record.attempt = 1;
  record.worker_id = "w1";
  record.started_at = 10;
  record.attempts_json = AppendAttempt(record, 12, -1, "came back without it",
                                       /*retried=*/false);
  CHECK(CountRetries(record.attempts_json) == 0);
  record.attempt = 2;
  record.worker_id = "w2";
  record.started_at = 13;
  record.attempts_json =
      AppendAttempt(record, 20, 137, "killed by signal 9", /*retried=*/true);
  CHECK(CountRetries(record.attempts_json) == 1);

  const auto history = nlohmann::json::parse(record.attempts_json);
  REQUIRE(history.size() == 2);
  CHECK(history[0]["attempt"] == 1);
  CHECK(history[0]["worker_id"] == "w1");
  CHECK(history[1]["attempt"] == 2);
  CHECK(history[1]["exit_code"] == 137);
  CHECK(history[1]["started_at"] == 13.0);
  CHECK(history[1]["ended_at"] == 20.0);
  CHECK(history[1]["reason"] == "killed by signal 9");
}

TEST_CASE("an unreadable history is kept in the new entry, not lost") {
  storage::TrialRecord record;
  record.attempt = 1;
  record.attempts_json = "not json";
  const auto history = nlohmann::json::parse(
      AppendAttempt(record, 1, -1, "lost", /*retried=*/true));
  REQUIRE(history.size() == 1);
  CHECK(history[0]["unreadable_history"] == "not json");
  CHECK(CountRetries("not json") == 0);
}

}  // namespace
}  // namespace tune::scheduler
