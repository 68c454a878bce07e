// Maximizing log expected improvement over a mixed search space.
//
// MaximizeLogEi works in the designers' unit cube, on canonical points
// (input_transform.h), in three steps:
//   1. Screening. A fully discrete space of at most
//      InputTransform::kEnumerationLimit points is enumerated. Otherwise the
//      candidates are scrambled Sobol points plus perturbations of the best
//      observed points ("anchors": Gaussian steps of 0.01, 0.05 or 0.2 in
//      continuous coordinates, each discrete coordinate redrawn with
//      probability 1/d). The pool shrinks as the model grows (2048 points
//      up to n = 250, then 2048 (250/n)^2, at least 256) so that screening
//      costs about the same at any n.
//   2. Refinement of the best kRefineStarts distinct candidates (fewer past
//      n = 400): L-BFGS-B (LBFGS++) on the continuous coordinates with the
//      analytic gradient of log EI, alternating with discrete moves (each
//      Integer or Categorical coordinate tries its DiscreteNeighbours; the
//      best single move is taken while it improves).
//   3. Selection. Refined points and candidates, best first; the first one
//      for which is_taken() is false wins. nullopt when all are taken.
// Within a TrustRegion (trust_region.h): candidates outside it rank behind
// every candidate inside it (a last resort when all inside are taken),
// refinement starts only inside it, and each refinement stays within the
// ball of the centre nearest its start.
//
// Example:
//   rng::SplitMix64 rng(seed);
//   std::optional<AcquisitionPoint> next =
//       MaximizeLogEi(believer, best, transform, region, anchors, is_taken,
//                     rng);
//
// Pure apart from the generator and the callback; safe from any thread with
// its own generator.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "tuner/gp/input_transform.h"
#include "tuner/gp/kriging_believer.h"
#include "tuner/gp/trust_region.h"
#include "tuner/rng/split_mix64.h"

namespace tune::gp {

inline constexpr int kMaxCandidates = 2048;
inline constexpr int kMinCandidates = 256;
inline constexpr int kMaxAnchors = 5;
inline constexpr int kPerturbationsPerAnchor = 32;
inline constexpr int kRefineStarts = 5;
inline constexpr int kRefineIterations = 30;
inline constexpr int kRefineRounds = 3;

struct AcquisitionPoint {
  std::vector<double> point;  // canonical, in the unit cube
  double log_ei = 0;
  double mean = 0;      // posterior mean of the GP's target
  double variance = 0;  // posterior variance of the GP's target
};

// The point with the largest log EI (minimization, incumbent `best`, in the
// model's target units) that is not taken; see the file comment.
std::optional<AcquisitionPoint> MaximizeLogEi(
    const KrigingBeliever& model, double best, const InputTransform& transform,
    const TrustRegion& region, const std::vector<std::vector<double>>& anchors,
    const std::function<bool(const std::vector<double>&)>& is_taken,
    rng::SplitMix64& rng);

}  // namespace tune::gp
