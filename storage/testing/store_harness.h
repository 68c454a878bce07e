// Shared pieces of the Store conformance suite: a harness per Store
// implementation (a TEMPLATE_TEST_CASE runs each case against both) and
// builders of valid records. Test-only; uses Catch2's REQUIRE.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "storage/memory_store.h"
#include "storage/sqlite_store.h"
#include "storage/store.h"
#include "storage/testing/temp_dir.h"

namespace tune::storage::testing {

class MemoryHarness {
 public:
  Store& store() { return store_; }

 private:
  MemoryStore store_;
};

class SqliteHarness {
 public:
  SqliteHarness() {
    absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create();
    REQUIRE(dir.ok());
    dir_.emplace(*std::move(dir));
    auto store = SqliteStore::Open(dir_->Path("tune.db"));
    INFO(store.status().ToString());
    REQUIRE(store.ok());
    store_ = *std::move(store);
  }
  Store& store() { return *store_; }

 private:
  std::optional<testing::TempDir> dir_;
  std::unique_ptr<SqliteStore> store_;  // closed before dir_ is removed
};

inline JobRecord MakeJob(const std::string& name) {
  return JobRecord{.name = name,
                   .spec_yaml = absl::StrCat("name: ", name, "\n"),
                   .state = JobState::kInProgress,
                   .reason = "",
                   .created_at = 1700000000.125,
                   .ended_at = 0,
                   .max_jobs = 7,
                   .max_parallel_jobs = 3,
                   .resumed_at = 1700000003.5};
}

inline TrialRecord MakeTrial(const std::string& job, int64_t seq) {
  return TrialRecord{.trial_id = absl::StrCat(job, "-", seq),
                     .job_name = job,
                     .seq = seq,
                     .parameters_json = R"({"lr":0.001})",
                     .state = TrialState::kPending,
                     .worker_id = "",
                     .attempt = 0,
                     .exit_code = -1,
                     .reason = "",
                     .objective = std::nullopt,
                     .client_id = "",
                     .suggestion_json = R"({"designer":"random"})",
                     .created_at = 1700000001.5 + static_cast<double>(seq),
                     .started_at = 0,
                     .ended_at = 0,
                     .attempts_json = R"([{"attempt":1,"reason":"worker lost"}])",
                     .warnings = "no log line matched the metric loss",
                     .log_tail = "epoch 1: loss=0.5\nTraceback\n"};
}

inline EventRecord MakeEvent(const std::string& job, const std::string& kind) {
  return EventRecord{.id = 0,
                     .job_name = job,
                     .trial_id = "",
                     .kind = kind,
                     .message = absl::StrCat(kind, " of ", job),
                     .time = 1700000002.25};
}

inline CommitResult CommitOk(Store& store, const Mutation& mutation) {
  absl::StatusOr<CommitResult> result = store.Commit(mutation);
  INFO(result.status().ToString());
  REQUIRE(result.ok());
  return *std::move(result);
}

inline std::vector<EventRecord> Events(Store& store, const std::string& job,
                                int64_t after_id = 0, int limit = 1000) {
  absl::StatusOr<std::vector<EventRecord>> events =
      store.ListEvents(job, after_id, limit);
  INFO(events.status().ToString());
  REQUIRE(events.ok());
  return *std::move(events);
}

inline std::vector<int64_t> Ids(const std::vector<EventRecord>& events) {
  std::vector<int64_t> ids;
  for (const EventRecord& event : events) ids.push_back(event.id);
  return ids;
}

}  // namespace tune::storage::testing
