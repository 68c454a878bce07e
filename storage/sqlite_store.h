// The durable Store: one SQLite file, in WAL mode with synchronous=FULL, so a
// Commit that returned OK survives a crash or power loss.
//
// Thread-safe: one connection, guarded by a mutex; every method holds it for
// its whole run, so commits are serialized. Another process may open the same
// file; SQLite's locks (and a busy timeout) arbitrate, but tunerd is meant to
// be the file's only user.
//
// Usage:
//   absl::StatusOr<std::unique_ptr<SqliteStore>> store =
//       SqliteStore::Open("/var/lib/tune/tune.db");
//   if (!store.ok()) return store.status();
//   absl::StatusOr<CommitResult> result = (*store)->Commit(mutation);
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "storage/sqlite_connection.h"
#include "storage/sqlite_transaction.h"
#include "storage/store.h"

namespace tune::storage {

class SqliteStore : public Store {
 public:
  // Opens or creates the database at `path` (":memory:" for a private
  // in-RAM database, without WAL) and brings its schema up to date.
  // Errors:
  //   FailedPrecondition  the file is not a SQLite database, or not a tune
  //                       database, or written by a newer tunerd whose schema
  //                       this build cannot use, or WAL mode is unavailable;
  //   Unavailable         the file cannot be opened (missing directory, I/O
  //                       error) or another process holds its lock;
  //   PermissionDenied    the file or its directory is not writable;
  //   DataLoss            the file is corrupt.
  static absl::StatusOr<std::unique_ptr<SqliteStore>> Open(
      const std::string& path);
  // A second, read-only connection to a database another SqliteStore has
  // opened (not ":memory:"). In WAL mode it reads what was committed while
  // the writer goes on, so reads never wait behind a commit or a group.
  // Commit, BeginGroup and EndGroup return FailedPrecondition.
  static absl::StatusOr<std::unique_ptr<SqliteStore>> OpenReadOnly(
      const std::string& path);

  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;
  ~SqliteStore() override = default;

  // See Store. Runs the whole mutation in one BEGIN IMMEDIATE transaction,
  // in the order new_job, job_update, trials, points, events; the first
  // error rolls everything back. Besides the errors in store.h, returns
  // InvalidArgument for an invalid record (ValidateMutation) and the errors
  // of SQLite (Unavailable when the disk fails or another process holds the
  // lock; ResourceExhausted when the disk is full).
  absl::StatusOr<CommitResult> Commit(const Mutation& mutation) override;

  absl::StatusOr<JobRecord> GetJob(std::string_view name) override;
  absl::StatusOr<std::vector<JobRecord>> ListJobs() override;
  absl::StatusOr<TrialRecord> GetTrial(std::string_view trial_id) override;
  absl::StatusOr<std::vector<TrialRecord>> ListTrials(
      std::string_view job_name) override;
  absl::StatusOr<std::vector<MetricPointRecord>> ListMetricPoints(
      std::string_view trial_id) override;
  // InvalidArgument if `limit` is negative.
  absl::Status BeginGroup() override;
  absl::Status EndGroup() override;
  absl::StatusOr<bool> HasClientRequest(std::string_view trial_id,
                                        std::string_view request_id) override;
  absl::StatusOr<std::vector<EventRecord>> ListEvents(std::string_view job_name,
                                                      int64_t after_id,
                                                      int limit) override;

 private:
  SqliteStore(sqlite::Connection db, bool read_only);
  absl::Status RefuseIfReadOnly() const;

  const bool read_only_;

  absl::StatusOr<CommitResult> CommitLocked(const Mutation& mutation)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  absl::Mutex mutex_;
  sqlite::Connection db_ ABSL_GUARDED_BY(mutex_);
  // Open between BeginGroup and EndGroup: Commit nests a savepoint in it.
  std::optional<sqlite::Transaction> group_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace tune::storage
