// An owned SQLite connection (RAII over sqlite3*), and the one place where
// SQLite result codes become absl::Status codes.
//
// Not thread-safe: the connection is opened with SQLITE_OPEN_NOMUTEX, so its
// owner must serialize every use of it and of its statements (SqliteStore
// holds a mutex for that).
//
// Usage:
//   absl::StatusOr<Connection> db = Connection::Open("/tmp/x.db");
//   if (!db.ok()) return db.status();
//   absl::Status s = db->Execute("PRAGMA foreign_keys = ON");
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

struct sqlite3;

namespace tune::storage::sqlite {

// How long a statement waits for another process's lock before it gives up
// with Unavailable.
inline constexpr int kBusyTimeoutMs = 5000;

// Maps a SQLite result code (extended codes too) to a status whose message
// names `what` (the operation) and `detail` (sqlite3_errmsg, usually).
//   BUSY, LOCKED, IOERR, CANTOPEN      -> Unavailable
//   NOTADB                             -> FailedPrecondition
//   CORRUPT                            -> DataLoss
//   FULL, NOMEM, TOOBIG                -> ResourceExhausted
//   PERM, READONLY, AUTH               -> PermissionDenied
//   CONSTRAINT_UNIQUE / _PRIMARYKEY    -> AlreadyExists
//   other CONSTRAINT                   -> FailedPrecondition
//   anything else                      -> Internal
absl::Status StatusFromSqlite(int rc, std::string_view what,
                              std::string_view detail);

class Connection {
 public:
  enum class Mode { kReadWrite, kReadOnly };
  // Opens the database file at `path` with extended result codes and a busy
  // timeout of kBusyTimeoutMs: read-write, creating it if needed, or
  // read-only. SQLite reads the file lazily, so a file that is not a
  // database is only reported by the first statement (FailedPrecondition,
  // see StatusFromSqlite).
  static absl::StatusOr<Connection> Open(const std::string& path,
                                         Mode mode = Mode::kReadWrite);

  Connection(Connection&&) noexcept = default;
  Connection& operator=(Connection&&) noexcept = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() = default;

  // Runs SQL that returns no rows we need; several statements separated by
  // ';' are allowed. Errors name `sql`.
  absl::Status Execute(const char* sql);

  // Rows changed by the last INSERT, UPDATE or DELETE (sqlite3_changes).
  int64_t Changes() const;
  // The rowid of the last successful INSERT (sqlite3_last_insert_rowid).
  int64_t LastInsertRowId() const;
  // True while a transaction is open (not in autocommit mode).
  bool InTransaction() const;

  // A status for result code `rc`, with this connection's error message and
  // the database path in it.
  absl::Status Error(int rc, std::string_view what) const;

  sqlite3* handle() const { return db_.get(); }
  const std::string& path() const { return path_; }

 private:
  struct Closer {
    void operator()(sqlite3* db) const;
  };
  Connection(sqlite3* db, std::string path);

  std::unique_ptr<sqlite3, Closer> db_;
  std::string path_;
};

}  // namespace tune::storage::sqlite
