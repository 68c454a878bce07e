// A scoped SQLite write transaction: BEGIN IMMEDIATE ... COMMIT, rolled back
// by the destructor unless Commit() succeeded, so an early error return
// stores nothing. Nested inside an open transaction (a group commit), it is
// a SAVEPOINT instead: Commit() releases it into the outer transaction and
// a rollback undoes only its own statements.
//
// Not thread-safe; used by the Connection's owner under its lock. At most one
// Transaction per Connection at a time (SQLite has no nested BEGIN).
//
// Usage:
//   Transaction txn(db);
//   if (absl::Status s = txn.Begin(); !s.ok()) return s;
//   ... statements; return on error ...
//   return txn.Commit();
#pragma once

#include "absl/status/status.h"
#include "storage/sqlite_connection.h"

namespace tune::storage::sqlite {

class Transaction {
 public:
  explicit Transaction(Connection& db, bool nested = false)
      : db_(db), nested_(nested) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  // Rolls back if begun and not committed.
  ~Transaction();

  // BEGIN IMMEDIATE: takes the write lock now, so later statements cannot
  // fail with a lock upgrade deadlock. Unavailable if another process holds
  // the lock past the busy timeout.
  absl::Status Begin();
  // COMMIT. On error the transaction is rolled back (now or by the
  // destructor) and nothing of it is stored.
  absl::Status Commit();
  // ROLLBACK now, if begun and not committed.
  void Rollback();

 private:
  Connection& db_;
  const bool nested_;
  bool active_ = false;
};

}  // namespace tune::storage::sqlite
