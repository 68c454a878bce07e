#include "tuner/policies/completion_rules.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace tune::policies {
namespace {

struct Scored {
  int64_t seq;
  double objective;
};

// The trials that take part, in end order.
std::vector<Scored> ScoredTrials(const std::vector<EndedTrial>& ended) {
  std::vector<Scored> scored;
  for (const EndedTrial& trial : ended) {
    if (trial.state == EndedState::kFailed || !trial.objective ||
        !std::isfinite(*trial.objective)) {
      continue;
    }
    scored.push_back({trial.seq, *trial.objective});
  }
  return scored;
}

bool AtLeastAsGood(spec::ObjectiveType type, double a, double b) {
  return !spec::IsBetter(type, b, a);
}

std::optional<std::string> TargetReached(spec::ObjectiveType type,
                                         double target,
                                         const std::vector<Scored>& trials) {
  for (const Scored& trial : trials) {
    if (AtLeastAsGood(type, trial.objective, target)) {
      return absl::StrCat("completion_criteria.target_objective_value: ",
                          target, " reached by trial ", trial.seq,
                          " (objective ", trial.objective, ")");
    }
  }
  return std::nullopt;
}

std::optional<std::string> NotImproving(spec::ObjectiveType type, int n,
                                        const std::vector<Scored>& trials) {
  if (trials.empty()) return std::nullopt;
  size_t best = 0;
  for (size_t i = 1; i < trials.size(); ++i) {
    if (spec::IsBetter(type, trials[i].objective, trials[best].objective)) {
      best = i;
    }
  }
  const size_t since = trials.size() - 1 - best;
  if (since < static_cast<size_t>(n)) return std::nullopt;
  return absl::StrCat(
      "completion_criteria.best_objective_not_improving: no improvement in "
      "the last ",
      since, " trials (best ", trials[best].objective, " from trial ",
      trials[best].seq, ")");
}

std::optional<std::string> Converged(spec::ObjectiveType type,
                                     int num_parameters,
                                     const std::vector<Scored>& trials) {
  const int n = static_cast<int>(trials.size());
  const int needed =
      std::max(kConvergenceMinTrials, 2 * std::max(num_parameters, 0) + 2);
  if (n < needed) return std::nullopt;
  const int window = std::max(kConvergenceMinWindow, n / 3);
  double low = trials[0].objective;
  double high = low;
  for (const Scored& trial : trials) {
    low = std::min(low, trial.objective);
    high = std::max(high, trial.objective);
  }
  const auto best_of = [&](int count) {
    double best = trials[0].objective;
    for (int i = 1; i < count; ++i) {
      if (spec::IsBetter(type, trials[i].objective, best)) {
        best = trials[i].objective;
      }
    }
    return best;
  };
  const double before = best_of(n - window);
  const double now = best_of(n);
  const double improvement = std::abs(now - before);
  const double range = high - low;
  if (!(improvement <= kConvergenceTolerance * range)) return std::nullopt;
  return absl::StrCat(
      "completion_criteria.convergence_detected: the best objective (", now,
      ") improved by ", improvement, " over the last ", window, " of ", n,
      " trials, at most ", kConvergenceTolerance, " of the observed range ",
      range);
}

}  // namespace

std::optional<std::string> CheckCompletion(
    const spec::CompletionCriteria& criteria, spec::ObjectiveType type,
    int num_parameters, const std::vector<EndedTrial>& ended) {
  const std::vector<Scored> trials = ScoredTrials(ended);
  if (criteria.target_objective_value &&
      !std::isnan(*criteria.target_objective_value)) {
    if (auto reason =
            TargetReached(type, *criteria.target_objective_value, trials)) {
      return reason;
    }
  }
  if (criteria.max_jobs_not_improving > 0) {
    if (auto reason =
            NotImproving(type, criteria.max_jobs_not_improving, trials)) {
      return reason;
    }
  }
  if (criteria.complete_on_convergence) {
    if (auto reason = Converged(type, num_parameters, trials)) return reason;
  }
  return std::nullopt;
}

}  // namespace tune::policies
