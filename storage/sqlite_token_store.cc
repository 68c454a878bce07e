#include "storage/sqlite_token_store.h"

#include "absl/strings/str_cat.h"
#include "storage/sqlite_statement.h"

namespace tune::storage {
namespace {

using sqlite::Connection;
using sqlite::Statement;

constexpr char kCountTokensTable[] =
    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND "
    "name = 'tokens'";
constexpr char kInsertToken[] =
    "INSERT INTO tokens(name, hash, role, created_by, created_at, revoked_at) "
    "VALUES(?, ?, ?, ?, ?, ?)";
constexpr char kSelectTokenByHash[] =
    "SELECT name, hash, role, created_by, created_at, revoked_at FROM tokens "
    "WHERE hash = ?";
constexpr char kSelectAllTokens[] =
    "SELECT name, hash, role, created_by, created_at, revoked_at FROM tokens "
    "ORDER BY name";
constexpr char kRevokeToken[] =
    "UPDATE tokens SET revoked_at = ?2 WHERE name = ?1 AND revoked_at = 0";
constexpr char kSelectTokenExists[] = "SELECT 1 FROM tokens WHERE name = ?";

TokenRecord ReadToken(const Statement& stmt) {
  return TokenRecord{.name = stmt.ColumnText(0),
                     .hash = stmt.ColumnText(1),
                     .role = stmt.ColumnText(2),
                     .created_by = stmt.ColumnText(3),
                     .created_at = stmt.ColumnDouble(4),
                     .revoked_at = stmt.ColumnDouble(5)};
}

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteTokenStore>> SqliteTokenStore::Open(
    const std::string& path) {
  absl::StatusOr<Connection> db = Connection::Open(path);
  if (!db.ok()) return db.status();
  absl::StatusOr<Statement> count = Statement::Prepare(*db, kCountTokensTable);
  if (!count.ok()) return count.status();
  absl::StatusOr<bool> row = count->Step();
  if (!row.ok()) return row.status();
  if (!*row || count->ColumnInt64(0) == 0) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, " has no tokens table (schema older than 3)"));
  }
  return std::unique_ptr<SqliteTokenStore>(
      new SqliteTokenStore(*std::move(db)));
}

absl::Status SqliteTokenStore::Create(const TokenRecord& token) {
  if (token.name.empty()) return absl::InvalidArgumentError("token name: empty");
  if (token.hash.empty()) return absl::InvalidArgumentError("token hash: empty");
  absl::MutexLock lock(&mutex_);
  absl::StatusOr<Statement> insert = Statement::Prepare(db_, kInsertToken);
  if (!insert.ok()) return insert.status();
  insert->BindText(1, token.name);
  insert->BindText(2, token.hash);
  insert->BindText(3, token.role);
  insert->BindText(4, token.created_by);
  insert->BindDouble(5, token.created_at);
  insert->BindDouble(6, token.revoked_at);
  absl::Status status = insert->Run();
  if (absl::IsAlreadyExists(status)) {
    return absl::AlreadyExistsError(
        absl::StrCat("a token named '", token.name, "' already exists"));
  }
  return status;
}

absl::StatusOr<TokenRecord> SqliteTokenStore::FindByHash(std::string_view hash) {
  absl::MutexLock lock(&mutex_);
  absl::StatusOr<Statement> select = Statement::Prepare(db_, kSelectTokenByHash);
  if (!select.ok()) return select.status();
  select->BindText(1, hash);
  absl::StatusOr<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return absl::NotFoundError("no such token");
  return ReadToken(*select);
}

absl::StatusOr<std::vector<TokenRecord>> SqliteTokenStore::List() {
  absl::MutexLock lock(&mutex_);
  absl::StatusOr<Statement> select = Statement::Prepare(db_, kSelectAllTokens);
  if (!select.ok()) return select.status();
  std::vector<TokenRecord> tokens;
  while (true) {
    absl::StatusOr<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) return tokens;
    tokens.push_back(ReadToken(*select));
  }
}

absl::Status SqliteTokenStore::Revoke(std::string_view name, double now) {
  absl::MutexLock lock(&mutex_);
  absl::StatusOr<Statement> exists = Statement::Prepare(db_, kSelectTokenExists);
  if (!exists.ok()) return exists.status();
  exists->BindText(1, name);
  absl::StatusOr<bool> row = exists->Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    return absl::NotFoundError(absl::StrCat("no token is named '", std::string(name), "'"));
  }
  absl::StatusOr<Statement> revoke = Statement::Prepare(db_, kRevokeToken);
  if (!revoke.ok()) return revoke.status();
  revoke->BindText(1, name);
  revoke->BindDouble(2, now);
  return revoke->Run();
}

}  // namespace tune::storage
