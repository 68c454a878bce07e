#include "tuner/dashboard/model_json.h"

#include <cmath>
#include <string>
#include <variant>

#include "tuner/dashboard/json_views.h"
#include "tuner/scheduler/parameters_json.h"

namespace tune::dashboard {
namespace {

using nlohmann::json;

json ValueJson(const space::ParameterValue& value) {
  return std::visit([](const auto& v) { return json(v); }, value);
}

json ParametersJson(const space::Parameters& parameters) {
  return json::parse(scheduler::ParametersToJson(parameters));
}

const char* ScaleName(const spec::ParameterRange& range) {
  if (range.type == spec::ParameterType::kCategorical) return "categorical";
  return range.scaling == spec::Scaling::kLogarithmic ? "log" : "linear";
}

// JSON has no NaN or infinity; a band that is not finite is drawn as none.
json Finite(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

}  // namespace

json ModelJson(const designers::ModelSlices& model, const spec::JobSpec& spec,
               const std::vector<storage::TrialRecord>& trials) {
  json slices = json::array();
  for (size_t i = 0; i < model.slices.size(); ++i) {
    const designers::SliceCurve& slice = model.slices[i];
    json x = json::array(), mean = json::array(), lower = json::array(),
         upper = json::array();
    for (size_t k = 0; k < slice.x.size(); ++k) {
      x.push_back(ValueJson(slice.x[k]));
      mean.push_back(Finite(slice.mean[k]));
      lower.push_back(Finite(slice.lower[k]));
      upper.push_back(Finite(slice.upper[k]));
    }
    slices.push_back(
        {{"name", slice.name},
         {"scale", i < spec.ranges.size() ? ScaleName(spec.ranges[i]) : "linear"},
         {"x", std::move(x)},
         {"mean", std::move(mean)},
         {"lower", std::move(lower)},
         {"upper", std::move(upper)},
         {"importance", slice.importance},
         {"lengthscale", i < model.lengthscales.size()
                             ? Finite(model.lengthscales[i])
                             : json(nullptr)}});
  }
  const json best_parameters = ParametersJson(model.best_by_model);
  json best_by_model = {{"id", nullptr},
                        {"parameters", best_parameters},
                        {"predicted", Finite(model.best_by_model_mean)},
                        {"objective", nullptr}};
  json observed = json::array();
  for (const storage::TrialRecord& trial : trials) {
    if (!trial.objective || !std::isfinite(*trial.objective)) continue;
    json parameters = json::parse(trial.parameters_json, nullptr, false);
    if (!parameters.is_object()) continue;
    // The model's best may be a stopped trial; the points drawn are the
    // completed ones.
    if (best_by_model["id"].is_null() && parameters == best_parameters) {
      best_by_model["id"] = trial.trial_id;
      best_by_model["objective"] = *trial.objective;
    }
    if (trial.state != storage::TrialState::kCompleted) continue;
    observed.push_back({{"id", trial.trial_id},
                        {"objective", *trial.objective},
                        {"parameters", std::move(parameters)},
                        {"source", TrialSource(trial)}});
  }
  return json{
      {"job", spec.name},
      {"objective_metric", spec.objective_metric_name},
      {"minimize", spec.objective_type == spec::ObjectiveType::kMinimize},
      {"model_points", model.model_points},
      {"anchor",
       {{"parameters", ParametersJson(model.anchor)},
        {"objective", model.anchor_objective}}},
      {"best_by_model", std::move(best_by_model)},
      {"slices", std::move(slices)},
      {"observed", std::move(observed)}};
}

}  // namespace tune::dashboard
