#include "storage/sqlite_connection.h"

#include <sqlite3.h>

#include <utility>

#include "absl/strings/str_cat.h"

namespace tune::storage::sqlite {
namespace {

// Debian's Abseil keeps its own string_view type; StrCat takes only that.
absl::string_view Absl(std::string_view text) {
  return absl::string_view(text.data(), text.size());
}

}  // namespace

absl::Status StatusFromSqlite(int rc, std::string_view what,
                              std::string_view detail) {
  std::string message =
      absl::StrCat(Absl(what), ": ", Absl(detail), " (SQLite code ", rc, ", ",
                   sqlite3_errstr(rc), ")");
  switch (rc & 0xff) {  // the primary code of an extended code
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
      return absl::UnavailableError(message);
    case SQLITE_NOTADB:
      return absl::FailedPreconditionError(message);
    case SQLITE_CORRUPT:
      return absl::DataLossError(message);
    case SQLITE_FULL:
    case SQLITE_NOMEM:
    case SQLITE_TOOBIG:
      return absl::ResourceExhaustedError(message);
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_AUTH:
      return absl::PermissionDeniedError(message);
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE ||
          rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return absl::AlreadyExistsError(message);
      }
      return absl::FailedPreconditionError(message);
    default:
      return absl::InternalError(message);
  }
}

void Connection::Closer::operator()(sqlite3* db) const {
  // _v2 defers the close until leftover statements are finalized, so a
  // leak elsewhere cannot turn into a use-after-free here.
  sqlite3_close_v2(db);
}

Connection::Connection(sqlite3* db, std::string path)
    : db_(db), path_(std::move(path)) {}

absl::StatusOr<Connection> Connection::Open(const std::string& path,
                                            Mode mode) {
  sqlite3* raw = nullptr;
  const int access = mode == Mode::kReadOnly
                         ? SQLITE_OPEN_READONLY
                         : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(path.c_str(), &raw, access | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  // Even on failure SQLite usually hands back a handle that must be closed.
  Connection connection(raw, path);
  if (rc != SQLITE_OK) {
    std::string detail = raw != nullptr ? sqlite3_errmsg(raw) : "out of memory";
    return StatusFromSqlite(rc, absl::StrCat("opening database ", path),
                            detail);
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  return connection;
}

absl::Status Connection::Execute(const char* sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db_.get(), sql, nullptr, nullptr, &error);
  if (rc == SQLITE_OK) return absl::OkStatus();
  std::string detail = error != nullptr ? error : sqlite3_errmsg(db_.get());
  sqlite3_free(error);
  return StatusFromSqlite(rc, absl::StrCat(path_, ": ", sql), detail);
}

int64_t Connection::Changes() const { return sqlite3_changes64(db_.get()); }

int64_t Connection::LastInsertRowId() const {
  return sqlite3_last_insert_rowid(db_.get());
}

bool Connection::InTransaction() const {
  return sqlite3_get_autocommit(db_.get()) == 0;
}

absl::Status Connection::Error(int rc, std::string_view what) const {
  return StatusFromSqlite(rc, absl::StrCat(path_, ": ", Absl(what)),
                          sqlite3_errmsg(db_.get()));
}

}  // namespace tune::storage::sqlite
