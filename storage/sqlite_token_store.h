// TokenStore on the tune database's `tokens` table (schema version 3).
// Open it after SqliteStore::Open has brought the schema up to date; it
// uses a connection of its own, so token checks and the Scheduler's
// commits do not wait for each other beyond SQLite's own locking (WAL
// lets readers run during a write).
//
// Thread-safe: one connection guarded by a mutex.
#pragma once

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "storage/sqlite_connection.h"
#include "storage/token_store.h"

namespace tune::storage {

class SqliteTokenStore : public TokenStore {
 public:
  // Errors: those of Connection::Open, and FailedPrecondition when the
  // file has no tokens table (its schema was not migrated).
  static absl::StatusOr<std::unique_ptr<SqliteTokenStore>> Open(
      const std::string& path);

  absl::Status Create(const TokenRecord& token) override;
  absl::StatusOr<TokenRecord> FindByHash(std::string_view hash) override;
  absl::StatusOr<std::vector<TokenRecord>> List() override;
  absl::Status Revoke(std::string_view name, double now) override;

 private:
  explicit SqliteTokenStore(sqlite::Connection db) : db_(std::move(db)) {}

  absl::Mutex mutex_;
  sqlite::Connection db_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace tune::storage
