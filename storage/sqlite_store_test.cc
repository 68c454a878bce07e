// SqliteStore behaviour beyond the shared conformance suite: durability
// across reopen, WAL mode, and refusing files it must not touch.
#include "storage/sqlite_store.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "storage/schema.h"
#include "storage/sqlite_connection.h"
#include "storage/sqlite_statement.h"
#include "storage/testing/record_strings.h"
#include "storage/testing/store_harness.h"
#include "storage/testing/temp_dir.h"

namespace tune::storage {
namespace {

using testing::DebugString;
using testing::DebugStrings;
using testing::TempDir;

TempDir MakeTempDir() {
  absl::StatusOr<TempDir> dir = TempDir::Create();
  REQUIRE(dir.ok());
  return *std::move(dir);
}

std::unique_ptr<SqliteStore> OpenOk(const std::string& path) {
  auto store = SqliteStore::Open(path);
  INFO(store.status().ToString());
  REQUIRE(store.ok());
  return *std::move(store);
}

// Everything a store holds, as text, for the jobs it lists.
std::vector<std::string> Snapshot(Store& store) {
  std::vector<std::string> lines;
  absl::StatusOr<std::vector<JobRecord>> jobs = store.ListJobs();
  REQUIRE(jobs.ok());
  for (const JobRecord& job : *jobs) {
    lines.push_back(DebugString(job));
    absl::StatusOr<std::vector<TrialRecord>> trials =
        store.ListTrials(job.name);
    REQUIRE(trials.ok());
    for (const TrialRecord& trial : *trials) {
      lines.push_back(DebugString(trial));
      absl::StatusOr<std::vector<MetricPointRecord>> points =
          store.ListMetricPoints(trial.trial_id);
      REQUIRE(points.ok());
      for (const auto& line : DebugStrings(*points)) lines.push_back(line);
    }
    absl::StatusOr<std::vector<EventRecord>> events =
        store.ListEvents(job.name, 0, 1000);
    REQUIRE(events.ok());
    for (const auto& line : DebugStrings(*events)) lines.push_back(line);
  }
  return lines;
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  REQUIRE(out.good());
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void ExecuteOk(sqlite::Connection& db, const char* sql) {
  absl::Status status = db.Execute(sql);
  INFO(status.ToString());
  REQUIRE(status.ok());
}

TEST_CASE("SqliteStore restores everything after reopening", "[sqlite]") {
  TempDir dir = MakeTempDir();
  const std::string path = dir.Path("tune.db");
  std::vector<std::string> before;
  int64_t last_event_id = 0;
  {
    std::unique_ptr<SqliteStore> store = OpenOk(path);
    Mutation m;
    m.new_job = JobRecord{.name = "j1",
                          .spec_yaml = "name: j1\nobjective: loss\n",
                          .state = JobState::kStopping,
                          .reason = "user asked",
                          .created_at = 1700000000.1,
                          .ended_at = 0};
    TrialRecord with;
    with.trial_id = "j1-1";
    with.job_name = "j1";
    with.seq = 1;
    with.parameters_json = R"({"lr":0.1})";
    with.state = TrialState::kCompleted;
    with.worker_id = "w1";
    with.attempt = 1;
    with.exit_code = 0;
    with.objective = 1.0 / 3.0;
    with.client_id = "c1";
    with.suggestion_json = R"({"ei":0.5})";
    with.created_at = 1700000001.3;
    with.started_at = 1700000002.7;
    with.ended_at = 1700000003.9;
    TrialRecord without = with;
    without.trial_id = "j1-2";
    without.seq = 2;
    without.objective = std::nullopt;
    without.state = TrialState::kFailed;
    without.exit_code = 137;
    without.reason = "killed by signal 9";
    TrialRecord zero = with;
    zero.trial_id = "j1-3";
    zero.seq = 3;
    zero.objective = 0.0;  // present and zero, not absent
    m.trials = {with, without, zero};
    m.points = {{"j1-1", 2, "loss", 1, 0.7, 1700000002.8},
                {"j1-1", 2, "loss", 2, 1e-300, 1700000002.9}};
    m.events = {{0, "j1", "", "job_created", "hello", 1700000000.1},
                {0, "j1", "j1-1", "trial_completed", "", 1700000003.9}};
    Mutation other;
    other.new_job = JobRecord{.name = "j0",
                              .spec_yaml = "name: j0",
                              .state = JobState::kCompleted,
                              .reason = "",
                              .created_at = 1700000005.5,
                              .ended_at = 1700000006.5};
    absl::StatusOr<CommitResult> result = store->Commit(m);
    INFO(result.status().ToString());
    REQUIRE(result.ok());
    REQUIRE(store->Commit(other).ok());
    before = Snapshot(*store);
    auto events = store->ListEvents("j1", 0, 10);
    REQUIRE(events.ok());
    REQUIRE(events->size() == 2);
    last_event_id = events->back().id;
  }
  std::unique_ptr<SqliteStore> store = OpenOk(path);
  CHECK(Snapshot(*store) == before);
  CHECK(before.size() == 9);  // 2 jobs, 3 trials, 2 points, 2 events

  // Event ids keep increasing across a reopen.
  Mutation m;
  m.events = {{0, "j1", "", "job_resumed", "", 1700000009.0}};
  absl::StatusOr<CommitResult> result = store->Commit(m);
  REQUIRE(result.ok());
  CHECK(result->event_ids.at(0) > last_event_id);
}

TEST_CASE("SqliteStore group commit: one failure costs nothing else, the end "
          "makes the rest durable, a group never ended stores nothing",
          "[sqlite]") {
  TempDir dir = MakeTempDir();
  const std::string path = dir.Path("tune.db");
  {
    std::unique_ptr<SqliteStore> store = OpenOk(path);
    REQUIRE(store->BeginGroup().ok());
    CHECK(store->BeginGroup().code() == absl::StatusCode::kInternal);
    Mutation first;
    first.new_job = testing::MakeJob("j1");
    first.trials.push_back(testing::MakeTrial("j1", 1));
    REQUIRE(store->Commit(first).ok());
    Mutation taken;  // fails: the job exists; its trial must not be stored
    taken.new_job = testing::MakeJob("j1");
    taken.trials.push_back(testing::MakeTrial("j1", 2));
    CHECK(store->Commit(taken).status().code() ==
          absl::StatusCode::kAlreadyExists);
    Mutation points;
    points.points = {{"j1-1", 1, "loss", 1, 0.5, 10.0}};
    REQUIRE(store->Commit(points).ok());
    // Reads inside the group see its commits.
    CHECK(store->ListTrials("j1")->size() == 1);
    REQUIRE(store->EndGroup().ok());
    CHECK(store->EndGroup().code() == absl::StatusCode::kInternal);

    REQUIRE(store->BeginGroup().ok());
    Mutation lost;
    lost.new_job = testing::MakeJob("j2");
    REQUIRE(store->Commit(lost).ok());
    // Closed without EndGroup, as when tunerd dies mid-group.
  }
  std::unique_ptr<SqliteStore> store = OpenOk(path);
  auto jobs = store->ListJobs();
  REQUIRE(jobs.ok());
  REQUIRE(jobs->size() == 1);
  CHECK((*jobs)[0].name == "j1");
  CHECK(store->ListTrials("j1")->size() == 1);
  CHECK(store->ListMetricPoints("j1-1")->size() == 1);
  // And a plain commit after all that is durable on its own.
  Mutation after;
  after.new_job = testing::MakeJob("j3");
  REQUIRE(store->Commit(after).ok());
  CHECK(store->ListJobs()->size() == 2);
}

TEST_CASE("SqliteStore read-only: reads what is committed while a group is "
          "open, and writes nothing",
          "[sqlite]") {
  TempDir dir = MakeTempDir();
  const std::string path = dir.Path("tune.db");
  std::unique_ptr<SqliteStore> store = OpenOk(path);
  auto reader = SqliteStore::OpenReadOnly(path);
  REQUIRE(reader.ok());
  Mutation first;
  first.new_job = testing::MakeJob("j1");
  REQUIRE(store->Commit(first).ok());
  CHECK((*reader)->ListJobs()->size() == 1);
  REQUIRE(store->BeginGroup().ok());
  Mutation second;
  second.new_job = testing::MakeJob("j2");
  REQUIRE(store->Commit(second).ok());
  // The group is not durable yet: the reader does not see it, and is not
  // held up by it.
  CHECK((*reader)->ListJobs()->size() == 1);
  REQUIRE(store->EndGroup().ok());
  CHECK((*reader)->ListJobs()->size() == 2);
  Mutation refused;
  refused.new_job = testing::MakeJob("j3");
  CHECK((*reader)->Commit(refused).status().code() ==
        absl::StatusCode::kFailedPrecondition);
  CHECK((*reader)->BeginGroup().code() == absl::StatusCode::kFailedPrecondition);
  CHECK(store->ListJobs()->size() == 2);
  CHECK(SqliteStore::OpenReadOnly(":memory:").status().code() ==
        absl::StatusCode::kInvalidArgument);
}

TEST_CASE("SqliteStore turns on WAL mode and the latest schema", "[sqlite]") {
  TempDir dir = MakeTempDir();
  const std::string path = dir.Path("tune.db");
  std::unique_ptr<SqliteStore> store = OpenOk(path);

  // journal_mode=WAL is kept in the file, so a second connection sees it.
  absl::StatusOr<sqlite::Connection> db = sqlite::Connection::Open(path);
  REQUIRE(db.ok());
  absl::StatusOr<sqlite::Statement> stmt =
      sqlite::Statement::Prepare(*db, "PRAGMA journal_mode");
  REQUIRE(stmt.ok());
  absl::StatusOr<bool> row = stmt->Step();
  REQUIRE(row.ok());
  REQUIRE(*row);
  CHECK(stmt->ColumnText(0) == "wal");

  absl::StatusOr<std::optional<sqlite::SchemaVersion>> version =
      sqlite::ReadSchemaVersion(*db);
  REQUIRE(version.ok());
  REQUIRE(version->has_value());
  CHECK((*version)->version == sqlite::LatestSchemaVersion());
  CHECK((*version)->compatible_version <= sqlite::LatestSchemaVersion());
}

TEST_CASE("SqliteStore refuses a database from a newer tunerd", "[sqlite]") {
  TempDir dir = MakeTempDir();
  const std::string path = dir.Path("tune.db");
  OpenOk(path).reset();
  {
    absl::StatusOr<sqlite::Connection> db = sqlite::Connection::Open(path);
    REQUIRE(db.ok());
    ExecuteOk(*db,
              "UPDATE meta SET value = '99' WHERE key IN "
              "('version', 'compatible_version')");
  }
  auto store = SqliteStore::Open(path);
  CHECK(store.status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK_THAT(std::string(store.status().message()),
             Catch::Matchers::Contains("99") &&
                 Catch::Matchers::Contains("newer tunerd"));

  // A newer version that declares itself compatible with us opens, as is.
  {
    absl::StatusOr<sqlite::Connection> db = sqlite::Connection::Open(path);
    REQUIRE(db.ok());
    ExecuteOk(*db,
              "UPDATE meta SET value = '1' WHERE key = "
              "'compatible_version'");
  }
  OpenOk(path).reset();
  absl::StatusOr<sqlite::Connection> db = sqlite::Connection::Open(path);
  REQUIRE(db.ok());
  auto version = sqlite::ReadSchemaVersion(*db);
  REQUIRE(version.ok());
  REQUIRE(version->has_value());
  CHECK((*version)->version == 99);
  CHECK((*version)->compatible_version == 1);
}

TEST_CASE("SqliteStore refuses files that are not tune databases", "[sqlite]") {
  TempDir dir = MakeTempDir();
  SECTION("garbage bytes") {
    const std::string path = dir.Path("garbage.db");
    std::string garbage;
    for (int i = 0; i < 200; ++i) garbage += "this is not a database\n";
    WriteFile(path, garbage);
    auto store = SqliteStore::Open(path);
    INFO(store.status().ToString());
    CHECK(store.status().code() == absl::StatusCode::kFailedPrecondition);
    CHECK_THAT(std::string(store.status().message()),
               Catch::Matchers::Contains(path + " is not a SQLite database"));
    CHECK(ReadFile(path) == garbage);  // left untouched
  }
  SECTION("another program's SQLite database") {
    const std::string path = dir.Path("other.db");
    {
      absl::StatusOr<sqlite::Connection> db = sqlite::Connection::Open(path);
      REQUIRE(db.ok());
      ExecuteOk(*db, "CREATE TABLE photos(id INTEGER PRIMARY KEY)");
    }
    auto store = SqliteStore::Open(path);
    CHECK(store.status().code() == absl::StatusCode::kFailedPrecondition);
    CHECK_THAT(std::string(store.status().message()),
               Catch::Matchers::Contains("not a tune database"));
  }
  SECTION("a directory that does not exist") {
    auto store = SqliteStore::Open(dir.Path("missing/tune.db"));
    CHECK_FALSE(store.ok());
    CHECK_THAT(std::string(store.status().message()),
               Catch::Matchers::Contains("missing/tune.db"));
  }
}

TEST_CASE("A version-1 file is migrated and keeps its rows",
          "[sqlite][schema]") {
  TempDir dir = MakeTempDir();
  const std::string path = dir.Path("v1.db");
  {
    absl::StatusOr<sqlite::Connection> db = sqlite::Connection::Open(path);
    REQUIRE(db.ok());
    const std::vector<sqlite::MigrationStep> first_only = {
        sqlite::Migrations().front()};
    REQUIRE(sqlite::MigrateSchema(*db, first_only).ok());
    REQUIRE(db->Execute(
                  "INSERT INTO jobs(name, spec_yaml, state, reason, "
                  "created_at, ended_at) VALUES('old', 'name: old', "
                  "'Completed', 'done', 1.5, 2.5); "
                  "INSERT INTO trials(trial_id, job_name, seq, "
                  "parameters_json, state, worker_id, attempt, exit_code, "
                  "reason, objective, client_id, suggestion_json, "
                  "created_at, started_at, ended_at) VALUES('old-1', 'old', "
                  "1, '{}', 'Completed', 'w', 1, 0, '', 0.5, '', '{}', 1, 2, "
                  "3)")
                .ok());
  }
  std::unique_ptr<SqliteStore> store = OpenOk(path);
  absl::StatusOr<JobRecord> job = store->GetJob("old");
  REQUIRE(job.ok());
  CHECK(job->reason == "done");
  CHECK(job->max_jobs == 0);  // the spec's limits
  CHECK(job->max_parallel_jobs == 0);
  absl::StatusOr<TrialRecord> trial = store->GetTrial("old-1");
  REQUIRE(trial.ok());
  CHECK(trial->objective == 0.5);
  CHECK(trial->attempts_json == "[]");
}

}  // namespace
}  // namespace tune::storage
