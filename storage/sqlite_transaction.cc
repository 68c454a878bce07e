#include "storage/sqlite_transaction.h"

namespace tune::storage::sqlite {
namespace {

constexpr char kBeginImmediate[] = "BEGIN IMMEDIATE";
constexpr char kCommit[] = "COMMIT";
constexpr char kRollback[] = "ROLLBACK";
constexpr char kSavepoint[] = "SAVEPOINT mutation";
constexpr char kRelease[] = "RELEASE mutation";
constexpr char kRollbackToSavepoint[] = "ROLLBACK TO mutation";

}  // namespace

Transaction::~Transaction() { Rollback(); }

absl::Status Transaction::Begin() {
  if (active_) {
    return absl::InternalError("transaction begun twice");
  }
  absl::Status status = db_.Execute(nested_ ? kSavepoint : kBeginImmediate);
  active_ = status.ok();
  return status;
}

absl::Status Transaction::Commit() {
  if (!active_) {
    return absl::InternalError("commit of a transaction that was not begun");
  }
  absl::Status status = db_.Execute(nested_ ? kRelease : kCommit);
  if (status.ok()) {
    active_ = false;
  } else {
    Rollback();
  }
  return status;
}

void Transaction::Rollback() {
  if (!active_) return;
  active_ = false;
  // SQLite rolls back by itself after some errors (SQLITE_FULL, IOERR...);
  // a second ROLLBACK would only fail with "no transaction is active".
  if (db_.InTransaction()) {
    // Nothing useful can be done if ROLLBACK fails: SQLite then rolls back
    // when the connection closes, and the journal recovers on next open.
    if (nested_) {
      // ROLLBACK TO keeps the savepoint open: RELEASE closes it, empty.
      if (db_.Execute(kRollbackToSavepoint).ok()) {
        db_.Execute(kRelease).IgnoreError();
      }
    } else {
      db_.Execute(kRollback).IgnoreError();
    }
  }
}

}  // namespace tune::storage::sqlite
