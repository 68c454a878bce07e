// What the GP believes about a job, for people: for each hyperparameter,
// the posterior along a slice through the best trial (the others held at
// its values), and how much each hyperparameter moves the prediction.
// Pure: the same ranges, trials and seed give the same numbers.
//
//   absl::StatusOr<ModelSlices> view =
//       ComputeModelSlices(spec.ranges, spec.objective_type, trials, seed);
//   for (const SliceCurve& s : view->slices) Draw(s.name, s.x, s.mean, ...);
//
// The model is the Bayesian designer's (GpDesigner, fitted on completed
// trials only), so the view shows what chose the trials. The best trial by
// the model is the completed one with the best posterior mean: with noisy
// objectives, the best observed value is often a lucky draw. Importance is the
// share of the mean's variance along each slice: a variance decomposition
// of the posterior mean restricted to the slices through the best point
// (cheap, and readable beside the curves it summarises); the fitted
// lengthscales are returned too.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tuner/designers/designer.h"
#include "tuner/space/parameter_value.h"
#include "tuner/spec/job_spec.h"

namespace tune::designers {

struct SliceCurve {
  std::string name;  // the range's
  // Along the slice, in the range's own values: evenly spaced in its
  // scaling for numeric ranges (each integer once where there are few),
  // each category once for categorical ones.
  std::vector<space::ParameterValue> x;
  // The prediction in objective units at each x: the posterior median and
  // a +-2 standard deviation band (lower <= mean <= upper).
  std::vector<double> mean;
  std::vector<double> lower;
  std::vector<double> upper;
  double importance = 0;  // in [0, 1]; the slices' importances sum to 1
};

struct ModelSlices {
  space::Parameters anchor;  // the best completed trial's values
  int anchor_index = -1;     // its index in the trials given
  double anchor_objective = 0;
  // What a user should deploy when objectives are noisy: the completed
  // trial whose posterior mean is best (the model's estimate of its true
  // value, noise averaged out by its neighbours), and that estimate.
  space::Parameters best_by_model;
  int best_by_model_index = -1;  // in the trials given
  double best_by_model_mean = 0;
  std::vector<SliceCurve> slices;  // one per range, in spec order
  std::vector<double> lengthscales;  // fitted, in the unit cube, per range
  int model_points = 0;
};

inline constexpr int kDefaultSlicePoints = 41;

// FailedPrecondition when the model cannot be built (fewer than
// gp::BayesianOptimizer::kMinObservations trials with an objective, or a
// failed fit, named); InvalidArgument when points_per_slice is not 2..1000.
absl::StatusOr<ModelSlices> ComputeModelSlices(
    const std::vector<spec::ParameterRange>& ranges,
    spec::ObjectiveType objective, const std::vector<CompletedTrial>& trials,
    uint64_t seed, int points_per_slice = kDefaultSlicePoints);

}  // namespace tune::designers
