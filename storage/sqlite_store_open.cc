// Opening a SqliteStore: the writer (WAL, synchronous=FULL, the schema
// brought up to date) and the read-only second connection.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "storage/schema.h"
#include "storage/sqlite_statement.h"
#include "storage/sqlite_store.h"

namespace tune::storage {
namespace {

using sqlite::Connection;
using sqlite::Statement;

constexpr char kInMemoryPath[] = ":memory:";

// ---- Connection settings. --------------------------------------------------

constexpr char kPragmaJournalModeWal[] = "PRAGMA journal_mode = WAL";
constexpr char kPragmaSynchronousFull[] = "PRAGMA synchronous = FULL";
constexpr char kPragmaForeignKeysOn[] = "PRAGMA foreign_keys = ON";

absl::Status WithContext(const absl::Status& status, const std::string& what) {
  return absl::Status(status.code(),
                      absl::StrCat(what, ": ", status.message()));
}

// On the first read of a file, FailedPrecondition means SQLITE_NOTADB.
absl::Status ExplainFirstRead(const absl::Status& status,
                              const std::string& path) {
  if (status.code() != absl::StatusCode::kFailedPrecondition) return status;
  return absl::FailedPreconditionError(
      absl::StrCat(path, " is not a SQLite database (", status.message(), ")"));
}

// Turns on WAL, synchronous=FULL and foreign keys. The first statement reads
// the file, so a file that is not a database fails here.
absl::Status Configure(Connection& db, const std::string& path) {
  absl::StatusOr<Statement> wal = Statement::Prepare(db, kPragmaJournalModeWal);
  if (!wal.ok()) return ExplainFirstRead(wal.status(), path);
  absl::StatusOr<bool> row = wal->Step();
  if (!row.ok()) return ExplainFirstRead(row.status(), path);
  std::string mode = *row ? wal->ColumnText(0) : "";
  if (mode != "wal" && path != kInMemoryPath) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot use WAL mode (journal_mode is \"", mode,
                     "\"); is the file on a network filesystem?"));
  }
  for (const char* pragma : {kPragmaSynchronousFull, kPragmaForeignKeysOn}) {
    if (absl::Status s = db.Execute(pragma); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace

SqliteStore::SqliteStore(Connection db, bool read_only)
    : read_only_(read_only), db_(std::move(db)) {}

absl::Status SqliteStore::RefuseIfReadOnly() const {
  if (!read_only_) return absl::OkStatus();
  return absl::FailedPreconditionError(
      "this connection to the tune database is read-only");
}

absl::StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::OpenReadOnly(
    const std::string& path) {
  if (path == kInMemoryPath) {
    return absl::InvalidArgumentError(
        "a private in-memory database has no second connection");
  }
  absl::StatusOr<Connection> db =
      Connection::Open(path, Connection::Mode::kReadOnly);
  if (!db.ok()) return db.status();
  return std::unique_ptr<SqliteStore>(
      new SqliteStore(*std::move(db), /*read_only=*/true));
}

absl::StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::Open(
    const std::string& path) {
  // Every error below names the path already.
  const std::string what = "opening tune database";
  absl::StatusOr<Connection> db = Connection::Open(path);
  if (!db.ok()) return db.status();

  if (absl::Status s = Configure(*db, path); !s.ok()) {
    return WithContext(s, what);
  }
  if (absl::Status s = sqlite::MigrateSchema(*db, sqlite::Migrations());
      !s.ok()) {
    return WithContext(s, what);
  }
  return std::unique_ptr<SqliteStore>(
      new SqliteStore(*std::move(db), /*read_only=*/false));
}

}  // namespace tune::storage
