#include "tuner/designers/grid_designer.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace tune::designers {
namespace {

using space::Parameters;
using spec::ParameterRange;
using spec::ParameterType;

// n in {2, 5} (min 2, max 7, step 3) and opt in {sgd, nag, adam}:
// 2 x 3 = 6 points.
std::vector<ParameterRange> SmallGrid() {
  return {
      {.name = "n",
       .type = ParameterType::kInteger,
       .min = 2,
       .max = 7,
       .values = {},
       .step = 3},
      {.name = "opt",
       .type = ParameterType::kCategorical,
       .values = {"sgd", "nag", "adam"}},
  };
}

Parameters Point(int64_t n, const std::string& opt) {
  return {{"n", n}, {"opt", opt}};
}

std::unique_ptr<GridDesigner> MakeOrDie(std::vector<ParameterRange> ranges) {
  absl::StatusOr<std::unique_ptr<GridDesigner>> grid =
      GridDesigner::Create(std::move(ranges));
  REQUIRE(grid.ok());
  return std::move(*grid);
}

std::vector<Parameters> SuggestOrDie(const GridDesigner& designer, int count) {
  absl::StatusOr<std::vector<Parameters>> points = designer.Suggest(count);
  REQUIRE(points.ok());
  return *points;
}

const std::vector<Parameters>& AllInOrder() {
  static const std::vector<Parameters> all = {
      Point(2, "sgd"), Point(2, "nag"), Point(2, "adam"),
      Point(5, "sgd"), Point(5, "nag"), Point(5, "adam")};
  return all;
}

TEST_CASE("The grid is enumerated in odometer order, the last range fastest") {
  const auto grid = MakeOrDie(SmallGrid());
  CHECK(grid->size() == 6);
  const auto points = SuggestOrDie(*grid, 6);
  CHECK(points == AllInOrder());
  for (uint64_t i = 0; i < grid->size(); ++i) {
    CHECK(grid->PointAt(i) == AllInOrder()[i]);
    CHECK(grid->IndexOf(AllInOrder()[i]) == i);
  }
  // Integers come out as integers, categories as strings.
  CHECK(std::holds_alternative<int64_t>(points[0].at("n")));
  CHECK(std::holds_alternative<std::string>(points[0].at("opt")));
  // Suggest() changes nothing; a smaller batch is a prefix.
  CHECK(
      SuggestOrDie(*grid, 2) ==
      std::vector<Parameters>(AllInOrder().begin(), AllInOrder().begin() + 2));
}

TEST_CASE("Grid sizes and values per range") {
  struct Case {
    const char* label;
    std::vector<ParameterRange> ranges;
    uint64_t size;
    Parameters last;
  };
  const Case cases[] = {
      {"step 1",
       {{.name = "n",
         .type = ParameterType::kInteger,
         .min = 1,
         .max = 4,
         .values = {}}},
       4,
       {{"n", int64_t{4}}}},
      {"step past max",
       {{.name = "n",
         .type = ParameterType::kInteger,
         .min = 0,
         .max = 10,
         .values = {},
         .step = 4}},
       3,
       {{"n", int64_t{8}}}},
      {"step larger than the range",
       {{.name = "n",
         .type = ParameterType::kInteger,
         .min = -3,
         .max = 2,
         .values = {},
         .step = 100}},
       1,
       {{"n", int64_t{-3}}}},
      {"numbers as categories stay text",
       {{.name = "c",
         .type = ParameterType::kCategorical,
         .values = {"1", "0.5"}}},
       2,
       {{"c", std::string("0.5")}}},
      {"no ranges: one empty point", {}, 1, {}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.label);
    const auto grid = MakeOrDie(c.ranges);
    CHECK(grid->size() == c.size);
    const auto points = SuggestOrDie(*grid, 100);
    REQUIRE(points.size() == c.size);
    CHECK(points.back() == c.last);
  }
}

TEST_CASE("Ranges a grid cannot take are refused") {
  struct Case {
    const char* label;
    ParameterRange range;
  };
  const Case cases[] = {
      {"continuous",
       {.name = "lr",
        .type = ParameterType::kContinuous,
        .min = 0,
        .max = 1,
        .values = {}}},
      {"step 0",
       {.name = "n",
        .type = ParameterType::kInteger,
        .min = 0,
        .max = 3,
        .values = {},
        .step = 0}},
      {"no integer inside",
       {.name = "n",
        .type = ParameterType::kInteger,
        .min = 0.2,
        .max = 0.8,
        .values = {}}},
      {"no categories",
       {.name = "c", .type = ParameterType::kCategorical, .values = {}}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.label);
    std::vector<ParameterRange> ranges = SmallGrid();
    ranges.push_back(c.range);
    const absl::StatusOr<std::unique_ptr<GridDesigner>> grid =
        GridDesigner::Create(ranges);
    CHECK(grid.status().code() == absl::StatusCode::kInvalidArgument);
  }
  // Too many points.
  std::vector<ParameterRange> huge;
  for (const char* name : {"a", "b", "c", "d"}) {
    huge.push_back({.name = name,
                    .type = ParameterType::kInteger,
                    .min = 0,
                    .max = 1e9,
                    .values = {}});
  }
  CHECK(GridDesigner::Create(huge).status().code() ==
        absl::StatusCode::kInvalidArgument);
}

TEST_CASE("The grid refuses a bad count") {
  const auto grid = MakeOrDie(SmallGrid());
  for (int count : {0, -1, GridDesigner::kMaxSuggestCount + 1}) {
    CAPTURE(count);
    CHECK(grid->Suggest(count).status().code() ==
          absl::StatusCode::kInvalidArgument);
  }
}

TEST_CASE("The grid resumes after completed and active points") {
  const auto grid = MakeOrDie(SmallGrid());
  const std::vector<CompletedTrial> completed = {
      {Point(2, "sgd"), 0.1},
      {Point(5, "sgd"), std::nullopt},  // failed: still tried
      // Another type for the same point: 2.0 is 2, "adam" is adam.
      {Parameters{{"n", 2.0}, {"opt", std::string("adam")}}, 0.3},
      // Off the grid: matches nothing.
      {Point(3, "nag"), 0.2}};
  const std::vector<Parameters> active = {Point(5, "nag")};
  grid->Update(completed, active);
  CHECK(SuggestOrDie(*grid, 1) == std::vector<Parameters>{Point(2, "nag")});
  CHECK(SuggestOrDie(*grid, 10) ==
        std::vector<Parameters>{Point(2, "nag"), Point(5, "adam")});

  // An active point that ends is still used; one that disappears (was
  // never stored) frees its place.
  grid->Update(completed, {});
  CHECK(SuggestOrDie(*grid, 10) == std::vector<Parameters>{Point(2, "nag"),
                                                           Point(5, "nag"),
                                                           Point(5, "adam")});
}

TEST_CASE("An exhausted grid gives no suggestions") {
  const auto grid = MakeOrDie(SmallGrid());
  std::vector<CompletedTrial> completed;
  for (const Parameters& p : AllInOrder()) completed.push_back({p, 1.0});
  grid->Update(completed, {});
  const absl::StatusOr<std::vector<Parameters>> points = grid->Suggest(3);
  REQUIRE(points.ok());
  CHECK(points->empty());

  // Walking the grid batch by batch visits every point once.
  const auto fresh = MakeOrDie(SmallGrid());
  std::vector<Parameters> active;
  std::set<Parameters> seen;
  for (int round = 0; round < 4; ++round) {
    fresh->Update({}, active);
    for (const Parameters& p : SuggestOrDie(*fresh, 4)) {
      CHECK(seen.insert(p).second);
      active.push_back(p);
    }
  }
  CHECK(seen.size() == 6);
}

TEST_CASE("Reasons give the grid index and size") {
  const auto grid = MakeOrDie(SmallGrid());
  grid->Update({{Point(2, "sgd"), 1.0}}, {});
  const absl::StatusOr<std::vector<Suggestion>> suggestions =
      grid->SuggestWithReasons(2);
  REQUIRE(suggestions.ok());
  REQUIRE(suggestions->size() == 2);
  CHECK((*suggestions)[0].parameters == Point(2, "nag"));
  CHECK((*suggestions)[0].reason_json == R"({"grid_index":1,"grid_size":6})");
  CHECK((*suggestions)[1].reason_json == R"({"grid_index":2,"grid_size":6})");
}

}  // namespace
}  // namespace tune::designers
