// Asynchronous successive halving (ASHA, Li et al. 2018) across Hyperband
// brackets, as in Ray Tune's AsyncHyperBandScheduler.
//
// From spec::HyperbandConfig {min_resource r, max_resource R, eta}:
//   * s_max = floor(log_eta(R / r)), computed exactly in integers (the
//     largest s with r * eta^s <= R); the brackets are s = 0..s_max.
//   * Bracket s has its rungs at the resources r * eta^(s+j), j = 0, 1, ...,
//     while they are < R. Reaching R is not a rung: the trial just finishes.
//     Bracket 0 is the most aggressive (its first rung is r); the last
//     bracket often has no rung at all and trains every trial to R.
//   * Trials are assigned to brackets in a fixed weighted round-robin by
//     their 1-based seq. Bracket s weighs as many as the configurations
//     Hyperband's bracket with the same first resource would start:
//     Hyperband's bracket h = s_max - s starts n_h = ceil((s_max+1)/(h+1) *
//     eta^h), so the most aggressive bracket gets the most trials. One cycle
//     is W = sum of the weights long; within it the order is the smooth
//     weighted round-robin (each turn every bracket gains its weight, the one
//     with the most credit, the lowest s on ties, is picked and loses W), so
//     the brackets interleave; trial seq and seq + W share a bracket.
//
// The promotion rule at a rung (Ray's cutoff): with the values that other
// trials of the same bracket recorded at the rung plus this trial's value
// (NaNs left out), the cutoff is the (1 - 1/eta) quantile by linear
// interpolation (numpy's default; the position (n-1)(eta-1)/eta is computed
// exactly), oriented so that higher is better (for Minimize, the 1/eta
// quantile of the raw values). The trial stops iff its value is strictly
// worse than the cutoff. So the first trial at a rung always continues,
// with 2 values and eta >= 2 the worse one stops, and in the long run the
// best 1/eta continue. A NaN value stops the trial when any other value at
// the rung is a number. Call Decide() once per trial and rung: when the
// trial first reports a step at or past the rung (RungAt), then record the
// value there for later trials.
//
// For model-based Hyperband (BOHB), ResourceToModel() picks the rung whose
// observations the model is fit on.
//
// Example:
//   absl::StatusOr<SuccessiveHalving> sha =
//       SuccessiveHalving::Create(*spec.hyperband, spec.objective_type);
//   int bracket = sha->BracketOfTrial(trial.seq);
//   RungDecision d = sha->Decide(bracket, step, value, others_at_rung);
//
// Immutable after Create(); safe to share between threads.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tuner/spec/job_spec.h"

namespace tune::policies {

struct RungDecision {
  bool stop = false;
  // The rung decided at (the largest rung resource <= step), nullopt when
  // step is below the bracket's first rung or the bracket has none.
  std::optional<int64_t> rung;
  std::optional<double> cutoff;  // when compared
  // Why, in a sentence: "0.61 at rung 9 of bracket 0 is worse than the
  // cutoff 0.7 (top 1/3 of 4 values)".
  std::string reason;
};

class SuccessiveHalving {
 public:
  // W above this is refused (R / r spans too many brackets).
  static constexpr int64_t kMaxCycleLength = int64_t{1} << 20;

  // Errors: InvalidArgument when min_resource < 1, max_resource <
  // min_resource, eta < 2, or the cycle is longer than kMaxCycleLength.
  static absl::StatusOr<SuccessiveHalving> Create(
      const spec::HyperbandConfig& config, spec::ObjectiveType type);

  int64_t min_resource() const { return min_resource_; }
  int64_t max_resource() const { return max_resource_; }
  int eta() const { return eta_; }

  // s_max + 1.
  int NumBrackets() const { return static_cast<int>(rungs_.size()); }

  // The weight of each bracket (n_h above), by bracket.
  const std::vector<int64_t>& BracketWeights() const { return weights_; }

  // The bracket of the trial with 1-based `seq` (seq < 1 counts as 1).
  int BracketOfTrial(int64_t seq) const;

  // The bracket's rung resources, increasing, all < max_resource. Requires
  // 0 <= bracket < NumBrackets().
  const std::vector<int64_t>& Rungs(int bracket) const;

  // The largest rung resource <= step, or nullopt.
  std::optional<int64_t> RungAt(int bracket, int64_t step) const;

  // Whether a trial of `bracket` that reported `value` at `step` continues.
  // `recorded`: the values other trials of the bracket recorded at the same
  // rung (RungAt(bracket, step)). Below the first rung it continues.
  RungDecision Decide(int bracket, int64_t step, double value,
                      const std::vector<double>& recorded) const;

 private:
  SuccessiveHalving(int64_t min_resource, int64_t max_resource, int eta,
                    spec::ObjectiveType type,
                    std::vector<std::vector<int64_t>> rungs,
                    std::vector<int64_t> weights, std::vector<uint8_t> cycle);

  int64_t min_resource_;
  int64_t max_resource_;
  int eta_;
  spec::ObjectiveType type_;
  std::vector<std::vector<int64_t>> rungs_;  // by bracket
  std::vector<int64_t> weights_;             // by bracket
  std::vector<uint8_t> cycle_;               // bracket by (seq-1) mod W
};

// BOHB: the largest resource with at least `min_points` observations, from
// resource -> number of observations at that resource; nullopt when none
// has enough (the designer then samples at random).
std::optional<int64_t> ResourceToModel(
    const std::map<int64_t, int64_t>& observations, int64_t min_points);

}  // namespace tune::policies
