// Migrations: a fresh file gets every step, an old file gets the steps it
// lacks in one transaction, and a failed step changes nothing.
#include "storage/schema.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "storage/sqlite_connection.h"
#include "storage/sqlite_statement.h"
#include "storage/testing/temp_dir.h"

namespace tune::storage::sqlite {
namespace {

constexpr char kCreateThings[] = "CREATE TABLE things(a INTEGER NOT NULL)";
constexpr char kInsertThing[] = "INSERT INTO things(a) VALUES(5)";
constexpr char kAddColumnB[] =
    "ALTER TABLE things ADD COLUMN b INTEGER NOT NULL DEFAULT 7";
constexpr char kCreateOthers[] = "CREATE TABLE others(x TEXT)";
constexpr char kBadSql[] = "CREATE TABLE things(a INTEGER)";  // exists
constexpr char kSelectThings[] = "SELECT a, b FROM things";
constexpr char kCountOthers[] =
    "SELECT COUNT(*) FROM sqlite_master WHERE name = 'others'";

const MigrationStep kStep1 = {1, 1, {kCreateThings}};
const MigrationStep kStep2 = {2, 1, {kAddColumnB}};
const MigrationStep kStep3 = {3, 3, {kCreateOthers}};
const MigrationStep kBadStep3 = {3, 3, {kCreateOthers, kBadSql}};

Connection OpenDb(const std::string& path) {
  absl::StatusOr<Connection> db = Connection::Open(path);
  REQUIRE(db.ok());
  return *std::move(db);
}

SchemaVersion Version(Connection& db) {
  absl::StatusOr<std::optional<SchemaVersion>> version = ReadSchemaVersion(db);
  INFO(version.status().ToString());
  REQUIRE(version.ok());
  REQUIRE(version->has_value());
  return **version;
}

int64_t SelectInt(Connection& db, const char* sql, int col = 0) {
  absl::StatusOr<Statement> stmt = Statement::Prepare(db, sql);
  INFO(stmt.status().ToString());
  REQUIRE(stmt.ok());
  absl::StatusOr<bool> row = stmt->Step();
  REQUIRE(row.ok());
  REQUIRE(*row);
  return stmt->ColumnInt64(col);
}

void MigrateOk(Connection& db, const std::vector<MigrationStep>& steps) {
  absl::Status status = MigrateSchema(db, steps);
  INFO(status.ToString());
  REQUIRE(status.ok());
}

TEST_CASE("MigrateSchema brings old files up to date", "[schema]") {
  absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create();
  REQUIRE(dir.ok());
  Connection db = OpenDb(dir->Path("m.db"));

  absl::StatusOr<std::optional<SchemaVersion>> fresh = ReadSchemaVersion(db);
  REQUIRE(fresh.ok());
  CHECK_FALSE(fresh->has_value());

  MigrateOk(db, {kStep1});
  CHECK(Version(db).version == 1);
  CHECK(Version(db).compatible_version == 1);
  REQUIRE(db.Execute(kInsertThing).ok());

  // Old rows survive and get the new column's default.
  MigrateOk(db, {kStep1, kStep2});
  CHECK(Version(db).version == 2);
  CHECK(Version(db).compatible_version == 1);
  CHECK(SelectInt(db, kSelectThings, 0) == 5);
  CHECK(SelectInt(db, kSelectThings, 1) == 7);

  // A failing step leaves the file exactly at its old version.
  absl::Status failed = MigrateSchema(db, {{kStep1, kStep2, kBadStep3}});
  CHECK_FALSE(failed.ok());
  CHECK_THAT(std::string(failed.message()),
             Catch::Matchers::Contains("schema version 3"));
  CHECK(Version(db).version == 2);
  CHECK(SelectInt(db, kCountOthers) == 0);
  CHECK_FALSE(db.InTransaction());

  MigrateOk(db, {kStep1, kStep2, kStep3});
  CHECK(Version(db).version == 3);
  CHECK(Version(db).compatible_version == 3);
  CHECK(SelectInt(db, kCountOthers) == 1);

  // Running again is a no-op; older code is now refused.
  MigrateOk(db, {kStep1, kStep2, kStep3});
  absl::Status old = MigrateSchema(db, {{kStep1, kStep2}});
  CHECK(old.code() == absl::StatusCode::kFailedPrecondition);
}

TEST_CASE("MigrateSchema runs every step on a fresh file", "[schema]") {
  absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create();
  REQUIRE(dir.ok());
  Connection db = OpenDb(dir->Path("m.db"));
  MigrateOk(db, {kStep1, kStep2, kStep3});
  CHECK(Version(db).version == 3);
  CHECK(Version(db).compatible_version == 3);
  REQUIRE(db.Execute(kInsertThing).ok());
  CHECK(SelectInt(db, kSelectThings, 1) == 7);
}

TEST_CASE("MigrateSchema refuses a malformed list of steps", "[schema]") {
  absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create();
  REQUIRE(dir.ok());
  Connection db = OpenDb(dir->Path("m.db"));
  const std::vector<std::vector<MigrationStep>> bad = {
      {},
      {kStep2},                   // does not start at 1
      {kStep1, kStep3},           // a gap
      {{1, 2, {kCreateThings}}},  // compatible > version
  };
  for (const auto& steps : bad) {
    CHECK(MigrateSchema(db, steps).code() == absl::StatusCode::kInternal);
  }
  absl::StatusOr<std::optional<SchemaVersion>> version = ReadSchemaVersion(db);
  REQUIRE(version.ok());
  CHECK_FALSE(version->has_value());
}

TEST_CASE("The real migrations start at 1 and apply cleanly", "[schema]") {
  absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create();
  REQUIRE(dir.ok());
  Connection db = OpenDb(dir->Path("m.db"));
  MigrateOk(db, Migrations());
  CHECK(Version(db).version == LatestSchemaVersion());
  CHECK(Version(db).version == static_cast<int>(Migrations().size()));
}

}  // namespace
}  // namespace tune::storage::sqlite
