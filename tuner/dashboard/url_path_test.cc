#include "tuner/dashboard/url_path.h"

#include <catch2/catch.hpp>

namespace tune::dashboard {
namespace {

TEST_CASE("DecodePath drops the query and decodes escapes, or refuses") {
  struct Case {
    const char* target;
    const char* path;  // nullptr: refused
  };
  const Case cases[] = {
      {"/", "/"},
      {"/api/jobs?x=1", "/api/jobs"},
      {"/a#frag", "/a"},
      {"/my%2Djob", "/my-job"},
      {"/%2e%2E/etc", "/../etc"},  // decoded; the routes refuse ".."
      {"/a+b", "/a+b"},
      {"/%e2%9c%93", "/\xe2\x9c\x93"},
      {"", nullptr},
      {"api/jobs", nullptr},
      {"/%", nullptr},
      {"/%4", nullptr},
      {"/%zz", nullptr},
      {"/a%00b", nullptr},
      {"/a%0ab", nullptr},
  };
  for (const Case& c : cases) {
    INFO(c.target);
    auto path = DecodePath(c.target);
    if (c.path == nullptr) {
      CHECK(path.status().code() == absl::StatusCode::kInvalidArgument);
    } else {
      REQUIRE(path.ok());
      CHECK(*path == c.path);
    }
  }
}

TEST_CASE("SplitPath keeps the non-empty segments") {
  CHECK(SplitPath("/") == std::vector<std::string>{});
  CHECK(SplitPath("/api//jobs/") == std::vector<std::string>{"api", "jobs"});
  CHECK(SplitPath("/a/../b") == std::vector<std::string>{"a", "..", "b"});
}

}  // namespace
}  // namespace tune::dashboard
