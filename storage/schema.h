// The SQLite schema of the tune database and its migrations.
//
// The meta table holds two integers, as in chromium's sql::MetaTable:
//   version             the schema version the file is at;
//   compatible_version  the oldest code version that can still use the file.
// Code at version C opens a file only if the file's compatible_version <= C.
// A file whose version is older than the code's is brought up to date by the
// steps it lacks, in one transaction; a fresh file runs every step.
//
// To change the schema, append a MigrationStep to Migrations() in schema.cc;
// never edit a released step. Set its compatible_version to its own version
// if older code would break on the new schema (say, a new NOT NULL column
// without a default), or leave it at the previous value if older code can
// still read and write the file.
//
// Thread-safety: the functions use the Connection they are given, which the
// caller must not share during the call.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/sqlite_connection.h"

namespace tune::storage::sqlite {

struct MigrationStep {
  int version = 0;             // the version the file is at after this step
  int compatible_version = 0;  // the file's compatible_version after it
  std::vector<const char*> statements;  // run in order
};

struct SchemaVersion {
  int version = 0;
  int compatible_version = 0;
};

// This build's steps, ordered by version, starting at 1.
const std::vector<MigrationStep>& Migrations();
// The version of the last step in Migrations().
int LatestSchemaVersion();

// Reads the meta table: nullopt for an empty database (no tables at all).
// FailedPrecondition if the database has tables but no meta table (it is not
// a tune database); DataLoss if meta lacks a version or has junk in it;
// FailedPrecondition if the file is not a SQLite database.
absl::StatusOr<std::optional<SchemaVersion>> ReadSchemaVersion(Connection& db);

// Brings the database to the last version in `steps`, in one BEGIN IMMEDIATE
// transaction: all steps land or none. Errors:
//   FailedPrecondition  the file's compatible_version is newer than the last
//                       step (it was written by a newer tunerd), or it is not
//                       a tune database, or not a SQLite database;
//   Internal            `steps` is not ordered from version 1;
//   any error of a step's statements (nothing is changed then).
// A file already at or past the last version (but compatible) is left as is.
absl::Status MigrateSchema(Connection& db,
                           std::span<const MigrationStep> steps);

}  // namespace tune::storage::sqlite
