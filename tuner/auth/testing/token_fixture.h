// Test helper: a real token store in a fresh database file, and tokens
// made in it. Test-only: uses Catch2.
//
//   TokenFixture fixture;
//   const std::string secret = fixture.Add("vera", "viewer");
//   Authenticator auth(fixture.tokens.get());
#pragma once

#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "storage/sqlite_store.h"
#include "storage/sqlite_token_store.h"
#include "storage/testing/temp_dir.h"
#include "tuner/auth/token.h"

namespace tune::auth::testing {

struct TokenFixture {
  TokenFixture() : dir(*storage::testing::TempDir::Create()) {
    const std::string path = dir.Path("tune.db");
    REQUIRE(storage::SqliteStore::Open(path).ok());  // migrates the schema
    auto opened = storage::SqliteTokenStore::Open(path);
    REQUIRE(opened.ok());
    tokens = *std::move(opened);
  }

  // Stores a token of `role` named `name`; returns the token itself.
  std::string Add(const std::string& name, const std::string& role) {
    const std::string secret = *NewToken();
    REQUIRE(tokens
                ->Create({.name = name, .hash = HashToken(secret), .role = role,
                          .created_by = "admin"})
                .ok());
    return secret;
  }

  storage::testing::TempDir dir;
  std::unique_ptr<storage::SqliteTokenStore> tokens;
};

}  // namespace tune::auth::testing
