#include "tuner/designers/model_slices.h"

#include <cmath>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "tuner/designers/gp_designer.h"
#include "tuner/space/scaling.h"

namespace tune::designers {
namespace {

// The values a slice visits along `range`.
std::vector<space::ParameterValue> SliceValues(const spec::ParameterRange& range,
                                               int points) {
  std::vector<space::ParameterValue> values;
  if (range.type == spec::ParameterType::kCategorical) {
    for (const std::string& value : range.values) values.emplace_back(value);
    return values;
  }
  for (int k = 0; k < points; ++k) {
    space::ParameterValue value =
        space::FromUnit(range, static_cast<double>(k) / (points - 1));
    // An Integer range repeats values where it has fewer than `points`.
    if (!values.empty() && values.back() == value) continue;
    values.push_back(std::move(value));
  }
  return values;
}

double Variance(const std::vector<double>& xs) {
  if (xs.size() < 2) return 0;
  double mean = 0;
  for (double x : xs) mean += x;
  mean /= static_cast<double>(xs.size());
  double sum = 0;
  for (double x : xs) sum += (x - mean) * (x - mean);
  return sum / static_cast<double>(xs.size());
}

}  // namespace

absl::StatusOr<ModelSlices> ComputeModelSlices(
    const std::vector<spec::ParameterRange>& ranges,
    spec::ObjectiveType objective, const std::vector<CompletedTrial>& trials,
    uint64_t seed, int points_per_slice) {
  if (points_per_slice < 2 || points_per_slice > 1000) {
    return absl::InvalidArgumentError(absl::StrCat(
        "points per slice must be 2 to 1000, got ", points_per_slice));
  }
  GpDesigner designer(ranges, objective, seed);
  designer.Update(trials, {});
  const gp::BayesianOptimizer& model = designer.model();
  if (!model.has_model()) {
    return absl::FailedPreconditionError(
        designer.model_status().ok()
            ? absl::StrCat("no model yet: it needs ",
                           gp::BayesianOptimizer::kMinObservations,
                           " completed trials with an objective")
            : absl::StrCat("no model: ", designer.model_status().message()));
  }
  // The model minimizes; objectives to maximize were negated.
  const double sign = objective == spec::ObjectiveType::kMaximize ? -1 : 1;

  ModelSlices view;
  std::vector<double> anchor_unit;
  std::vector<int> observed;  // indices of the trials with a value
  std::vector<std::vector<double>> observed_units;
  for (size_t i = 0; i < trials.size(); ++i) {
    const auto& value = trials[i].objective;
    if (!value.has_value() || !std::isfinite(*value)) continue;
    absl::StatusOr<std::vector<double>> unit =
        space::ToUnitPoint(ranges, trials[i].parameters);
    if (!unit.ok()) continue;
    observed.push_back(static_cast<int>(i));
    observed_units.push_back(*unit);
    if (view.anchor_index < 0 || sign * *value < sign * view.anchor_objective) {
      view.anchor_index = static_cast<int>(i);
      view.anchor_objective = *value;
      anchor_unit = *std::move(unit);
    }
  }
  if (view.anchor_index < 0) {
    return absl::FailedPreconditionError("no trial with an objective fits the ranges");
  }
  const std::vector<gp::Prediction> at_trials = model.Predict(observed_units);
  for (size_t k = 0; k < at_trials.size(); ++k) {
    if (view.best_by_model_index < 0 ||
        at_trials[k].mean < sign * view.best_by_model_mean) {
      view.best_by_model_index = observed[k];
      view.best_by_model_mean = sign * at_trials[k].mean;
    }
  }
  if (view.best_by_model_index >= 0) {
    view.best_by_model =
        trials[static_cast<size_t>(view.best_by_model_index)].parameters;
  }
  view.anchor = trials[static_cast<size_t>(view.anchor_index)].parameters;
  view.lengthscales = model.diagnostics().lengthscales;
  view.model_points = model.diagnostics().model_points;

  std::vector<double> variances;
  double total = 0;
  for (size_t r = 0; r < ranges.size(); ++r) {
    SliceCurve slice;
    slice.name = ranges[r].name;
    slice.x = SliceValues(ranges[r], points_per_slice);
    std::vector<std::vector<double>> units;
    for (const space::ParameterValue& x : slice.x) {
      std::vector<double> unit = anchor_unit;
      unit[r] = space::ToUnit(ranges[r], x);
      units.push_back(std::move(unit));
    }
    for (const gp::Prediction& p : model.Predict(units)) {
      slice.mean.push_back(sign * p.mean);
      slice.lower.push_back(sign > 0 ? p.lower : -p.upper);
      slice.upper.push_back(sign > 0 ? p.upper : -p.lower);
    }
    const double variance = Variance(slice.mean);
    variances.push_back(std::isfinite(variance) ? variance : 0.0);
    total += variances.back();
    view.slices.push_back(std::move(slice));
  }
  for (size_t r = 0; r < view.slices.size(); ++r) {
    view.slices[r].importance =
        total > 0 ? variances[r] / total
                  : 1.0 / static_cast<double>(view.slices.size());
  }
  return view;
}

}  // namespace tune::designers
