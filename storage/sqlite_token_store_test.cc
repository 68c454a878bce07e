// SqliteTokenStore: create, find, list and revoke, seen through a second
// connection as tunerd's token checks see the admin's changes.
#include "storage/sqlite_token_store.h"

#include <catch2/catch.hpp>

#include "storage/sqlite_store.h"
#include "storage/testing/temp_dir.h"

namespace tune::storage {
namespace {

TokenRecord Token(std::string name, std::string hash) {
  return TokenRecord{.name = std::move(name), .hash = std::move(hash),
                     .role = "viewer", .created_by = "admin",
                     .created_at = 100};
}

TEST_CASE("SqliteTokenStore keeps tokens by name and hash") {
  auto dir = testing::TempDir::Create();
  REQUIRE(dir.ok());
  const std::string path = dir->Path("tune.db");
  REQUIRE(SqliteStore::Open(path).ok());  // migrates the schema
  auto store = SqliteTokenStore::Open(path);
  REQUIRE(store.ok());
  auto other = SqliteTokenStore::Open(path);
  REQUIRE(other.ok());

  REQUIRE((*store)->Create(Token("alice", "aa")).ok());
  REQUIRE((*store)->Create(Token("bob", "bb")).ok());
  CHECK(absl::IsAlreadyExists((*store)->Create(Token("alice", "cc"))));
  CHECK(absl::IsAlreadyExists((*store)->Create(Token("carol", "aa"))));
  CHECK(absl::IsInvalidArgument((*store)->Create(Token("", "dd"))));

  auto found = (*other)->FindByHash("bb");
  REQUIRE(found.ok());
  CHECK(found->name == "bob");
  CHECK(found->role == "viewer");
  CHECK(found->revoked_at == 0);
  CHECK(absl::IsNotFound((*other)->FindByHash("zz").status()));

  REQUIRE((*store)->Revoke("bob", 200).ok());
  REQUIRE((*store)->Revoke("bob", 300).ok());  // keeps the first time
  CHECK((*other)->FindByHash("bb")->revoked_at == 200);
  CHECK(absl::IsNotFound((*store)->Revoke("nobody", 1)));

  auto all = (*other)->List();
  REQUIRE(all.ok());
  REQUIRE(all->size() == 2);
  CHECK((*all)[0].name == "alice");
  CHECK((*all)[1].name == "bob");
}

TEST_CASE("SqliteTokenStore refuses a database without the tokens table") {
  auto dir = testing::TempDir::Create();
  REQUIRE(dir.ok());
  auto store = SqliteTokenStore::Open(dir->Path("empty.db"));
  CHECK(absl::IsFailedPrecondition(store.status()));
}

}  // namespace
}  // namespace tune::storage
