// A prepared SQLite statement (RAII over sqlite3_stmt*) with typed binds and
// typed column reads.
//
// Not thread-safe: it belongs to its Connection's owner, and must be
// destroyed before the Connection it was prepared on is closed.
//
// Usage:
//   constexpr char kSelectName[] = "SELECT name FROM jobs WHERE id = ?";
//   absl::StatusOr<Statement> stmt = Statement::Prepare(db, kSelectName);
//   if (!stmt.ok()) return stmt.status();
//   stmt->BindInt64(1, 42);
//   absl::StatusOr<bool> row = stmt->Step();
//   if (!row.ok()) return row.status();
//   if (*row) name = stmt->ColumnText(0);
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/sqlite_connection.h"

struct sqlite3_stmt;

namespace tune::storage::sqlite {

class Statement {
 public:
  // Compiles one SQL statement; errors name the SQL.
  static absl::StatusOr<Statement> Prepare(const Connection& db,
                                           const char* sql);

  Statement(Statement&&) noexcept = default;
  Statement& operator=(Statement&&) noexcept = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() = default;

  // Binds a parameter; `index` is 1-based as in SQLite. Text is copied. A
  // failed bind is remembered and returned by the next Step() or Run().
  void BindText(int index, std::string_view value);
  void BindInt64(int index, int64_t value);
  void BindDouble(int index, double value);
  void BindNull(int index);
  // NULL when `value` is empty.
  void BindOptionalDouble(int index, const std::optional<double>& value);

  // Advances: true when a row is ready to read, false when the statement is
  // done. Errors name the SQL and carry SQLite's message.
  absl::StatusOr<bool> Step();
  // Steps until done, ignoring any rows (for INSERT, UPDATE, DDL).
  absl::Status Run();
  // Makes the statement runnable again and clears its bindings.
  void Reset();

  // Reads column `col` (0-based) of the current row. Text keeps embedded NUL
  // bytes; a NULL reads as "" / 0 / 0.0 / nullopt.
  std::string ColumnText(int col) const;
  int64_t ColumnInt64(int col) const;
  double ColumnDouble(int col) const;
  bool ColumnIsNull(int col) const;
  std::optional<double> ColumnOptionalDouble(int col) const;

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const;
  };
  Statement(sqlite3* db, sqlite3_stmt* stmt, const char* sql);
  void NoteBind(int rc, int index);
  absl::Status Error(int rc, std::string_view what) const;

  sqlite3* db_;  // not owned
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
  const char* sql_;  // a named constant, so it outlives the statement
  absl::Status bind_status_;
};

}  // namespace tune::storage::sqlite
