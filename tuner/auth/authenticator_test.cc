// Tokens are checked by hash against the store; unknown and revoked ones
// are refused with a reason, and a revocation takes effect at once.
#include "tuner/auth/authenticator.h"

#include <catch2/catch.hpp>

#include "tuner/auth/testing/token_fixture.h"
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
  testing::TokenFixture fixture;
  const std::string secret = fixture.Add("ci", "submitter");
  Authenticator auth(fixture.tokens.get());

  auto who = auth.Authenticate("Bearer " + secret);
  REQUIRE(who.ok());
  CHECK(who->name == "ci");
  CHECK(who->role == Role::kSubmitter);

  CHECK(absl::IsUnauthenticated(auth.Authenticate("").status()));
  CHECK(absl::IsUnauthenticated(auth.Authenticate(secret).status()));
  CHECK(absl::IsUnauthenticated(auth.Authenticate("Bearer tune_nope").status()));

  REQUIRE(fixture.tokens->Revoke("ci", 1).ok());
  auto revoked = auth.Authenticate("Bearer " + secret);
  CHECK(absl::IsUnauthenticated(revoked.status()));
  CHECK(revoked.status().message().find("revoked") != std::string::npos);
}

}  // namespace
}  // namespace tune::auth
