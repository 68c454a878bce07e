#include "tuner/designers/gp_designer.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <utility>

#include "absl/strings/str_cat.h"
#include "tuner/space/discrete_space.h"
#include "tuner/space/point_key.h"
#include "tuner/space/scaling.h"

namespace tune::designers {
namespace {

// Quasi-random fallbacks after a collision draw design points from this
// far part of the sequence, away from the indices trials will use.
constexpr uint64_t kSpareBase = uint64_t{1} << 30;
constexpr uint64_t kSpareRange = uint64_t{1} << 30;



// Finite numbers as they are; others as null (JSON has no NaN).
nlohmann::json Number(double x) {
  return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr);
}

}  // namespace

struct GpDesigner::BatchState {
  std::set<std::string> keys;
  std::set<uint64_t> indices;
  std::vector<std::vector<double>> units;  // the batch so far
};

GpDesigner::GpDesigner(std::vector<spec::ParameterRange> ranges,
                       spec::ObjectiveType objective, uint64_t seed,
                       int max_jobs)
    : ranges_(std::move(ranges)),
      objective_(objective),
      seed_(seed),
      discrete_size_(space::CountDiscretePoints(ranges_)),
      design_(static_cast<int>(ranges_.size()), seed),
      design_size_(static_cast<uint64_t>(
          gp::InitialDesignSize(static_cast<int>(ranges_.size()), max_jobs))),
      optimizer_(ranges_, seed, static_cast<int>(design_size_)) {}

void GpDesigner::Update(const std::vector<CompletedTrial>& completed,
                        const std::vector<space::Parameters>& active) {
  history_size_ = completed.size() + active.size();
  used_keys_.clear();
  used_indices_.clear();
  observed_ = failed_ = 0;
  active_ = static_cast<int>(active.size());
  auto use = [this](const space::Parameters& parameters) {
    used_keys_.insert(space::PointKey(ranges_, parameters));
    if (discrete_size_.has_value()) {
      if (auto index = space::DiscreteIndex(ranges_, parameters)) {
        used_indices_.insert(*index);
      }
    }
  };
  // The model minimizes.
  const double sign = objective_ == spec::ObjectiveType::kMaximize ? -1 : 1;
  gp::Observations observations;
  for (const CompletedTrial& trial : completed) {
    use(trial.parameters);
    absl::StatusOr<std::vector<double>> unit =
        space::ToUnitPoint(ranges_, trial.parameters);
    if (!unit.ok()) continue;
    if (trial.objective.has_value() && std::isfinite(*trial.objective)) {
      observations.points.push_back(*std::move(unit));
      observations.values.push_back(sign * *trial.objective);
      ++observed_;
    } else {
      observations.failed.push_back(*std::move(unit));
      ++failed_;
    }
  }
  for (const space::Parameters& parameters : active) {
    use(parameters);
    absl::StatusOr<std::vector<double>> unit =
        space::ToUnitPoint(ranges_, parameters);
    if (unit.ok()) observations.pending.push_back(*std::move(unit));
  }
  model_status_ = optimizer_.Update(observations);
}

absl::StatusOr<std::vector<space::Parameters>> GpDesigner::Suggest(
    int count) const {
  absl::StatusOr<std::vector<Suggestion>> suggestions =
      SuggestWithReasons(count);
  if (!suggestions.ok()) return suggestions.status();
  std::vector<space::Parameters> points;
  points.reserve(suggestions->size());
  for (Suggestion& s : *suggestions) points.push_back(std::move(s.parameters));
  return points;
}

absl::StatusOr<std::vector<Suggestion>> GpDesigner::SuggestWithReasons(
    int count) const {
  if (count < 1 || count > kMaxSuggestCount) {
    return absl::InvalidArgumentError(
        absl::StrCat("count must be between 1 and ", kMaxSuggestCount, " (got ",
                     count, ")"));
  }
  rng::SplitMix64 rng(rng::MixSeed(seed_, history_size_));
  BatchState batch{used_keys_, used_indices_, {}};
  std::string no_model_why =
      model_status_.ok()
          ? absl::StrCat("fewer than ", gp::BayesianOptimizer::kMinObservations,
                         " trials have a value")
          : absl::StrCat("no model: ", model_status_.message());
  std::vector<Suggestion> suggestions;
  for (int j = 0; j < count; ++j) {
    const uint64_t index = history_size_ + static_cast<uint64_t>(j);
    const uint64_t choice_seed = rng.Next();
    std::optional<Suggestion> s;
    if (index < design_size_) {
      s = DesignPoint(index, nullptr, rng, batch);
    } else if (!optimizer_.has_model()) {
      s = DesignPoint(index, no_model_why.c_str(), rng, batch);
    } else {
      s = ModelPoint(choice_seed, rng, batch);
    }
    if (!s.has_value()) break;  // a discrete space is used up
    suggestions.push_back(*std::move(s));
  }
  return suggestions;
}

void GpDesigner::Accept(const std::vector<double>& unit,
                        BatchState& batch) const {
  const space::Parameters parameters = space::FromUnitPoint(ranges_, unit);
  batch.keys.insert(space::PointKey(ranges_, parameters));
  if (discrete_size_.has_value()) {
    if (auto index = space::DiscreteIndex(ranges_, parameters)) {
      batch.indices.insert(*index);
    }
  }
  batch.units.push_back(unit);
}

std::optional<Suggestion> GpDesigner::DesignPoint(uint64_t index,
                                                  const char* why,
                                                  rng::SplitMix64& rng,
                                                  BatchState& batch) const {
  for (int draw = 0; draw < kMaxDraws; ++draw) {
    const uint64_t i =
        draw == 0 ? index : kSpareBase + rng.NextBelow(kSpareRange);
    const std::vector<double> unit = design_.Point(i);
    space::Parameters parameters = space::FromUnitPoint(ranges_, unit);
    const bool last = draw + 1 == kMaxDraws;
    if (batch.keys.count(space::PointKey(ranges_, parameters)) > 0) {
      // A space with a Continuous range practically never gets here; should
      // it, the last draw is used anyway.
      if (!last || discrete_size_.has_value()) continue;
    }
    nlohmann::json reason = {{"strategy", "initial_design"}, {"index", i}};
    if (why != nullptr) reason["why"] = why;
    Accept(unit, batch);
    return Suggestion{std::move(parameters), reason.dump()};
  }
  return UnusedDiscretePoint(rng, batch);
}

std::optional<Suggestion> GpDesigner::UnusedDiscretePoint(
    rng::SplitMix64& rng, BatchState& batch) const {
  if (!discrete_size_.has_value() || batch.indices.size() >= *discrete_size_) {
    return std::nullopt;
  }
  const uint64_t index = space::NthUnused(
      batch.indices, rng.NextBelow(*discrete_size_ - batch.indices.size()));
  space::Parameters parameters = space::DiscretePoint(ranges_, index);
  absl::StatusOr<std::vector<double>> unit =
      space::ToUnitPoint(ranges_, parameters);
  if (!unit.ok()) return std::nullopt;  // not reached for a valid space
  Accept(*unit, batch);
  const nlohmann::json reason = {
      {"strategy", "random_unused"},
      {"why", "the search found only points already tried"}};
  return Suggestion{std::move(parameters), reason.dump()};
}

std::optional<Suggestion> GpDesigner::ModelPoint(uint64_t seed, rng::SplitMix64& rng,
                                                 BatchState& batch) const {
  auto is_taken = [&](const std::vector<double>& unit) {
    return batch.keys.count(
               space::PointKey(ranges_, space::FromUnitPoint(ranges_, unit))) > 0;
  };
  const std::optional<gp::Proposal> proposal =
      optimizer_.Propose(batch.units, seed, is_taken);
  if (!proposal.has_value()) {
    if (discrete_size_.has_value()) return UnusedDiscretePoint(rng, batch);
    return DesignPoint(kSpareBase + rng.NextBelow(kSpareRange),
                       "every acquisition candidate was taken", rng, batch);
  }
  const bool maximize = objective_ == spec::ObjectiveType::kMaximize;
  const gp::ModelDiagnostics& d = optimizer_.diagnostics();
  nlohmann::json model = {
      {"observed", observed_},
      {"failed", failed_},
      {"pending", active_ + static_cast<int>(batch.units.size())},
      {"points", d.model_points},
      {"fit_points", d.fit_points},
      {"refitted", d.refitted},
      {"lengthscales", nlohmann::json::array()},
      {"signal_variance", Number(d.signal_variance)},
      {"noise_variance", Number(d.noise_variance)},
      {"jitter", Number(d.jitter)},
  };
  for (double l : d.lengthscales) model["lengthscales"].push_back(Number(l));
  if (!d.problem.empty()) model["problem"] = d.problem;
  nlohmann::json reason = {
      {"strategy", proposal->restart_design ? "restart" : "gp"},
      {"epoch", proposal->epoch},
      {"objective", maximize ? "maximize" : "minimize"},
      {"mean", Number(maximize ? -proposal->mean : proposal->mean)},
      {"std", Number(proposal->stddev)},
      {"model", std::move(model)},
  };
  if (!proposal->restart_design) {
    reason["acquisition"] = "log_ei";
    reason["log_ei"] = Number(proposal->log_ei);
  }
  Accept(proposal->point, batch);
  return Suggestion{space::FromUnitPoint(ranges_, proposal->point),
                    reason.dump()};
}

}  // namespace tune::designers
