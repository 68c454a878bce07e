#include "tuner/designers/gp_designer.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "tuner/designers/random_designer.h"
#include "tuner/designers/suggestion_reason.h"
#include "tuner/space/scaling.h"

namespace tune::designers {
namespace {

using space::Parameters;
using spec::ObjectiveType;
using spec::ParameterRange;
using spec::ParameterType;
using spec::Scaling;

std::vector<ParameterRange> MixedRanges() {
  return {
      {.name = "lr",
       .min = 1e-4,
       .max = 1,
       .scaling = Scaling::kLogarithmic,
       .values = {}},
      {.name = "mom", .min = 0.8, .max = 0.99, .values = {}},
      {.name = "layers",
       .type = ParameterType::kInteger,
       .min = 1,
       .max = 6,
       .values = {}},
      {.name = "opt",
       .type = ParameterType::kCategorical,
       .values = {"sgd", "adam", "nag"}},
  };
}

// 3 x 4 = 12 points.
std::vector<ParameterRange> SmallDiscreteRanges() {
  return {
      {.name = "n",
       .type = ParameterType::kInteger,
       .min = 1,
       .max = 3,
       .values = {}},
      {.name = "opt",
       .type = ParameterType::kCategorical,
       .values = {"a", "b", "c", "d"}},
  };
}

std::vector<ParameterRange> Square() {
  return {{.name = "x", .min = -2, .max = 2, .values = {}},
          {.name = "y", .min = -2, .max = 2, .values = {}}};
}

double Quadratic(const Parameters& p) {
  const double x = std::get<double>(p.at("x"));
  const double y = std::get<double>(p.at("y"));
  return (x - 0.7) * (x - 0.7) + (y + 0.4) * (y + 0.4);
}

// A made-up objective for the mixed space, smallest near lr = 0.01, adam.
double MixedObjective(const Parameters& p) {
  const double lr = std::log10(std::get<double>(p.at("lr")));
  const double mom = std::get<double>(p.at("mom"));
  const double layers = static_cast<double>(std::get<int64_t>(p.at("layers")));
  const std::string& opt = std::get<std::string>(p.at("opt"));
  return (lr + 2) * (lr + 2) + 10 * (mom - 0.9) * (mom - 0.9) +
         0.1 * (layers - 3) * (layers - 3) + (opt == "adam" ? 0.0 : 0.5);
}

std::string Key(const std::vector<ParameterRange>& ranges,
                const Parameters& p) {
  std::string key;
  for (const ParameterRange& r : ranges)
    key += space::FormatValue(p.at(r.name)) + "|";
  return key;
}

// A history of `n` completed random points (and `active` running ones).
struct History {
  std::vector<CompletedTrial> completed;
  std::vector<Parameters> active;
};

History RandomHistory(const std::vector<ParameterRange>& ranges, int n,
                      int active, double (*objective)(const Parameters&),
                      uint64_t seed) {
  RandomDesigner random(ranges, seed);
  random.Update({}, {});
  const auto points = random.Suggest(n + active);
  REQUIRE(points.ok());
  History h;
  for (int i = 0; i < n; ++i)
    h.completed.push_back({(*points)[i], objective((*points)[i])});
  for (int i = n; i < n + active; ++i) h.active.push_back((*points)[i]);
  return h;
}

std::vector<Suggestion> SuggestOrDie(const GpDesigner& designer, int count) {
  auto s = designer.SuggestWithReasons(count);
  REQUIRE(s.ok());
  return *s;
}

TEST_CASE("GP designer: same seed and history give the same suggestions") {
  const History h = RandomHistory(MixedRanges(), 15, 2, MixedObjective, 3);
  GpDesigner a(MixedRanges(), ObjectiveType::kMinimize, 7);
  GpDesigner b(MixedRanges(), ObjectiveType::kMinimize, 7);
  // `a` has seen shorter histories first: its caches must not matter.
  for (size_t n : {10u, 12u}) {
    a.Update({h.completed.begin(), h.completed.begin() + n}, {});
  }
  a.Update(h.completed, h.active);
  b.Update(h.completed, h.active);
  const auto sa = SuggestOrDie(a, 3);
  const auto sb = SuggestOrDie(b, 3);
  REQUIRE(sa.size() == 3u);
  REQUIRE(sb.size() == 3u);
  for (int i = 0; i < 3; ++i) {
    CHECK(sa[i].parameters == sb[i].parameters);
    CHECK(sa[i].reason_json == sb[i].reason_json);
  }
  // Suggest does not change the designer; Suggest and SuggestWithReasons agree.
  const auto again = a.Suggest(3);
  REQUIRE(again.ok());
  for (int i = 0; i < 3; ++i) CHECK((*again)[i] == sa[i].parameters);

  GpDesigner c(MixedRanges(), ObjectiveType::kMinimize, 8);
  c.Update(h.completed, h.active);
  const auto sc = SuggestOrDie(c, 3);
  CHECK(sc[0].parameters != sa[0].parameters);
}

TEST_CASE(
    "GP designer: no suggestion repeats a completed, failed, active or batch "
    "point") {
  History h = RandomHistory(MixedRanges(), 20, 3, MixedObjective, 5);
  // Some failures, and repeats of the best point in the history.
  h.completed[4].objective.reset();
  h.completed[9].objective.reset();
  const auto best = std::min_element(
      h.completed.begin(), h.completed.end(), [](const auto& a, const auto& b) {
        return a.objective.value_or(1e9) < b.objective.value_or(1e9);
      });
  h.active.push_back(best->parameters);
  GpDesigner designer(MixedRanges(), ObjectiveType::kMinimize, 1);
  designer.Update(h.completed, h.active);
  std::set<std::string> used;
  for (const auto& t : h.completed)
    used.insert(Key(MixedRanges(), t.parameters));
  for (const auto& p : h.active) used.insert(Key(MixedRanges(), p));
  for (const Suggestion& s : SuggestOrDie(designer, 6)) {
    CHECK(used.insert(Key(MixedRanges(), s.parameters)).second);
  }
}

TEST_CASE(
    "GP designer: a fully discrete space never repeats and runs out cleanly") {
  const auto objective = [](const Parameters& p) {
    return static_cast<double>(std::get<int64_t>(p.at("n"))) +
           (std::get<std::string>(p.at("opt")) == "c" ? -2.0 : 0.0);
  };
  GpDesigner designer(SmallDiscreteRanges(), ObjectiveType::kMaximize, 4);
  std::vector<CompletedTrial> completed;
  std::set<std::string> seen;
  for (int round = 0; round < 12; ++round) {
    designer.Update(completed, {});
    const auto s = SuggestOrDie(designer, 1);
    REQUIRE(s.size() == 1u);
    CHECK(seen.insert(Key(SmallDiscreteRanges(), s[0].parameters)).second);
    // Every third trial fails.
    completed.push_back(
        {s[0].parameters,
         round % 3 == 2 ? std::nullopt
                        : std::optional<double>(objective(s[0].parameters))});
  }
  designer.Update(completed, {});
  CHECK(SuggestOrDie(designer, 3).empty());

  // A batch larger than what is left.
  GpDesigner batch(SmallDiscreteRanges(), ObjectiveType::kMaximize, 4);
  batch.Update({completed.begin(), completed.begin() + 7}, {});
  const auto rest = SuggestOrDie(batch, 10);
  CHECK(rest.size() == 5u);
  std::set<std::string> keys;
  for (const auto& t :
       std::vector<CompletedTrial>(completed.begin(), completed.begin() + 7)) {
    keys.insert(Key(SmallDiscreteRanges(), t.parameters));
  }
  for (const Suggestion& s : rest)
    CHECK(keys.insert(Key(SmallDiscreteRanges(), s.parameters)).second);
}

TEST_CASE("GP designer: failed trials are not suggested again") {
  // Half of a small discrete space failed; the rest has values.
  std::vector<CompletedTrial> completed;
  std::set<std::string> failed;
  for (int64_t n = 1; n <= 3; ++n) {
    for (const char* opt : {"a", "b"}) {
      const Parameters p = {{"n", n}, {"opt", std::string(opt)}};
      completed.push_back({p, std::nullopt});
      failed.insert(Key(SmallDiscreteRanges(), p));
    }
    completed.push_back(
        {{{"n", n}, {"opt", std::string("c")}}, static_cast<double>(n)});
  }
  GpDesigner designer(SmallDiscreteRanges(), ObjectiveType::kMinimize, 2);
  designer.Update(completed, {});
  const auto s = SuggestOrDie(designer, 3);
  REQUIRE(s.size() == 3u);  // only the three "d" points are left
  for (const Suggestion& one : s) {
    CHECK(failed.count(Key(SmallDiscreteRanges(), one.parameters)) == 0);
    CHECK(std::get<std::string>(one.parameters.at("opt")) == "d");
  }
}

TEST_CASE("GP designer: a batch of four spreads out") {
  // Early in a job, with the model still uncertain. (Kriging believers
  // spread a batch in proportion to that uncertainty: once the model is
  // sure of the optimum, a batch gathers around it.)
  const History h = RandomHistory(Square(), 8, 0, Quadratic, 9);
  GpDesigner designer(Square(), ObjectiveType::kMinimize, 3);
  designer.Update(h.completed, h.active);
  const auto s = SuggestOrDie(designer, 4);
  REQUIRE(s.size() == 4u);
  double closest = 1e9;
  for (int i = 0; i < 4; ++i) {
    for (int j = i + 1; j < 4; ++j) {
      const double dx = std::get<double>(s[i].parameters.at("x")) -
                        std::get<double>(s[j].parameters.at("x"));
      const double dy = std::get<double>(s[i].parameters.at("y")) -
                        std::get<double>(s[j].parameters.at("y"));
      closest =
          std::min(closest, std::hypot(dx, dy) / 4.0);  // in unit-cube units
    }
  }
  CHECK(closest > 0.02);
}

TEST_CASE("GP designer beats random search on a 2-D quadratic") {
  constexpr int kBudget = 30;
  auto run = [](Designer& designer) {
    std::vector<CompletedTrial> completed;
    double best = 1e9;
    for (int i = 0; i < kBudget; ++i) {
      designer.Update(completed, {});
      const auto s = designer.Suggest(1);
      REQUIRE(s.ok());
      REQUIRE(s->size() == 1u);
      const double value = Quadratic((*s)[0]);
      best = std::min(best, value);
      completed.push_back({(*s)[0], value});
    }
    return best;
  };
  std::vector<double> gp_best, random_best;
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    GpDesigner gp(Square(), ObjectiveType::kMinimize, seed);
    RandomDesigner random(Square(), seed);
    gp_best.push_back(run(gp));
    random_best.push_back(run(random));
  }
  std::sort(gp_best.begin(), gp_best.end());
  std::sort(random_best.begin(), random_best.end());
  CAPTURE(gp_best, random_best);
  CHECK(gp_best[2] < 0.01 * random_best[2]);
}

TEST_CASE("GP designer: maximizing is minimizing the negated objective") {
  const History h = RandomHistory(Square(), 12, 0, Quadratic, 2);
  std::vector<CompletedTrial> negated = h.completed;
  for (auto& t : negated) t.objective = -*t.objective;
  GpDesigner minimize(Square(), ObjectiveType::kMinimize, 6);
  GpDesigner maximize(Square(), ObjectiveType::kMaximize, 6);
  minimize.Update(h.completed, {});
  maximize.Update(negated, {});
  const auto a = SuggestOrDie(minimize, 1);
  const auto b = SuggestOrDie(maximize, 1);
  CHECK(a[0].parameters == b[0].parameters);
  const auto ra = nlohmann::json::parse(a[0].reason_json);
  const auto rb = nlohmann::json::parse(b[0].reason_json);
  CHECK(ra["mean"].get<double>() == Approx(-rb["mean"].get<double>()));
  CHECK(rb["objective"] == "maximize");
}

TEST_CASE("GP designer: reasons are JSON with the prediction or the design") {
  GpDesigner designer(MixedRanges(), ObjectiveType::kMinimize, 5);
  designer.Update({}, {});
  const auto first = SuggestOrDie(designer, 2);
  for (const Suggestion& s : first) {
    const auto reason = nlohmann::json::parse(s.reason_json);
    CHECK(reason["strategy"] == "initial_design");
    CHECK(reason["index"].is_number_integer());
  }
  const History h = RandomHistory(MixedRanges(), 12, 1, MixedObjective, 4);
  designer.Update(h.completed, h.active);
  CHECK(designer.diagnostics().has_model);
  CHECK(designer.model_status().ok());
  for (const Suggestion& s : SuggestOrDie(designer, 2)) {
    const auto reason = nlohmann::json::parse(s.reason_json);
    CHECK(reason["strategy"] == "gp");
    CHECK(reason["acquisition"] == "log_ei");
    REQUIRE(reason["mean"].is_number());
    REQUIRE(reason["std"].is_number());
    REQUIRE(reason["log_ei"].is_number());
    CHECK(reason["std"].get<double>() >= 0);
    CHECK(reason["model"]["observed"] == 12);
    CHECK(reason["model"]["lengthscales"].size() == 4u);
  }
}

TEST_CASE("GP designer: the initial design fills the cube before the model") {
  GpDesigner designer(Square(), ObjectiveType::kMinimize, 5);
  designer.Update({}, {});
  // d = 2: max(2 d + 1, 5) = 5 design points, spread over the square.
  const auto s = SuggestOrDie(designer, 5);
  REQUIRE(s.size() == 5u);
  std::set<int> quadrants;
  for (const Suggestion& one : s) {
    CHECK(nlohmann::json::parse(one.reason_json)["strategy"] ==
          "initial_design");
    quadrants.insert((std::get<double>(one.parameters.at("x")) > 0) * 2 +
                     (std::get<double>(one.parameters.at("y")) > 0));
  }
  CHECK(quadrants.size() == 4u);
  CHECK(designer.Suggest(0).status().code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(designer.Suggest(GpDesigner::kMaxSuggestCount + 1).status().code() ==
        absl::StatusCode::kInvalidArgument);
}

// Six continuous ranges: a design of max(2 d + 1, 5) = 13 without a budget.
std::vector<ParameterRange> SixRanges() {
  std::vector<ParameterRange> ranges;
  for (int i = 0; i < 6; ++i) {
    ranges.push_back({.name = "x" + std::to_string(i), .min = 0, .max = 1,
                      .values = {}});
  }
  return ranges;
}

double SixBowl(const Parameters& p) {
  double sum = 0;
  for (const auto& [name, value] : p) {
    sum += (std::get<double>(value) - 0.3) * (std::get<double>(value) - 0.3);
  }
  return sum;
}

std::vector<std::string> Strategies(const GpDesigner& designer, int count) {
  std::vector<std::string> strategies;
  for (const Suggestion& s : SuggestOrDie(designer, count)) {
    strategies.push_back(nlohmann::json::parse(s.reason_json)["strategy"]);
  }
  return strategies;
}

TEST_CASE("GP designer: a small budget shortens the initial design") {
  CHECK(gp::InitialDesignSize(6) == 13);
  CHECK(gp::InitialDesignSize(6, 100) == 13);
  CHECK(gp::InitialDesignSize(6, 50) == 10);
  CHECK(gp::InitialDesignSize(6, 10) == 5);
  CHECK(gp::InitialDesignSize(1, 10) == 5);

  const History h = RandomHistory(SixRanges(), 5, 0, SixBowl, 7);
  GpDesigner budgeted(SixRanges(), ObjectiveType::kMinimize, 3, 10);
  GpDesigner unbounded(SixRanges(), ObjectiveType::kMinimize, 3);
  budgeted.Update({}, {});
  CHECK(Strategies(budgeted, 5) ==
        std::vector<std::string>(5, "initial_design"));
  // After 5 trials the 10-trial job asks the model; the unbounded job's
  // design runs on to 13.
  budgeted.Update(h.completed, {});
  unbounded.Update(h.completed, {});
  CHECK(Strategies(budgeted, 2) == std::vector<std::string>(2, "gp"));
  CHECK(Strategies(unbounded, 8) ==
        std::vector<std::string>(8, "initial_design"));
  CHECK(Strategies(unbounded, 9).back() == "gp");
}

TEST_CASE("GP designer: a stalled search restarts, and says so") {
  // Square (d = 2): a design of 5, then 10 trials without improvement.
  History h = RandomHistory(Square(), 15, 0, Quadratic, 9);
  for (int i = 0; i < 15; ++i) {
    h.completed[i].objective = i < 5 ? 5.0 - i : 1.0 + 0.01 * i;
  }
  GpDesigner designer(Square(), ObjectiveType::kMinimize, 3);
  designer.Update(h.completed, {});
  const auto s = SuggestOrDie(designer, 4);
  for (int i = 0; i < 4; ++i) {
    const auto reason = nlohmann::json::parse(s[i].reason_json);
    CHECK(reason["epoch"] == 1);
    // A restart's design of max(d + 1, 3) = 3 points, then the model.
    CHECK(reason["strategy"] == (i < 3 ? "restart" : "gp"));
    CHECK(SuggestionStrategy(s[i].reason_json) == reason["strategy"]);
  }
}

}  // namespace
}  // namespace tune::designers
