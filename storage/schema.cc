#include "storage/schema.h"

#include <algorithm>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "storage/sqlite_statement.h"
#include "storage/sqlite_transaction.h"

namespace tune::storage::sqlite {
namespace {

// ---- Version 1: the first schema. -----------------------------------------
//
// Doubles live in REAL columns and round-trip bit for bit (subnormals and
// infinities too), except that REAL affinity stores -0.0 as 0.0, which
// compares equal. NaN cannot be stored (SQLite makes it NULL), so
// ValidateMutation refuses it.

constexpr char kCreateMetaTable[] =
    "CREATE TABLE meta("
    "key TEXT NOT NULL PRIMARY KEY, "
    "value TEXT NOT NULL)";

// `id` keeps the order of creation (ListJobs); `name` is the key.
constexpr char kCreateJobsTable[] =
    "CREATE TABLE jobs("
    "id INTEGER PRIMARY KEY, "
    "name TEXT NOT NULL UNIQUE, "
    "spec_yaml TEXT NOT NULL, "
    "state TEXT NOT NULL, "  // ToString(JobState)
    "reason TEXT NOT NULL, "
    "created_at REAL NOT NULL, "
    "ended_at REAL NOT NULL)";

constexpr char kCreateTrialsTable[] =
    "CREATE TABLE trials("
    "trial_id TEXT NOT NULL PRIMARY KEY, "
    "job_name TEXT NOT NULL REFERENCES jobs(name), "
    "seq INTEGER NOT NULL, "
    "parameters_json TEXT NOT NULL, "
    "state TEXT NOT NULL, "  // ToString(TrialState)
    "worker_id TEXT NOT NULL, "
    "attempt INTEGER NOT NULL, "
    "exit_code INTEGER NOT NULL, "
    "reason TEXT NOT NULL, "
    "objective REAL, "  // NULL when the trial has none
    "client_id TEXT NOT NULL, "
    "suggestion_json TEXT NOT NULL, "
    "created_at REAL NOT NULL, "
    "started_at REAL NOT NULL, "
    "ended_at REAL NOT NULL)";

// ListTrials reads a job's trials in seq order; also serves the foreign key.
constexpr char kCreateTrialsJobIndex[] =
    "CREATE INDEX trials_job_name_seq ON trials(job_name, seq)";

constexpr char kCreateMetricPointsTable[] =
    "CREATE TABLE metric_points("
    "trial_id TEXT NOT NULL REFERENCES trials(trial_id), "
    "metric TEXT NOT NULL, "
    "step INTEGER NOT NULL, "
    "value REAL NOT NULL, "
    "wall_time REAL NOT NULL, "
    "UNIQUE(trial_id, metric, step))";

// AUTOINCREMENT: ids are never reused, so a client's after_id stays valid.
constexpr char kCreateEventsTable[] =
    "CREATE TABLE events("
    "id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "job_name TEXT NOT NULL, "
    "trial_id TEXT NOT NULL, "
    "kind TEXT NOT NULL, "
    "message TEXT NOT NULL, "
    "time REAL NOT NULL)";

constexpr char kCreateEventsJobIndex[] =
    "CREATE INDEX events_job_name_id ON events(job_name, id)";

// ---- Version 2: limits changed on a running job (update-job), the
// history of a retried trial's attempts, a trial's warnings and log tail. Old code would ignore both, so it
// must not open a version-2 file.

constexpr char kAddJobsMaxJobs[] =
    "ALTER TABLE jobs ADD COLUMN max_jobs INTEGER NOT NULL DEFAULT 0";
constexpr char kAddJobsMaxParallelJobs[] =
    "ALTER TABLE jobs ADD COLUMN max_parallel_jobs INTEGER NOT NULL DEFAULT 0";
constexpr char kAddJobsResumedAt[] =
    "ALTER TABLE jobs ADD COLUMN resumed_at REAL NOT NULL DEFAULT 0";
constexpr char kAddTrialsAttemptsJson[] =
    "ALTER TABLE trials ADD COLUMN attempts_json TEXT NOT NULL DEFAULT '[]'";
constexpr char kAddTrialsWarnings[] =
    "ALTER TABLE trials ADD COLUMN warnings TEXT NOT NULL DEFAULT ''";
constexpr char kAddTrialsLogTail[] =
    "ALTER TABLE trials ADD COLUMN log_tail TEXT NOT NULL DEFAULT ''";

// Points are kept per attempt: a retried trial reports its steps again.
constexpr char kCreateMetricPointsV2[] =
    "CREATE TABLE metric_points_v2("
    "trial_id TEXT NOT NULL REFERENCES trials(trial_id), "
    "attempt INTEGER NOT NULL, "
    "metric TEXT NOT NULL, "
    "step INTEGER NOT NULL, "
    "value REAL NOT NULL, "
    "wall_time REAL NOT NULL, "
    "UNIQUE(trial_id, attempt, metric, step))";
// Before version 2 no trial reported from two attempts.
constexpr char kCopyMetricPointsToV2[] =
    "INSERT INTO metric_points_v2(trial_id, attempt, metric, step, value, "
    "wall_time) SELECT p.trial_id, MAX(t.attempt, 1), p.metric, p.step, "
    "p.value, p.wall_time FROM metric_points AS p "
    "JOIN trials AS t ON t.trial_id = p.trial_id";
constexpr char kDropMetricPointsV1[] = "DROP TABLE metric_points";
constexpr char kRenameMetricPointsV2[] =
    "ALTER TABLE metric_points_v2 RENAME TO metric_points";

// ---- Version 3: who created each job, and the API tokens (only their
// SHA-256 hashes). Older code can still use the file: it leaves owner empty
// and ignores the tokens.

constexpr char kAddJobsOwner[] =
    "ALTER TABLE jobs ADD COLUMN owner TEXT NOT NULL DEFAULT ''";
constexpr char kCreateTokensTable[] =
    "CREATE TABLE tokens("
    "name TEXT NOT NULL PRIMARY KEY, "
    "hash TEXT NOT NULL UNIQUE, "  // hex SHA-256 of the token
    "role TEXT NOT NULL, "
    "created_by TEXT NOT NULL, "
    "created_at REAL NOT NULL, "
    "revoked_at REAL NOT NULL)";  // 0 while valid

// ---- Version 4: the ask/tell requests that changed a trial, by their
// client's id, so that a request sent again is not applied twice. Older code
// can still use the file: it ignores the table.

constexpr char kCreateClientRequestsTable[] =
    "CREATE TABLE client_requests("
    "trial_id TEXT NOT NULL REFERENCES trials(trial_id), "
    "request_id TEXT NOT NULL, "
    "time REAL NOT NULL, "
    "PRIMARY KEY(trial_id, request_id)) WITHOUT ROWID";

// ---- Meta table access. ---------------------------------------------------

constexpr char kCountTables[] =
    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'";
constexpr char kCountMetaTables[] =
    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND "
    "name = 'meta'";
constexpr char kSelectMetaValue[] = "SELECT value FROM meta WHERE key = ?";
constexpr char kUpsertMetaValue[] =
    "INSERT INTO meta(key, value) VALUES(?, ?) "
    "ON CONFLICT(key) DO UPDATE SET value = excluded.value";

constexpr char kVersionKey[] = "version";
constexpr char kCompatibleVersionKey[] = "compatible_version";

absl::StatusOr<int64_t> SelectCount(Connection& db, const char* sql) {
  absl::StatusOr<Statement> stmt = Statement::Prepare(db, sql);
  if (!stmt.ok()) return stmt.status();
  absl::StatusOr<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  return *row ? stmt->ColumnInt64(0) : 0;
}

absl::StatusOr<int> ReadMetaInt(Connection& db, const char* key) {
  absl::StatusOr<Statement> stmt = Statement::Prepare(db, kSelectMetaValue);
  if (!stmt.ok()) return stmt.status();
  stmt->BindText(1, key);
  absl::StatusOr<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    return absl::DataLossError(
        absl::StrCat(db.path(), ": the meta table has no ", key));
  }
  std::string text = stmt->ColumnText(0);
  int value = 0;
  if (!absl::SimpleAtoi(text, &value) || value < 0) {
    return absl::DataLossError(absl::StrCat(db.path(), ": meta ", key, " is \"",
                                            text, "\", not a version"));
  }
  return value;
}

absl::Status WriteMetaInt(Connection& db, const char* key, int value) {
  absl::StatusOr<Statement> stmt = Statement::Prepare(db, kUpsertMetaValue);
  if (!stmt.ok()) return stmt.status();
  stmt->BindText(1, key);
  stmt->BindText(2, absl::StrCat(value));
  return stmt->Run();
}

absl::Status CheckSteps(std::span<const MigrationStep> steps) {
  if (steps.empty()) return absl::InternalError("no migration steps");
  for (size_t i = 0; i < steps.size(); ++i) {
    const MigrationStep& step = steps[i];
    if (step.version != static_cast<int>(i) + 1 ||
        step.compatible_version < 1 || step.compatible_version > step.version) {
      return absl::InternalError(absl::StrCat(
          "migration step ", i, " has version ", step.version,
          " and compatible_version ", step.compatible_version,
          "; want version ", i + 1, " and 1 <= compatible_version <= ", i + 1));
    }
  }
  return absl::OkStatus();
}

}  // namespace

const std::vector<MigrationStep>& Migrations() {
  static const std::vector<MigrationStep>* const kSteps =
      new std::vector<MigrationStep>{
          {.version = 1,
           .compatible_version = 1,
           .statements = {kCreateJobsTable, kCreateTrialsTable,
                          kCreateTrialsJobIndex, kCreateMetricPointsTable,
                          kCreateEventsTable, kCreateEventsJobIndex}},
          {.version = 2,
           .compatible_version = 2,
           .statements = {kAddJobsMaxJobs, kAddJobsMaxParallelJobs,
                          kAddJobsResumedAt,
                          kAddTrialsAttemptsJson, kAddTrialsWarnings,
                          kAddTrialsLogTail,
                          kCreateMetricPointsV2, kCopyMetricPointsToV2,
                          kDropMetricPointsV1, kRenameMetricPointsV2}},
          {.version = 3,
           .compatible_version = 2,
           .statements = {kAddJobsOwner, kCreateTokensTable}},
          {.version = 4,
           .compatible_version = 2,
           .statements = {kCreateClientRequestsTable}},
      };
  return *kSteps;
}

int LatestSchemaVersion() { return Migrations().back().version; }

absl::StatusOr<std::optional<SchemaVersion>> ReadSchemaVersion(Connection& db) {
  absl::StatusOr<int64_t> meta_tables = SelectCount(db, kCountMetaTables);
  if (!meta_tables.ok()) return meta_tables.status();
  if (*meta_tables == 0) {
    absl::StatusOr<int64_t> tables = SelectCount(db, kCountTables);
    if (!tables.ok()) return tables.status();
    if (*tables == 0) return std::nullopt;
    return absl::FailedPreconditionError(
        absl::StrCat(db.path(), " is a SQLite database with ", *tables,
                     " tables but no meta table: it is not a tune database"));
  }
  SchemaVersion version;
  absl::StatusOr<int> v = ReadMetaInt(db, kVersionKey);
  if (!v.ok()) return v.status();
  absl::StatusOr<int> compatible = ReadMetaInt(db, kCompatibleVersionKey);
  if (!compatible.ok()) return compatible.status();
  version.version = *v;
  version.compatible_version = *compatible;
  return version;
}

absl::Status MigrateSchema(Connection& db,
                           std::span<const MigrationStep> steps) {
  if (absl::Status s = CheckSteps(steps); !s.ok()) return s;
  const int latest = steps.back().version;

  Transaction txn(db);
  if (absl::Status s = txn.Begin(); !s.ok()) return s;
  absl::StatusOr<std::optional<SchemaVersion>> current = ReadSchemaVersion(db);
  if (!current.ok()) return current.status();

  SchemaVersion file;  // {0, 0} for a fresh database
  if (current->has_value()) {
    file = **current;
  } else {
    if (absl::Status s = db.Execute(kCreateMetaTable); !s.ok()) return s;
  }
  if (file.compatible_version > latest) {
    return absl::FailedPreconditionError(absl::StrCat(
        db.path(), " has schema version ", file.version,
        ", which needs code that knows schema version ",
        file.compatible_version, " or later; this build knows up to ", latest,
        ". Run a newer tunerd, or point it at another database."));
  }
  if (file.version >= latest) return absl::OkStatus();  // rolls back nothing

  int compatible = file.compatible_version;
  for (const MigrationStep& step : steps) {
    if (step.version <= file.version) continue;
    for (const char* sql : step.statements) {
      if (absl::Status s = db.Execute(sql); !s.ok()) {
        return absl::Status(
            s.code(), absl::StrCat("migrating to schema version ", step.version,
                                   ": ", s.message()));
      }
    }
    compatible = std::max(compatible, step.compatible_version);
  }
  if (absl::Status s = WriteMetaInt(db, kVersionKey, latest); !s.ok()) {
    return s;
  }
  if (absl::Status s = WriteMetaInt(db, kCompatibleVersionKey, compatible);
      !s.ok()) {
    return s;
  }
  return txn.Commit();
}

}  // namespace tune::storage::sqlite
