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

TEST_CASE("ParseQuery decodes names and values and refuses what is malformed") {
  using Query = std::map<std::string, std::string>;
  CHECK(*ParseQuery("/api/jobs") == Query{});
  CHECK(*ParseQuery("/api/x?since=a%2Db&n=2&flag&&e=#frag") ==
        Query{{"since", "a-b"}, {"n", "2"}, {"flag", ""}, {"e", ""}});
  CHECK(*ParseQuery("/x?q=a+b") == Query{{"q", "a b"}});
  CHECK(ParseQuery("/x?a=1&a=2").status().message() ==
        "query parameter a given twice");
  CHECK(ParseQuery("/x?a=%zz").status().code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(ParseQuery("/x?a=%0a").status().message() ==
        "control character in the query");
  CHECK(ParseQuery("/x?a=" + std::string(300, 'v')).status().code() ==
        absl::StatusCode::kInvalidArgument);
  std::string many = "/x?";
  for (int i = 0; i < 17; ++i) many += "p" + std::to_string(i) + "=1&";
  CHECK(ParseQuery(many).status().code() == absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tune::dashboard
