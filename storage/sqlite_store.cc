#include "storage/sqlite_store.h"

#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "storage/mutation_checks.h"
#include "storage/sqlite_statement.h"
#include "storage/sqlite_transaction.h"

namespace tune::storage {
namespace {

using sqlite::Statement;
using sqlite::Transaction;

// ---- jobs. Columns in the order of JobRecord. ------------------------------

constexpr char kInsertJob[] =
    "INSERT INTO jobs(name, spec_yaml, state, reason, created_at, ended_at, "
    "max_jobs, max_parallel_jobs, resumed_at, owner) "
    "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kUpdateJob[] =
    "UPDATE jobs SET spec_yaml = ?2, state = ?3, reason = ?4, "
    "created_at = ?5, ended_at = ?6, max_jobs = ?7, max_parallel_jobs = ?8, "
    "resumed_at = ?9, owner = ?10 WHERE name = ?1";
constexpr char kSelectJobExists[] = "SELECT 1 FROM jobs WHERE name = ?";
constexpr char kSelectJob[] =
    "SELECT name, spec_yaml, state, reason, created_at, ended_at, max_jobs, "
    "max_parallel_jobs, resumed_at, owner FROM jobs WHERE name = ?";
constexpr char kSelectAllJobs[] =
    "SELECT name, spec_yaml, state, reason, created_at, ended_at, max_jobs, "
    "max_parallel_jobs, resumed_at, owner FROM jobs ORDER BY id";

// ---- trials. Columns in the order of TrialRecord. --------------------------

constexpr char kUpsertTrial[] =
    "INSERT INTO trials(trial_id, job_name, seq, parameters_json, state, "
    "worker_id, attempt, exit_code, reason, objective, client_id, "
    "suggestion_json, created_at, started_at, ended_at, attempts_json, "
    "warnings, log_tail) "
    "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT(trial_id) DO UPDATE SET "
    "job_name = excluded.job_name, seq = excluded.seq, "
    "parameters_json = excluded.parameters_json, state = excluded.state, "
    "worker_id = excluded.worker_id, attempt = excluded.attempt, "
    "exit_code = excluded.exit_code, reason = excluded.reason, "
    "objective = excluded.objective, client_id = excluded.client_id, "
    "suggestion_json = excluded.suggestion_json, "
    "created_at = excluded.created_at, started_at = excluded.started_at, "
    "ended_at = excluded.ended_at, attempts_json = excluded.attempts_json, "
    "warnings = excluded.warnings, log_tail = excluded.log_tail";
constexpr char kSelectTrialExists[] = "SELECT 1 FROM trials WHERE trial_id = ?";
constexpr char kSelectTrial[] =
    "SELECT trial_id, job_name, seq, parameters_json, state, worker_id, "
    "attempt, exit_code, reason, objective, client_id, suggestion_json, "
    "created_at, started_at, ended_at, attempts_json, warnings, log_tail "
    "FROM trials "
    "WHERE trial_id = ?";
constexpr char kSelectJobTrials[] =
    "SELECT trial_id, job_name, seq, parameters_json, state, worker_id, "
    "attempt, exit_code, reason, objective, client_id, suggestion_json, "
    "created_at, started_at, ended_at, attempts_json, warnings, log_tail "
    "FROM trials "
    "WHERE job_name = ? "
    "ORDER BY seq, trial_id";

// ---- metric_points. A stored (trial_id, metric, step) is skipped. ----------

constexpr char kInsertPoint[] =
    "INSERT INTO metric_points(trial_id, attempt, metric, step, value, "
    "wall_time) VALUES(?, ?, ?, ?, ?, ?) "
    "ON CONFLICT(trial_id, attempt, metric, step) DO NOTHING";
constexpr char kSelectTrialPoints[] =
    "SELECT trial_id, attempt, metric, step, value, wall_time "
    "FROM metric_points WHERE trial_id = ? ORDER BY attempt, metric, step";

// ---- client_requests. A stored (trial_id, request_id) is skipped. ----------

constexpr char kInsertClientRequest[] =
    "INSERT INTO client_requests(trial_id, request_id, time) VALUES(?, ?, ?) "
    "ON CONFLICT(trial_id, request_id) DO NOTHING";
constexpr char kSelectClientRequestExists[] =
    "SELECT 1 FROM client_requests WHERE trial_id = ? AND request_id = ?";

// ---- events. ---------------------------------------------------------------

constexpr char kInsertEvent[] =
    "INSERT INTO events(job_name, trial_id, kind, message, time) "
    "VALUES(?, ?, ?, ?, ?)";
constexpr char kSelectJobEvents[] =
    "SELECT id, job_name, trial_id, kind, message, time FROM events "
    "WHERE job_name = ? AND id > ? ORDER BY id LIMIT ?";

// ---- Records to and from rows. ---------------------------------------------

template <typename State>
absl::StatusOr<State> ParseState(const std::string& text, State last) {
  for (int i = 0; i <= static_cast<int>(last); ++i) {
    State state = static_cast<State>(i);
    if (text == ToString(state)) return state;
  }
  return absl::DataLossError(
      absl::StrCat("unknown state \"", text, "\" in the database"));
}

void BindJob(Statement& stmt, const JobRecord& job) {
  stmt.BindText(1, job.name);
  stmt.BindText(2, job.spec_yaml);
  stmt.BindText(3, ToString(job.state));
  stmt.BindText(4, job.reason);
  stmt.BindDouble(5, job.created_at);
  stmt.BindDouble(6, job.ended_at);
  stmt.BindInt64(7, job.max_jobs);
  stmt.BindInt64(8, job.max_parallel_jobs);
  stmt.BindDouble(9, job.resumed_at);
  stmt.BindText(10, job.owner);
}

absl::StatusOr<JobRecord> ReadJob(const Statement& stmt) {
  JobRecord job;
  job.name = stmt.ColumnText(0);
  job.spec_yaml = stmt.ColumnText(1);
  absl::StatusOr<JobState> state =
      ParseState(stmt.ColumnText(2), JobState::kStopped);
  if (!state.ok()) return state.status();
  job.state = *state;
  job.reason = stmt.ColumnText(3);
  job.created_at = stmt.ColumnDouble(4);
  job.ended_at = stmt.ColumnDouble(5);
  job.max_jobs = static_cast<int>(stmt.ColumnInt64(6));
  job.max_parallel_jobs = static_cast<int>(stmt.ColumnInt64(7));
  job.resumed_at = stmt.ColumnDouble(8);
  job.owner = stmt.ColumnText(9);
  return job;
}

void BindTrial(Statement& stmt, const TrialRecord& trial) {
  stmt.BindText(1, trial.trial_id);
  stmt.BindText(2, trial.job_name);
  stmt.BindInt64(3, trial.seq);
  stmt.BindText(4, trial.parameters_json);
  stmt.BindText(5, ToString(trial.state));
  stmt.BindText(6, trial.worker_id);
  stmt.BindInt64(7, trial.attempt);
  stmt.BindInt64(8, trial.exit_code);
  stmt.BindText(9, trial.reason);
  stmt.BindOptionalDouble(10, trial.objective);
  stmt.BindText(11, trial.client_id);
  stmt.BindText(12, trial.suggestion_json);
  stmt.BindDouble(13, trial.created_at);
  stmt.BindDouble(14, trial.started_at);
  stmt.BindDouble(15, trial.ended_at);
  stmt.BindText(16, trial.attempts_json);
  stmt.BindText(17, trial.warnings);
  stmt.BindText(18, trial.log_tail);
}

absl::StatusOr<TrialRecord> ReadTrial(const Statement& stmt) {
  TrialRecord trial;
  trial.trial_id = stmt.ColumnText(0);
  trial.job_name = stmt.ColumnText(1);
  trial.seq = stmt.ColumnInt64(2);
  trial.parameters_json = stmt.ColumnText(3);
  absl::StatusOr<TrialState> state =
      ParseState(stmt.ColumnText(4), TrialState::kStopped);
  if (!state.ok()) return state.status();
  trial.state = *state;
  trial.worker_id = stmt.ColumnText(5);
  trial.attempt = static_cast<int>(stmt.ColumnInt64(6));
  trial.exit_code = static_cast<int>(stmt.ColumnInt64(7));
  trial.reason = stmt.ColumnText(8);
  trial.objective = stmt.ColumnOptionalDouble(9);
  trial.client_id = stmt.ColumnText(10);
  trial.suggestion_json = stmt.ColumnText(11);
  trial.created_at = stmt.ColumnDouble(12);
  trial.started_at = stmt.ColumnDouble(13);
  trial.ended_at = stmt.ColumnDouble(14);
  trial.attempts_json = stmt.ColumnText(15);
  trial.warnings = stmt.ColumnText(16);
  trial.log_tail = stmt.ColumnText(17);
  return trial;
}

MetricPointRecord ReadPoint(const Statement& stmt) {
  return MetricPointRecord{.trial_id = stmt.ColumnText(0),
                           .attempt = static_cast<int>(stmt.ColumnInt64(1)),
                           .metric = stmt.ColumnText(2),
                           .step = stmt.ColumnInt64(3),
                           .value = stmt.ColumnDouble(4),
                           .wall_time = stmt.ColumnDouble(5)};
}

EventRecord ReadEvent(const Statement& stmt) {
  return EventRecord{.id = stmt.ColumnInt64(0),
                     .job_name = stmt.ColumnText(1),
                     .trial_id = stmt.ColumnText(2),
                     .kind = stmt.ColumnText(3),
                     .message = stmt.ColumnText(4),
                     .time = stmt.ColumnDouble(5)};
}

// Runs a "SELECT 1 ... WHERE key = ?" statement and resets it, so that it
// is reusable and no read is left open when the transaction commits.
absl::StatusOr<bool> Exists(Statement& stmt, std::string_view key) {
  stmt.BindText(1, key);
  absl::StatusOr<bool> row = stmt.Step();
  stmt.Reset();
  return row;
}

// Runs a query bound to one text key and reads every row with `read`.
template <typename Record, typename Read>
absl::StatusOr<std::vector<Record>> ReadAll(Statement& stmt, Read read) {
  std::vector<Record> records;
  while (true) {
    absl::StatusOr<bool> row = stmt.Step();
    if (!row.ok()) return row.status();
    if (!*row) return records;
    absl::StatusOr<Record> record = read(stmt);
    if (!record.ok()) return record.status();
    records.push_back(*std::move(record));
  }
}

}  // namespace

absl::StatusOr<CommitResult> SqliteStore::Commit(const Mutation& mutation) {
  if (absl::Status s = RefuseIfReadOnly(); !s.ok()) return s;
  if (absl::Status s = ValidateMutation(mutation); !s.ok()) return s;
  absl::MutexLock lock(&mutex_);
  return CommitLocked(mutation);
}

absl::StatusOr<CommitResult> SqliteStore::CommitLocked(
    const Mutation& mutation) {
  // Every early return below rolls the transaction back.
  Transaction txn(db_, /*nested=*/group_.has_value());
  if (absl::Status s = txn.Begin(); !s.ok()) return s;
  CommitResult result;

  absl::StatusOr<Statement> job_exists =
      Statement::Prepare(db_, kSelectJobExists);
  if (!job_exists.ok()) return job_exists.status();

  if (mutation.new_job.has_value()) {
    absl::StatusOr<bool> taken = Exists(*job_exists, mutation.new_job->name);
    if (!taken.ok()) return taken.status();
    if (*taken) return JobExistsError(mutation.new_job->name);
    absl::StatusOr<Statement> insert = Statement::Prepare(db_, kInsertJob);
    if (!insert.ok()) return insert.status();
    BindJob(*insert, *mutation.new_job);
    if (absl::Status s = insert->Run(); !s.ok()) return s;
  }

  if (mutation.job_update.has_value()) {
    absl::StatusOr<Statement> update = Statement::Prepare(db_, kUpdateJob);
    if (!update.ok()) return update.status();
    BindJob(*update, *mutation.job_update);
    if (absl::Status s = update->Run(); !s.ok()) return s;
    if (db_.Changes() == 0) return JobNotFoundError(mutation.job_update->name);
  }

  if (!mutation.trials.empty()) {
    absl::StatusOr<Statement> upsert = Statement::Prepare(db_, kUpsertTrial);
    if (!upsert.ok()) return upsert.status();
    for (const TrialRecord& trial : mutation.trials) {
      absl::StatusOr<bool> job_found = Exists(*job_exists, trial.job_name);
      if (!job_found.ok()) return job_found.status();
      if (!*job_found) return TrialJobMissingError(trial);
      upsert->Reset();
      BindTrial(*upsert, trial);
      if (absl::Status s = upsert->Run(); !s.ok()) return s;
    }
  }

  if (!mutation.points.empty()) {
    absl::StatusOr<Statement> trial_exists =
        Statement::Prepare(db_, kSelectTrialExists);
    if (!trial_exists.ok()) return trial_exists.status();
    absl::StatusOr<Statement> insert = Statement::Prepare(db_, kInsertPoint);
    if (!insert.ok()) return insert.status();
    std::set<std::string, std::less<>> known_trials;
    for (const MetricPointRecord& point : mutation.points) {
      if (!known_trials.contains(point.trial_id)) {
        absl::StatusOr<bool> found = Exists(*trial_exists, point.trial_id);
        if (!found.ok()) return found.status();
        if (!*found) return PointTrialMissingError(point);
        known_trials.insert(point.trial_id);
      }
      insert->Reset();
      insert->BindText(1, point.trial_id);
      insert->BindInt64(2, point.attempt);
      insert->BindText(3, point.metric);
      insert->BindInt64(4, point.step);
      insert->BindDouble(5, point.value);
      insert->BindDouble(6, point.wall_time);
      if (absl::Status s = insert->Run(); !s.ok()) return s;
      result.points_inserted += db_.Changes();
    }
  }

  if (!mutation.events.empty()) {
    absl::StatusOr<Statement> insert = Statement::Prepare(db_, kInsertEvent);
    if (!insert.ok()) return insert.status();
    for (const EventRecord& event : mutation.events) {
      insert->Reset();
      insert->BindText(1, event.job_name);
      insert->BindText(2, event.trial_id);
      insert->BindText(3, event.kind);
      insert->BindText(4, event.message);
      insert->BindDouble(5, event.time);
      if (absl::Status s = insert->Run(); !s.ok()) return s;
      result.event_ids.push_back(db_.LastInsertRowId());
    }
  }

  if (!mutation.client_requests.empty()) {
    absl::StatusOr<Statement> trial_exists =
        Statement::Prepare(db_, kSelectTrialExists);
    if (!trial_exists.ok()) return trial_exists.status();
    absl::StatusOr<Statement> insert =
        Statement::Prepare(db_, kInsertClientRequest);
    if (!insert.ok()) return insert.status();
    for (const ClientRequestRecord& request : mutation.client_requests) {
      absl::StatusOr<bool> found = Exists(*trial_exists, request.trial_id);
      if (!found.ok()) return found.status();
      if (!*found) return RequestTrialMissingError(request);
      insert->Reset();
      insert->BindText(1, request.trial_id);
      insert->BindText(2, request.request_id);
      insert->BindDouble(3, request.time);
      if (absl::Status s = insert->Run(); !s.ok()) return s;
    }
  }

  if (absl::Status s = txn.Commit(); !s.ok()) return s;
  return result;
}

absl::Status SqliteStore::BeginGroup() {
  if (absl::Status s = RefuseIfReadOnly(); !s.ok()) return s;
  absl::MutexLock lock(&mutex_);
  if (group_.has_value()) return absl::InternalError("group begun twice");
  group_.emplace(db_);
  absl::Status status = group_->Begin();
  if (!status.ok()) group_.reset();
  return status;
}

absl::Status SqliteStore::EndGroup() {
  if (absl::Status s = RefuseIfReadOnly(); !s.ok()) return s;
  absl::MutexLock lock(&mutex_);
  if (!group_.has_value()) {
    return absl::InternalError("end of a group that was not begun");
  }
  absl::Status status = group_->Commit();
  group_.reset();  // rolls back what Commit could not store
  return status;
}

absl::StatusOr<bool> SqliteStore::HasClientRequest(
    std::string_view trial_id, std::string_view request_id) {
  absl::MutexLock lock(&mutex_);
  absl::StatusOr<Statement> stmt =
      Statement::Prepare(db_, kSelectClientRequestExists);
  if (!stmt.ok()) return stmt.status();
  stmt->BindText(1, trial_id);
  stmt->BindText(2, request_id);
  return stmt->Step();
}

absl::StatusOr<JobRecord> SqliteStore::GetJob(std::string_view name) {
  absl::MutexLock lock(&mutex_);
  absl::StatusOr<Statement> stmt = Statement::Prepare(db_, kSelectJob);
  if (!stmt.ok()) return stmt.status();
  stmt->BindText(1, name);
  absl::StatusOr<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return JobNotFoundError(name);
  return ReadJob(*stmt);
}

absl::StatusOr<std::vector<JobRecord>> SqliteStore::ListJobs() {
  absl::MutexLock lock(&mutex_);
  absl::StatusOr<Statement> stmt = Statement::Prepare(db_, kSelectAllJobs);
  if (!stmt.ok()) return stmt.status();
  return ReadAll<JobRecord>(*stmt, ReadJob);
}

absl::StatusOr<TrialRecord> SqliteStore::GetTrial(std::string_view trial_id) {
  absl::MutexLock lock(&mutex_);
  absl::StatusOr<Statement> stmt = Statement::Prepare(db_, kSelectTrial);
  if (!stmt.ok()) return stmt.status();
  stmt->BindText(1, trial_id);
  absl::StatusOr<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return TrialNotFoundError(trial_id);
  return ReadTrial(*stmt);
}

absl::StatusOr<std::vector<TrialRecord>> SqliteStore::ListTrials(
    std::string_view job_name) {
  absl::MutexLock lock(&mutex_);
  absl::StatusOr<Statement> stmt = Statement::Prepare(db_, kSelectJobTrials);
  if (!stmt.ok()) return stmt.status();
  stmt->BindText(1, job_name);
  return ReadAll<TrialRecord>(*stmt, ReadTrial);
}

absl::StatusOr<std::vector<MetricPointRecord>> SqliteStore::ListMetricPoints(
    std::string_view trial_id) {
  absl::MutexLock lock(&mutex_);
  absl::StatusOr<Statement> stmt = Statement::Prepare(db_, kSelectTrialPoints);
  if (!stmt.ok()) return stmt.status();
  stmt->BindText(1, trial_id);
  return ReadAll<MetricPointRecord>(
      *stmt, [](const Statement& s) -> absl::StatusOr<MetricPointRecord> {
        return ReadPoint(s);
      });
}

absl::StatusOr<std::vector<EventRecord>> SqliteStore::ListEvents(
    std::string_view job_name, int64_t after_id, int limit) {
  if (absl::Status s = ValidateEventLimit(limit); !s.ok()) return s;
  absl::MutexLock lock(&mutex_);
  absl::StatusOr<Statement> stmt = Statement::Prepare(db_, kSelectJobEvents);
  if (!stmt.ok()) return stmt.status();
  stmt->BindText(1, job_name);
  stmt->BindInt64(2, after_id);
  stmt->BindInt64(3, limit);
  return ReadAll<EventRecord>(
      *stmt, [](const Statement& s) -> absl::StatusOr<EventRecord> {
        return ReadEvent(s);
      });
}

}  // namespace tune::storage
