// Tokens are checked by hash against the store; unknown and revoked ones
// are refused with a reason, and a revocation takes effect at once.
#include "tuner/auth/authenticator.h"

#include <catch2/catch.hpp>

#include "storage/sqlite_store.h"
#include "storage/sqlite_token_store.h"
#include "storage/testing/temp_dir.h"
#include "tuner/auth/token.h"

namespace tune::auth {
namespace {

TEST_CASE("HashToken is SHA-256 in hex and NewToken is random") {
  CHECK(HashToken("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  auto a = NewToken();
  auto b = NewToken();
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->size() == 5 + 64);
  CHECK(a->rfind("tune_", 0) == 0);
  CHECK(*a != *b);
}

TEST_CASE("Authenticator accepts known tokens and refuses the rest") {
  auto dir = storage::testing::TempDir::Create();
  REQUIRE(dir.ok());
  const std::string path = dir->Path("tune.db");
  REQUIRE(storage::SqliteStore::Open(path).ok());
  auto tokens = storage::SqliteTokenStore::Open(path);
  REQUIRE(tokens.ok());
  const std::string secret = *NewToken();
  REQUIRE((*tokens)
              ->Create({.name = "ci", .hash = HashToken(secret),
                        .role = "submitter", .created_by = "admin"})
              .ok());
  Authenticator auth(tokens->get());

  auto who = auth.Authenticate("Bearer " + secret);
  REQUIRE(who.ok());
  CHECK(who->name == "ci");
  CHECK(who->role == Role::kSubmitter);

  CHECK(absl::IsUnauthenticated(auth.Authenticate("").status()));
  CHECK(absl::IsUnauthenticated(auth.Authenticate(secret).status()));
  CHECK(absl::IsUnauthenticated(auth.Authenticate("Bearer tune_nope").status()));

  REQUIRE((*tokens)->Revoke("ci", 1).ok());
  auto revoked = auth.Authenticate("Bearer " + secret);
  CHECK(absl::IsUnauthenticated(revoked.status()));
  CHECK(revoked.status().message().find("revoked") != std::string::npos);
}

}  // namespace
}  // namespace tune::auth
