#include "tuner/policies/successive_halving.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <set>
#include <vector>

#include "absl/status/status.h"

namespace tune::policies {
namespace {

using spec::HyperbandConfig;
using spec::ObjectiveType;

SuccessiveHalving Make(int64_t r, int64_t big_r, int eta,
                       ObjectiveType type = ObjectiveType::kMaximize) {
  HyperbandConfig config;
  config.min_resource = r;
  config.max_resource = big_r;
  config.eta = eta;
  absl::StatusOr<SuccessiveHalving> sha =
      SuccessiveHalving::Create(config, type);
  REQUIRE(sha.ok());
  return *sha;
}

TEST_CASE("Brackets and rungs follow r * eta^(s+k) below R") {
  struct Case {
    int64_t r, big_r;
    int eta;
    std::vector<std::vector<int64_t>> rungs;  // by bracket
    std::vector<int64_t> weights;
  };
  const Case cases[] = {
      // Hyperband's own example: n = 81, 34, 15, 8, 5.
      {1,
       81,
       3,
       {{1, 3, 9, 27}, {3, 9, 27}, {9, 27}, {27}, {}},
       {81, 34, 15, 8, 5}},
      // R not a power: the last bracket keeps a rung below R.
      {1,
       100,
       3,
       {{1, 3, 9, 27, 81}, {3, 9, 27, 81}, {9, 27, 81}, {27, 81}, {81}},
       {81, 34, 15, 8, 5}},
      {2, 10, 2, {{2, 4, 8}, {4, 8}, {8}}, {4, 3, 3}},
      {3, 8, 3, {{3}}, {1}},
      {5, 5, 3, {{}}, {1}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.r, c.big_r, c.eta);
    const SuccessiveHalving sha = Make(c.r, c.big_r, c.eta);
    REQUIRE(sha.NumBrackets() == static_cast<int>(c.rungs.size()));
    for (int s = 0; s < sha.NumBrackets(); ++s) {
      CAPTURE(s);
      CHECK(sha.Rungs(s) == c.rungs[s]);
    }
    CHECK(sha.BracketWeights() == c.weights);
  }
}

TEST_CASE("Invalid configurations are refused") {
  struct Case {
    int64_t r, big_r;
    int eta;
  };
  const Case cases[] = {
      {0, 10, 3},
      {-1, 10, 3},
      {10, 9, 3},
      {1, 10, 1},
      {1, 10, 0},
      // 2^40 / 1 with eta 2: one round of brackets is far too long.
      {1, int64_t{1} << 40, 2},
  };
  for (const Case& c : cases) {
    CAPTURE(c.r, c.big_r, c.eta);
    HyperbandConfig config;
    config.min_resource = c.r;
    config.max_resource = c.big_r;
    config.eta = c.eta;
    const absl::StatusOr<SuccessiveHalving> sha =
        SuccessiveHalving::Create(config, ObjectiveType::kMaximize);
    CHECK(sha.status().code() == absl::StatusCode::kInvalidArgument);
  }
}

TEST_CASE("Trials are spread over brackets by Hyperband's weights") {
  const SuccessiveHalving sha = Make(1, 81, 3);
  // Smooth weighted round-robin over 81, 34, 15, 8, 5.
  CHECK(sha.BracketOfTrial(1) == 0);
  CHECK(sha.BracketOfTrial(2) == 1);
  CHECK(sha.BracketOfTrial(3) == 0);
  CHECK(sha.BracketOfTrial(4) == 2);
  CHECK(sha.BracketOfTrial(0) == sha.BracketOfTrial(1));
  std::map<int, int64_t> counts;
  std::set<int> first_40;
  for (int64_t seq = 1; seq <= 143; ++seq) {
    ++counts[sha.BracketOfTrial(seq)];
    if (seq <= 40) first_40.insert(sha.BracketOfTrial(seq));
    CHECK(sha.BracketOfTrial(seq + 143) == sha.BracketOfTrial(seq));
  }
  CHECK(counts ==
        std::map<int, int64_t>{{0, 81}, {1, 34}, {2, 15}, {3, 8}, {4, 5}});
  // Interleaved: every bracket has trials early on.
  CHECK(first_40.size() == 5);
}

TEST_CASE("RungAt finds the largest rung at or below the step") {
  const SuccessiveHalving sha = Make(1, 81, 3);
  CHECK(sha.RungAt(0, 0) == std::nullopt);
  CHECK(sha.RungAt(0, 1) == 1);
  CHECK(sha.RungAt(0, 5) == 3);
  CHECK(sha.RungAt(0, 81) == 27);
  CHECK(sha.RungAt(2, 8) == std::nullopt);
  CHECK(sha.RungAt(2, 9) == 9);
  CHECK(sha.RungAt(4, 100) == std::nullopt);
}

TEST_CASE("A trial continues iff it is not worse than the rung's cutoff") {
  const double nan = std::nan("");
  struct Case {
    const char* label;
    ObjectiveType type;
    int eta;
    double value;
    std::vector<double> recorded;
    bool stop;
    std::optional<double> cutoff;
  };
  const Case cases[] = {
      {"the first at a rung continues",
       ObjectiveType::kMaximize,
       3,
       0.5,
       {},
       false,
       0.5},
      {"the worse of two stops",
       ObjectiveType::kMaximize,
       3,
       0.5,
       {0.6},
       true,
       0.5 + 0.1 * 2 / 3},
      {"the better of two continues",
       ObjectiveType::kMaximize,
       3,
       0.5,
       {0.4},
       false,
       0.4 + 0.1 * 2 / 3},
      {"the middle of three stops",
       ObjectiveType::kMaximize,
       3,
       0.5,
       {0.4, 0.6},
       true,
       0.5 + 0.1 / 3},
      {"the top of three continues",
       ObjectiveType::kMaximize,
       3,
       0.7,
       {0.4, 0.6},
       false,
       0.6 + 0.1 / 3},
      // Position (4-1)(3-1)/3 = 2 exactly: the cutoff is the third value.
      {"an exact quantile position ties and continues",
       ObjectiveType::kMaximize,
       3,
       0.3,
       {0.1, 0.2, 0.4},
       false,
       0.3},
      {"eta 2 keeps the better half",
       ObjectiveType::kMaximize,
       2,
       0.25,
       {0.1, 0.2, 0.3},
       false,
       0.2 + 0.05 / 2},
      {"eta 2 stops the worse half",
       ObjectiveType::kMaximize,
       2,
       0.15,
       {0.1, 0.2, 0.3},
       true,
       0.15 + 0.05 / 2},
      {"minimize: the larger of two stops",
       ObjectiveType::kMinimize,
       3,
       0.5,
       {0.4},
       true,
       0.5 - 0.1 * 2 / 3},
      {"minimize: the smaller of two continues",
       ObjectiveType::kMinimize,
       3,
       0.4,
       {0.5},
       false,
       0.5 - 0.1 * 2 / 3},
      {"NaNs recorded are left out",
       ObjectiveType::kMaximize,
       3,
       0.1,
       {nan, nan},
       false,
       0.1},
      {"a NaN value stops when there are numbers",
       ObjectiveType::kMaximize,
       3,
       nan,
       {0.1},
       true,
       std::nullopt},
      {"a NaN value alone continues",
       ObjectiveType::kMaximize,
       3,
       nan,
       {},
       false,
       std::nullopt},
  };
  for (const Case& c : cases) {
    CAPTURE(c.label);
    const SuccessiveHalving sha = Make(1, 81, c.eta, c.type);
    const RungDecision d = sha.Decide(0, 1, c.value, c.recorded);
    CHECK(d.stop == c.stop);
    CHECK(d.rung == 1);
    REQUIRE(d.cutoff.has_value() == c.cutoff.has_value());
    if (c.cutoff) CHECK(*d.cutoff == Approx(*c.cutoff));
    CHECK(!d.reason.empty());
  }
}

TEST_CASE("Below the first rung, and in a bracket without rungs, trials run") {
  const SuccessiveHalving sha = Make(1, 81, 3);
  const RungDecision below = sha.Decide(1, 2, -100, {1, 2, 3});
  CHECK_FALSE(below.stop);
  CHECK_FALSE(below.rung.has_value());
  CHECK(below.reason == "step 2 is below the first rung 3 of bracket 1");
  const RungDecision none = sha.Decide(4, 50, -100, {1, 2, 3});
  CHECK_FALSE(none.stop);
  CHECK(none.reason == "bracket 4 has no rungs: its trials run to 81");
}

TEST_CASE("The reason says value, rung, cutoff and count") {
  const SuccessiveHalving sha = Make(1, 81, 3);
  const RungDecision d = sha.Decide(0, 10, 0.2, {0.1, 0.3, 0.5});
  CHECK(d.stop);
  CHECK(d.rung == 9);
  CHECK(d.reason ==
        "0.2 at rung 9 of bracket 0 is worse than the cutoff 0.3 (top 1/3 of "
        "4 values)");
}

TEST_CASE("BOHB fits the largest resource with enough observations") {
  const std::map<int64_t, int64_t> observations = {{1, 20}, {3, 8}, {9, 2}};
  CHECK(ResourceToModel(observations, 5) == 3);
  CHECK(ResourceToModel(observations, 2) == 9);
  CHECK(ResourceToModel(observations, 10) == 1);
  CHECK(ResourceToModel(observations, 30) == std::nullopt);
  CHECK(ResourceToModel({}, 1) == std::nullopt);
}

}  // namespace
}  // namespace tune::policies
