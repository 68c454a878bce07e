// The Bayesian designer: a Gaussian-process model with log expected
// improvement (tuner/gp/).
//
// How it chooses, for a job with d ranges:
//   * The first gp::InitialDesignSize(d, max_jobs) = max(2 d + 1, 5)
//     trials, or a fifth of max_jobs if fewer (never below 5), completed and
//     active counted together, follow a scrambled Sobol design seeded by the
//     job's seed (gp/initial_design.h). So do later ones while fewer
//     than gp::BayesianOptimizer::kMinObservations trials have a value, or
//     when the model could not be built (diagnostics() says why).
//   * After that, a GP (Matern-5/2 ARD, MAP hyperparameters, warped
//     standardized targets) is fitted in Update(), and Suggest() maximizes
//     log expected improvement over the mixed space, within a trust region
//     around the points seen that grows with the observations
//     (gp/trust_region.h); running trials and the
//     earlier points of the same batch count as kriging believers, so a
//     batch spreads out. See gp/bayesian_optimizer.h for the details:
//     integer and categorical handling, refit schedule, subsets past 1000
//     points.
//   * The objective is maximized or minimized as the spec says (the model
//     always minimizes; values of maximized objectives are negated).
//   * Failed trials (no objective, or a non-finite one) are not fitted as
//     values: the GP treats them as having the worst value seen, which
//     keeps the search away from them, and they are never suggested again.
//   * No suggestion repeats a completed, active or earlier batch point
//     (compared as parameter values). A fully discrete space that is used
//     up gives fewer than `count` points, or none (not an error).
//   * When the search stalls, it restarts (gp/search_epochs.h): a few
//     quasi-random points, then EI on the new epoch's own best near them;
//     the model still knows every trial. Completed trials are read as
//     history in the order given.
//   * Prior observations (warm start) are simply completed trials, given
//     before the job's own.
//   * Points that do not belong to the space (a range missing, a value out
//     of its list) count as tried but are left out of the model.
// Determinism: the generator of a Suggest() call is seeded with
// rng::MixSeed(seed, completed + active), and the model depends only on the
// seed and the history (caches are reused only where that gives the same
// bits), so the same seed and history give the same suggestions.
//
// Each suggestion's reason (SuggestWithReasons) is a JSON object:
//   {"strategy": "gp", "epoch": e, "mean": m, "std": s, "log_ei": a, ...}
// with the model's prediction at the point in objective units,
//   {"strategy": "restart", "epoch": e, "mean": m, "std": s, ...}
// for a restart's design point, or
//   {"strategy": "initial_design", "index": i, ...}.
//
// Example:
//   GpDesigner designer(spec.ranges, spec.objective_type, seed,
//                       spec.max_jobs);
//   designer.Update(completed, active);
//   auto suggestions = designer.SuggestWithReasons(4);
//
// Not thread-safe (Designer's rules); Suggest() is const and pure.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "tuner/designers/designer.h"
#include "tuner/gp/bayesian_optimizer.h"
#include "tuner/gp/initial_design.h"
#include "tuner/rng/split_mix64.h"
#include "tuner/spec/job_spec.h"

namespace tune::designers {

class GpDesigner final : public Designer {
 public:
  // Suggest() refuses larger counts.
  static constexpr int kMaxSuggestCount = 1000;
  // Quasi-random draws per point before a collision is resolved.
  static constexpr int kMaxDraws = 64;

  // max_jobs: the job's budget of trials, which bounds the initial design
  // (0: no bound).
  GpDesigner(std::vector<spec::ParameterRange> ranges,
             spec::ObjectiveType objective, uint64_t seed, int max_jobs = 0);

  // Fits the model; may take a while (see gp/bayesian_optimizer.h).
  void Update(const std::vector<CompletedTrial>& completed,
              const std::vector<space::Parameters>& active) override;

  // Errors: InvalidArgument for count < 1 or count > kMaxSuggestCount.
  absl::StatusOr<std::vector<space::Parameters>> Suggest(
      int count) const override;
  absl::StatusOr<std::vector<Suggestion>> SuggestWithReasons(
      int count) const override;

  // The model built by the last Update() and what went wrong, if anything.
  const gp::ModelDiagnostics& diagnostics() const {
    return optimizer_.diagnostics();
  }
  // The GP of the last Update(), for views of it (model_slices.h).
  const gp::BayesianOptimizer& model() const { return optimizer_; }
  // OK, or why the last Update() could not build a model.
  const absl::Status& model_status() const { return model_status_; }

 private:
  struct BatchState;

  std::optional<Suggestion> DesignPoint(uint64_t index, const char* why,
                                        rng::SplitMix64& rng,
                                        BatchState& batch) const;
  std::optional<Suggestion> ModelPoint(uint64_t seed, rng::SplitMix64& rng,
                                       BatchState& batch) const;
  std::optional<Suggestion> UnusedDiscretePoint(rng::SplitMix64& rng,
                                                BatchState& batch) const;
  void Accept(const std::vector<double>& unit, BatchState& batch) const;

  std::vector<spec::ParameterRange> ranges_;
  spec::ObjectiveType objective_;
  uint64_t seed_;
  std::optional<uint64_t> discrete_size_;
  gp::InitialDesign design_;
  uint64_t design_size_;  // gp::InitialDesignSize of the ranges and budget
  gp::BayesianOptimizer optimizer_;

  // From the last Update().
  uint64_t history_size_ = 0;
  int observed_ = 0;
  int failed_ = 0;
  int active_ = 0;
  absl::Status model_status_;
  std::set<std::string> used_keys_;
  std::set<uint64_t> used_indices_;  // fully discrete spaces only
};

}  // namespace tune::designers
