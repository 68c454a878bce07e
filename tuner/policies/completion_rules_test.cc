#include "tuner/policies/completion_rules.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace tune::policies {
namespace {

using spec::CompletionCriteria;
using spec::ObjectiveType;

// Completed trials numbered 1, 2, ... with these objectives.
std::vector<EndedTrial> Completed(const std::vector<double>& objectives) {
  std::vector<EndedTrial> trials;
  for (size_t i = 0; i < objectives.size(); ++i) {
    trials.push_back(
        {static_cast<int64_t>(i + 1), EndedState::kCompleted, objectives[i]});
  }
  return trials;
}

CompletionCriteria Target(double value) {
  CompletionCriteria criteria;
  criteria.target_objective_value = value;
  return criteria;
}

CompletionCriteria NotImproving(int n) {
  CompletionCriteria criteria;
  criteria.max_jobs_not_improving = n;
  return criteria;
}

CompletionCriteria Convergence() {
  CompletionCriteria criteria;
  criteria.complete_on_convergence = true;
  return criteria;
}

TEST_CASE("Which criteria end the job") {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::nan("");
  struct Case {
    const char* label;
    CompletionCriteria criteria;
    ObjectiveType type;
    int dims;
    std::vector<EndedTrial> ended;
    std::optional<std::string> reason;
  };
  const Case cases[] = {
      {"no criteria",
       {},
       ObjectiveType::kMaximize,
       1,
       Completed({1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}),
       std::nullopt},
      {"target reached (maximize)", Target(0.95), ObjectiveType::kMaximize, 1,
       Completed({0.9, 0.96, 0.97}),
       "completion_criteria.target_objective_value: 0.95 reached by trial 2 "
       "(objective 0.96)"},
      {"target met exactly", Target(0.95), ObjectiveType::kMaximize, 1,
       Completed({0.95}),
       "completion_criteria.target_objective_value: 0.95 reached by trial 1 "
       "(objective 0.95)"},
      {"target not reached (maximize)", Target(0.95), ObjectiveType::kMaximize,
       1, Completed({0.9, 0.94}), std::nullopt},
      {"target reached (minimize)", Target(0.1), ObjectiveType::kMinimize, 1,
       Completed({0.5, 0.1}),
       "completion_criteria.target_objective_value: 0.1 reached by trial 2 "
       "(objective 0.1)"},
      {"target not reached (minimize)", Target(0.1), ObjectiveType::kMinimize,
       1, Completed({0.5, 0.11}), std::nullopt},
      {"a failed trial's objective does not count",
       Target(0.5),
       ObjectiveType::kMaximize,
       1,
       {{1, EndedState::kFailed, 0.9}, {2, EndedState::kCompleted, 0.1}},
       std::nullopt},
      {"a stopped trial's objective counts",
       Target(0.5),
       ObjectiveType::kMaximize,
       1,
       {{1, EndedState::kCompleted, 0.1}, {4, EndedState::kStopped, 0.6}},
       "completion_criteria.target_objective_value: 0.5 reached by trial 4 "
       "(objective 0.6)"},
      {"non-finite objectives do not count",
       Target(0.5),
       ObjectiveType::kMaximize,
       1,
       {{1, EndedState::kCompleted, inf},
        {2, EndedState::kCompleted, nan},
        {3, EndedState::kCompleted, std::nullopt}},
       std::nullopt},
      {"not improving for N trials", NotImproving(3), ObjectiveType::kMaximize,
       1, Completed({0.5, 0.7, 0.6, 0.7, 0.65}),
       "completion_criteria.best_objective_not_improving: no improvement in "
       "the last 3 trials (best 0.7 from trial 2)"},
      {"not improving for fewer than N trials", NotImproving(3),
       ObjectiveType::kMaximize, 1, Completed({0.5, 0.7, 0.6, 0.7}),
       std::nullopt},
      {"not improving, minimize", NotImproving(2), ObjectiveType::kMinimize, 1,
       Completed({0.5, 0.2, 0.3, 0.25}),
       "completion_criteria.best_objective_not_improving: no improvement in "
       "the last 2 trials (best 0.2 from trial 2)"},
      {"failed trials do not count as not improving",
       NotImproving(2),
       ObjectiveType::kMaximize,
       1,
       {{1, EndedState::kCompleted, 0.5},
        {2, EndedState::kFailed, {}},
        {3, EndedState::kFailed, {}},
        {4, EndedState::kCompleted, 0.4}},
       std::nullopt},
      {"no objective yet, nothing to improve on",
       NotImproving(1),
       ObjectiveType::kMaximize,
       1,
       {{1, EndedState::kFailed, {}}, {2, EndedState::kFailed, {}}},
       std::nullopt},
      {"the target is checked first",
       {.target_objective_value = 0.6,
        .max_jobs_not_improving = 1,
        .complete_on_convergence = false},
       ObjectiveType::kMaximize,
       1,
       Completed({0.7, 0.1}),
       "completion_criteria.target_objective_value: 0.6 reached by trial 1 "
       "(objective 0.7)"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.label);
    CHECK(CheckCompletion(c.criteria, c.type, c.dims, c.ended) == c.reason);
  }
}

TEST_CASE("Convergence: little improvement over the last window") {
  struct Case {
    const char* label;
    ObjectiveType type;
    int dims;
    std::vector<double> objectives;
    bool converged;
  };
  const Case cases[] = {
      // n = 10, window 5: best 4 before, 4.001 now, range 4.001.
      {"improvement within 1e-3 of the range",
       ObjectiveType::kMaximize,
       2,
       {0, 1, 2, 3, 4, 1, 2, 3, 4.001, 2},
       true},
      {"improvement above 1e-3 of the range",
       ObjectiveType::kMaximize,
       2,
       {0, 1, 2, 3, 4, 1, 2, 3, 4.01, 2},
       false},
      {"fewer than 10 trials",
       ObjectiveType::kMaximize,
       2,
       {0, 1, 2, 3, 4, 1, 2, 3, 4},
       false},
      {"more dimensions need more trials (2d+2 = 12)",
       ObjectiveType::kMaximize,
       5,
       {0, 1, 2, 3, 4, 1, 2, 3, 4, 2},
       false},
      {"more dimensions, enough trials",
       ObjectiveType::kMaximize,
       5,
       {0, 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 2},
       true},
      {"a constant objective converges", ObjectiveType::kMaximize, 1,
       std::vector<double>(10, 0.5), true},
      {"minimize: a new low is an improvement",
       ObjectiveType::kMinimize,
       1,
       {4, 3, 2, 1, 0, 1, 2, 3, -1, 2},
       false},
      {"minimize: no new low",
       ObjectiveType::kMinimize,
       1,
       {4, 3, 2, 1, 0, 1, 2, 3, 0, 2},
       true},
      // n = 18: window 6, so the improvement at trial 12 is outside it.
      {"the window grows with n / 3",
       ObjectiveType::kMaximize,
       1,
       {0, 1, 2, 3, 4, 1, 2, 3, 4, 2, 3, 9, 1, 1, 1, 1, 1, 1},
       true},
      {"an improvement inside the window",
       ObjectiveType::kMaximize,
       1,
       {0, 1, 2, 3, 4, 1, 2, 3, 4, 2, 3, 1, 9, 1, 1, 1, 1, 1},
       false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.label);
    const std::optional<std::string> reason =
        CheckCompletion(Convergence(), c.type, c.dims, Completed(c.objectives));
    CHECK(reason.has_value() == c.converged);
  }
}

TEST_CASE("The convergence reason gives the numbers") {
  const std::optional<std::string> reason =
      CheckCompletion(Convergence(), ObjectiveType::kMaximize, 2,
                      Completed({0, 1, 2, 3, 4, 1, 2, 3, 4, 2}));
  CHECK(reason ==
        "completion_criteria.convergence_detected: the best objective (4) "
        "improved by 0 over the last 5 of 10 trials, at most 0.001 of the "
        "observed range 4");
}

}  // namespace
}  // namespace tune::policies
