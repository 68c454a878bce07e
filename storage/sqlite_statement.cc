#include "storage/sqlite_statement.h"

#include <sqlite3.h>

#include "absl/strings/str_cat.h"

namespace tune::storage::sqlite {
namespace {

// Debian's Abseil keeps its own string_view type; StrCat takes only that.
absl::string_view Absl(std::string_view text) {
  return absl::string_view(text.data(), text.size());
}

}  // namespace

void Statement::Finalizer::operator()(sqlite3_stmt* stmt) const {
  sqlite3_finalize(stmt);
}

Statement::Statement(sqlite3* db, sqlite3_stmt* stmt, const char* sql)
    : db_(db), stmt_(stmt), sql_(sql) {}

absl::StatusOr<Statement> Statement::Prepare(const Connection& db,
                                             const char* sql) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db.handle(), sql, -1, &raw, nullptr);
  Statement statement(db.handle(), raw, sql);
  if (rc != SQLITE_OK) {
    return db.Error(rc, absl::StrCat("preparing \"", sql, "\""));
  }
  if (raw == nullptr) {  // the SQL was empty or only a comment
    return absl::InternalError(absl::StrCat("no SQL in \"", sql, "\""));
  }
  return statement;
}

absl::Status Statement::Error(int rc, std::string_view what) const {
  const char* file = sqlite3_db_filename(db_, "main");
  return StatusFromSqlite(
      rc,
      absl::StrCat(file != nullptr && *file != '\0' ? file : ":memory:", ": ",
                   Absl(what)),
      sqlite3_errmsg(db_));
}

void Statement::NoteBind(int rc, int index) {
  if (rc != SQLITE_OK && bind_status_.ok()) {
    bind_status_ = Error(
        rc, absl::StrCat("binding parameter ", index, " of \"", sql_, "\""));
  }
}

void Statement::BindText(int index, std::string_view value) {
  NoteBind(sqlite3_bind_text64(stmt_.get(), index, value.data(), value.size(),
                               SQLITE_TRANSIENT, SQLITE_UTF8),
           index);
}

void Statement::BindInt64(int index, int64_t value) {
  NoteBind(sqlite3_bind_int64(stmt_.get(), index, value), index);
}

void Statement::BindDouble(int index, double value) {
  NoteBind(sqlite3_bind_double(stmt_.get(), index, value), index);
}

void Statement::BindNull(int index) {
  NoteBind(sqlite3_bind_null(stmt_.get(), index), index);
}

void Statement::BindOptionalDouble(int index,
                                   const std::optional<double>& value) {
  if (value.has_value()) {
    BindDouble(index, *value);
  } else {
    BindNull(index);
  }
}

absl::StatusOr<bool> Statement::Step() {
  if (!bind_status_.ok()) return bind_status_;
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Error(rc, absl::StrCat("running \"", sql_, "\""));
}

absl::Status Statement::Run() {
  while (true) {
    absl::StatusOr<bool> row = Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
  }
}

void Statement::Reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
  bind_status_ = absl::OkStatus();
}

std::string Statement::ColumnText(int col) const {
  const unsigned char* text = sqlite3_column_text(stmt_.get(), col);
  int size = sqlite3_column_bytes(stmt_.get(), col);  // after _text: UTF-8
  if (text == nullptr) return std::string();
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(size));
}

int64_t Statement::ColumnInt64(int col) const {
  return sqlite3_column_int64(stmt_.get(), col);
}

double Statement::ColumnDouble(int col) const {
  return sqlite3_column_double(stmt_.get(), col);
}

bool Statement::ColumnIsNull(int col) const {
  return sqlite3_column_type(stmt_.get(), col) == SQLITE_NULL;
}

std::optional<double> Statement::ColumnOptionalDouble(int col) const {
  if (ColumnIsNull(col)) return std::nullopt;
  return ColumnDouble(col);
}

}  // namespace tune::storage::sqlite
