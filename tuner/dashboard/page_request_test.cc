#include "tuner/dashboard/page_request.h"

#include <catch2/catch.hpp>

namespace tune::dashboard {
namespace {

TEST_CASE("a page request: defaults, a page, a cursor of this run or another") {
  auto plain = ParsePageRequest({}, 7, true);
  REQUIRE(plain.ok());
  CHECK(plain->offset == 0);
  CHECK(plain->size == kDefaultPageSize);
  CHECK(plain->full);
  auto page = ParsePageRequest({{"page_size", "50"}, {"page_token", "100"},
                                {"since", Cursor(7, 42)}}, 7, true);
  REQUIRE(page.ok());
  CHECK(page->offset == 100);
  CHECK(page->size == 50);
  CHECK(page->changed_after == 42);
  CHECK_FALSE(page->full);
  auto stale = ParsePageRequest({{"since", Cursor(6, 42)}}, 7, false);
  REQUIRE(stale.ok());
  CHECK(stale->changed_after == 0);  // tunerd restarted: everything again
  CHECK(stale->full);
}

TEST_CASE("a page request names the parameter it refuses") {
  CHECK(ParsePageRequest({{"page_size", "0"}}, 1, true).status().message() ==
        "page_size: must be 1 to 10000 (got \"0\")");
  CHECK(ParsePageRequest({{"page_size", "x"}}, 1, true).status().code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(ParsePageRequest({{"page_token", "-3"}}, 1, true).status().code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(ParsePageRequest({{"since", "12"}}, 1, true).status().message() ==
        "since: \"12\" is not a cursor from a reply");
  CHECK(ParsePageRequest({{"page_size", "5"}}, 1, false).status().message() ==
        "unknown query parameter page_size (expected since)");
  CHECK(ParsePageRequest({{"sort", "x"}}, 1, true).status().code() ==
        absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tune::dashboard
