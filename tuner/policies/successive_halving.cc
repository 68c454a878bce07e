#include "tuner/policies/successive_halving.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace tune::policies {
namespace {

// base^exp, or nullopt past `limit`.
std::optional<int64_t> PowUpTo(int64_t base, int exp, int64_t limit) {
  int64_t result = 1;
  for (int i = 0; i < exp; ++i) {
    if (result > limit / base) return std::nullopt;
    result *= base;
  }
  return result;
}

// Smooth weighted round-robin over one cycle of sum(weights) picks.
std::vector<uint8_t> WeightedCycle(const std::vector<int64_t>& weights,
                                   int64_t total) {
  std::vector<int64_t> credit(weights.size(), 0);
  std::vector<uint8_t> cycle;
  cycle.reserve(static_cast<size_t>(total));
  for (int64_t turn = 0; turn < total; ++turn) {
    size_t pick = 0;
    for (size_t b = 0; b < weights.size(); ++b) {
      credit[b] += weights[b];
      if (credit[b] > credit[pick]) pick = b;
    }
    credit[pick] -= total;
    cycle.push_back(static_cast<uint8_t>(pick));
  }
  return cycle;
}

// "1/3" style text for the fraction that continues.
std::string TopFraction(int eta) { return absl::StrCat("top 1/", eta); }

}  // namespace

absl::StatusOr<SuccessiveHalving> SuccessiveHalving::Create(
    const spec::HyperbandConfig& config, spec::ObjectiveType type) {
  const int64_t r = config.min_resource;
  const int64_t big_r = config.max_resource;
  const int eta = config.eta;
  if (r < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "hyperband min_resource must be at least 1 (got ", r, ")"));
  }
  if (big_r < r) {
    return absl::InvalidArgumentError(
        absl::StrCat("hyperband max_resource (", big_r,
                     ") must be at least min_resource (", r, ")"));
  }
  if (eta < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("hyperband eta must be at least 2 (got ", eta, ")"));
  }

  // s_max: the largest s with r * eta^s <= R.
  int s_max = 0;
  for (int64_t resource = r; resource <= big_r / eta;) {
    resource *= eta;
    ++s_max;
  }

  std::vector<std::vector<int64_t>> rungs(s_max + 1);
  for (int s = 0; s <= s_max; ++s) {
    // r * eta^s <= R by the choice of s_max.
    int64_t resource = r * *PowUpTo(eta, s, big_r);
    while (resource < big_r) {
      rungs[s].push_back(resource);
      if (resource > big_r / eta) break;
      resource *= eta;
    }
  }

  // Weights: Hyperband's n_h = ceil((s_max+1) * eta^h / (h+1)), h = s_max-s.
  std::vector<int64_t> weights(s_max + 1);
  int64_t total = 0;
  const auto too_long = [] {
    return absl::InvalidArgumentError(absl::StrCat(
        "hyperband max_resource / min_resource spans too many brackets "
        "(one round of them would exceed ",
        kMaxCycleLength, " trials); raise eta or min_resource"));
  };
  for (int s = 0; s <= s_max; ++s) {
    const int h = s_max - s;
    const std::optional<int64_t> power = PowUpTo(eta, h, kMaxCycleLength);
    if (!power) return too_long();
    const int64_t numerator = static_cast<int64_t>(s_max + 1) * *power;
    weights[s] = (numerator + h) / (h + 1);
    total += weights[s];
    if (total > kMaxCycleLength) return too_long();
  }
  std::vector<uint8_t> cycle = WeightedCycle(weights, total);
  return SuccessiveHalving(r, big_r, eta, type, std::move(rungs),
                           std::move(weights), std::move(cycle));
}

SuccessiveHalving::SuccessiveHalving(int64_t min_resource, int64_t max_resource,
                                     int eta, spec::ObjectiveType type,
                                     std::vector<std::vector<int64_t>> rungs,
                                     std::vector<int64_t> weights,
                                     std::vector<uint8_t> cycle)
    : min_resource_(min_resource),
      max_resource_(max_resource),
      eta_(eta),
      type_(type),
      rungs_(std::move(rungs)),
      weights_(std::move(weights)),
      cycle_(std::move(cycle)) {}

int SuccessiveHalving::BracketOfTrial(int64_t seq) const {
  const int64_t position =
      (std::max<int64_t>(seq, 1) - 1) % static_cast<int64_t>(cycle_.size());
  return cycle_[static_cast<size_t>(position)];
}

const std::vector<int64_t>& SuccessiveHalving::Rungs(int bracket) const {
  return rungs_.at(static_cast<size_t>(bracket));
}

std::optional<int64_t> SuccessiveHalving::RungAt(int bracket,
                                                 int64_t step) const {
  std::optional<int64_t> rung;
  for (int64_t resource : Rungs(bracket)) {
    if (resource <= step) rung = resource;
  }
  return rung;
}

RungDecision SuccessiveHalving::Decide(
    int bracket, int64_t step, double value,
    const std::vector<double>& recorded) const {
  RungDecision decision;
  const std::vector<int64_t>& rungs = Rungs(bracket);
  if (rungs.empty()) {
    decision.reason =
        absl::StrCat("bracket ", bracket, " has no rungs: its trials run to ",
                     max_resource_);
    return decision;
  }
  decision.rung = RungAt(bracket, step);
  if (!decision.rung) {
    decision.reason = absl::StrCat("step ", step, " is below the first rung ",
                                   rungs.front(), " of bracket ", bracket);
    return decision;
  }
  const std::string where =
      absl::StrCat(" at rung ", *decision.rung, " of bracket ", bracket);

  // Values with higher = better; NaNs left out, as numpy's nanpercentile.
  const double sign = type_ == spec::ObjectiveType::kMaximize ? 1.0 : -1.0;
  std::vector<double> values;
  for (double v : recorded) {
    if (!std::isnan(v)) values.push_back(sign * v);
  }
  if (std::isnan(value)) {
    decision.stop = !values.empty();
    decision.reason =
        decision.stop
            ? absl::StrCat("objective NaN", where,
                           " is worse than every value recorded there")
            : absl::StrCat("objective NaN", where,
                           " continues: no number recorded there yet");
    return decision;
  }
  values.push_back(sign * value);
  std::sort(values.begin(), values.end());

  // The (1 - 1/eta) quantile by linear interpolation at the exact position
  // (n-1)(eta-1)/eta.
  const int64_t n = static_cast<int64_t>(values.size());
  const int64_t scaled = (n - 1) * (eta_ - 1);
  const int64_t lo = scaled / eta_;
  const int64_t rem = scaled % eta_;
  double cutoff = values[static_cast<size_t>(lo)];
  if (rem != 0) {
    const double frac = static_cast<double>(rem) / eta_;
    cutoff += frac * (values[static_cast<size_t>(lo + 1)] - cutoff);
  }
  decision.cutoff = sign * cutoff;
  decision.stop = sign * value < cutoff;
  decision.reason = absl::StrCat(
      value, where, decision.stop ? " is worse than" : " is not worse than",
      " the cutoff ", *decision.cutoff, " (", TopFraction(eta_), " of ", n,
      n == 1 ? " value)" : " values)");
  return decision;
}

std::optional<int64_t> ResourceToModel(
    const std::map<int64_t, int64_t>& observations, int64_t min_points) {
  for (auto it = observations.rbegin(); it != observations.rend(); ++it) {
    if (it->second >= min_points) return it->first;
  }
  return std::nullopt;
}

}  // namespace tune::policies
